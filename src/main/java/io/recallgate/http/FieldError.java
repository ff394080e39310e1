package io.recallgate.http;

/** One bad field of a request: an RFC 6901 JSON pointer into the body and what is wrong with it. */
public record FieldError(String pointer, String detail) {
}
