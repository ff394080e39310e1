package io.recallgate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestTargetTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/",
                "/health/live",
                "/v1/recall-decisions/0193a7c2-0000-7000-8000-000000000000",
                "/v1/holds?conversationId=c-1",
                "/v1/holds?conversationId=c%2F1&x=%E5%8D%A1+%F0%9F%98%80",
                "/v1/recall-decisions/d%00", // well-formed: the Id schema refuses the NUL, naming the field
                "/v1/holds?",
                "/v1/holds?a&&b=",
                "/v1/x#fragment%zz-is-not-checked"
            })
    void wellFormedTargetsPass(String uri) {
        assertNull(RequestTarget.check(uri));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "/v1/recall-decisions/%zz|/path|" + RequestTarget.BAD_ESCAPE,
                "/v1/recall-decisions/%4|/path|" + RequestTarget.BAD_ESCAPE,
                "/v1/recall-decisions/%|/path|" + RequestTarget.BAD_ESCAPE,
                "/v1/x%2|/path|" + RequestTarget.BAD_ESCAPE,
                "/v1/holds?conversationId=%zz|/query|" + RequestTarget.BAD_ESCAPE,
                "/v1/holds?conversationId=%|/query|" + RequestTarget.BAD_ESCAPE,
                "/v1/holds?%g0=x|/query|" + RequestTarget.BAD_ESCAPE,
                "/v1/holds?conversationId=c%ff|/query|" + RequestTarget.NOT_UTF8,
                "/v1/holds/h%ed%a0%80/release|/path|" + RequestTarget.NOT_UTF8,
                "/v1/holds/%c0%af|/path|" + RequestTarget.NOT_UTF8,
                "/v1/holds/%e5%8d|/path|" + RequestTarget.NOT_UTF8,
                "/v1/holds?a=%e5%8d&b=%a1|/query|" + RequestTarget.NOT_UTF8,
                "/v1/h\u00e9lds|/path|" + RequestTarget.NOT_ASCII,
                "/v1/holds?c=a\u0001b|/query|" + RequestTarget.NOT_ASCII,
            })
    void malformedTargetsNameWhere(String uri, String pointer, String detail) {
        assertEquals(new RequestTarget.Problem(pointer, detail), RequestTarget.check(uri));
    }

    @ParameterizedTest
    @ValueSource(strings = {""})
    void anEmptyTargetIsRefused(String uri) {
        assertEquals("/path", RequestTarget.check(uri).pointer());
    }
}
