package io.recallgate.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Checks a request target (the URI of the request line) before anything decodes it. Vert.x
 * decodes {@code %zz} with an exception (a 500 from deep inside the router) and a percent-escaped
 * byte sequence that is not UTF-8 into U+FFFD, so two different ids in a URL would become one.
 * A target passes when it has only visible ASCII characters, every {@code %} is followed by two
 * hex digits, and every path segment and query name or value decodes to valid UTF-8.
 */
final class RequestTarget {

    /** What is wrong, for the problem's {@code errors}: {@code /path} or {@code /query}. */
    record Problem(String pointer, String detail) {}

    static final String NOT_ASCII = "must be visible ASCII; percent-encode everything else as UTF-8";
    static final String BAD_ESCAPE = "has a '%' that is not followed by two hex digits";
    static final String NOT_UTF8 = "has percent-escapes that do not decode to UTF-8";

    private RequestTarget() {}

    /** Null when {@code uri} is well-formed, else the first problem found. */
    static Problem check(String uri) {
        if (uri == null || uri.isEmpty()) {
            return new Problem("/path", "is missing");
        }
        int q = uri.indexOf('?');
        int end = uri.indexOf('#');
        if (end < 0) {
            end = uri.length();
        }
        String path = uri.substring(0, q < 0 ? end : Math.min(q, end));
        String query = q < 0 || q > end ? "" : uri.substring(q + 1, end);
        String detail = components(path, '/');
        if (detail != null) {
            return new Problem("/path", detail);
        }
        detail = components(query, '&');
        return detail == null ? null : new Problem("/query", detail);
    }

    /** Checks each component between separators ({@code =} also separates in a query). */
    private static String components(String s, char separator) {
        int start = 0;
        for (int i = 0; i <= s.length(); i++) {
            if (i == s.length() || s.charAt(i) == separator || (separator == '&' && s.charAt(i) == '=')) {
                String detail = component(s, start, i);
                if (detail != null) {
                    return detail;
                }
                start = i + 1;
            }
        }
        return null;
    }

    private static String component(String s, int from, int to) {
        byte[] bytes = null;
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return NOT_ASCII;
            }
            if (c == '%') {
                if (i + 2 >= to) {
                    return BAD_ESCAPE;
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return BAD_ESCAPE;
                }
                if (bytes == null) {
                    bytes = new byte[to - from];
                }
                bytes[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else if (bytes != null) {
                bytes[n++] = (byte) c;
            }
        }
        if (bytes == null) {
            return null; // plain ASCII
        }
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, n));
            return null;
        } catch (CharacterCodingException e) {
            return NOT_UTF8;
        }
    }
}
