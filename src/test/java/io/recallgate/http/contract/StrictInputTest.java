package io.recallgate.http.contract;

import static io.recallgate.http.contract.Fixtures.PARSER;
import static io.recallgate.http.contract.Fixtures.batch;
import static io.recallgate.http.contract.Fixtures.fullRequest;
import static io.recallgate.http.contract.Fixtures.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recallgate.model.RecallRequest;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 9 §3/§4: ids are compared exactly, so NUL and unpaired surrogates are refused wherever an
 * id, tag, scenario, requestId or stored free text goes; the body must be valid UTF-8 with no
 * key given twice; and no error quotes the body.
 */
class StrictInputTest {

    private static final Instant NOW = Instant.parse("2026-11-24T09:00:00Z");
    private static final String BAD_TEXT = "must not contain NUL (U+0000) or an unpaired surrogate";

    /**
     * The body as a client sends it: every non-ASCII character as a JSON escape, so that a lone
     * surrogate reaches the service as {@code \ud800} (UTF-8 cannot carry one).
     */
    static Buffer escaped(JsonObject body) {
        String json = body.encode();
        StringBuilder out = new StringBuilder(json.length());
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c < 0x80) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return Buffer.buffer(out.toString());
    }

    private static List<FieldError> errors(JsonObject body) {
        ParseResult<RecallRequest> r = PARSER.parse(escaped(body), NOW);
        assertFalse(r.ok(), "expected errors");
        return r.errors();
    }

    private static List<FieldError> rawErrors(String body) {
        return PARSER.parse(Buffer.buffer(body), NOW).errors();
    }

    private static List<FieldError> one(String pointer, String detail) {
        return List.of(new FieldError(pointer, detail));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/requestId",
                "/conversationId",
                "/message/id",
                "/message/senderId",
                "/requester/id",
            })
    void idsWithNulOrUnpairedSurrogatesAreRefusedByName(String pointer) {
        for (String bad : List.of("c\u0000", "\u0000", "c\uD800", "\uDC00c", "\uDE00\uD83D", "a\uD83D\uD83Db")) {
            assertEquals(one(pointer, BAD_TEXT), errors(with(fullRequest(), pointer, bad)), pointer + " " + bad);
        }
        // a surrogate pair (an emoji) is one character, and fine
        RecallRequest ok = PARSER.parse(
                        Buffer.buffer(
                                with(fullRequest(), pointer, "c\uD83D\uDE00").encode()),
                        NOW)
                .value();
        assertTrue(ok.toString() != null);
    }

    @Test
    void scenarioAndTagsWithNulOrSurrogatesAreRefused() {
        assertEquals(
                one("/scenario", "must be 1 to 64 lowercase letters, digits or underscores"),
                errors(with(fullRequest(), "/scenario", "after_sales\u0000")));
        assertEquals(
                one("/message/tags/1", "must be 1 to 64 lowercase letters, digits or underscores"),
                errors(with(
                        fullRequest(),
                        "/message/tags",
                        new JsonArray().add("refund").add("x\uD800"))));
    }

    @Test
    void batchItemsAreCheckedTheSameWay() {
        JsonObject bad = with(fullRequest(), "/conversationId", "c\uD800");
        ParseResult<List<RecallRequest>> r = PARSER.parseBatch(escaped(batch(fullRequest(), bad)), NOW);
        assertEquals(one("/requests/1/conversationId", BAD_TEXT), r.errors());
    }

    @Test
    void holdFieldsThatAreStoredMayNotHoldNulOrUnpairedSurrogates() {
        JsonObject hold = new JsonObject()
                .put("conversationId", "c-1")
                .put("messageIds", new JsonArray().add("m-1"))
                .put("reason", "refund dispute #88")
                .put("placedBy", "agent-7");
        assertTrue(
                PARSER.parseObject(RequestParser.HOLD_SCHEMA, hold.toBuffer()).ok());
        for (String pointer : List.of("/conversationId", "/messageIds/0", "/reason", "/placedBy")) {
            for (String bad : List.of("x\u0000", "x\uDBFF")) {
                JsonObject body = with(hold.copy(), pointer, bad);
                assertEquals(
                        one(pointer, BAD_TEXT),
                        PARSER.parseObject(RequestParser.HOLD_SCHEMA, escaped(body))
                                .errors(),
                        pointer);
            }
        }
        JsonObject release = new JsonObject().put("releasedBy", "agent-7").put("reason", "resolved");
        assertTrue(PARSER.parseObject(RequestParser.HOLD_RELEASE_SCHEMA, release.toBuffer())
                .ok());
        for (String pointer : List.of("/releasedBy", "/reason")) {
            JsonObject body = with(release.copy(), pointer, "x\u0000y");
            assertEquals(
                    one(pointer, BAD_TEXT),
                    PARSER.parseObject(RequestParser.HOLD_RELEASE_SCHEMA, escaped(body))
                            .errors());
        }
    }

    @Test
    void queryAndPathIdsAreCheckedAndNamed() {
        MultiMap q = MultiMap.caseInsensitiveMultiMap()
                .add("conversationId", "c\u0000")
                .add("messageId", "m-1");
        assertEquals(
                one("/query/conversationId", BAD_TEXT),
                PARSER.queryIds(q, "conversationId", "messageId").errors());
        MultiMap twice = MultiMap.caseInsensitiveMultiMap()
                .add("conversationId", "c-1")
                .add("conversationId", "c\uD800")
                .add("messageId", "m-1");
        assertEquals(
                one("/query/conversationId", "is given more than once"),
                PARSER.queryIds(twice, "conversationId", "messageId").errors());
        assertEquals(
                one("/path/holdId", BAD_TEXT),
                PARSER.pathId("holdId", "h\uDFFF").errors());
        assertEquals(
                one("/path/holdId", "must not be empty"),
                PARSER.pathId("holdId", "").errors());
        assertEquals("h-1", PARSER.pathId("holdId", "h-1").value());
    }

    @Test
    void messageTextKeepsNulAndReadsUnpairedSurrogatesAsReplacementCharacters() {
        String text = "a\u0000b\uD800c\uD83D\uDE00d\uDC00";
        RecallRequest r = PARSER.parse(escaped(with(fullRequest(), "/message/text", text)), NOW)
                .value();
        assertEquals("a\u0000b\uFFFDc\uD83D\uDE00d\uFFFD", r.message().text());
        assertEquals(text.length(), r.message().text().length(), "offsets are unchanged");
        assertEquals(null, MessageText.repaired(null));
        String clean = "no surrogates here";
        assertTrue(clean == MessageText.repaired(clean), "a well-formed text is not copied");
    }

    @Test
    void duplicateKeysAreRefusedNamingTheKey() {
        String body = fullRequest().encode();
        assertEquals(
                one("/scenario", JsonBodyDecoder.DUPLICATE),
                rawErrors(body.replaceFirst("\\{", "{\"scenario\":\"ecommerce\",")));
        assertEquals(
                one("/message/id", JsonBodyDecoder.DUPLICATE),
                rawErrors(body.replace("\"id\":\"m-17\"", "\"id\":\"m-17\",\"id\":\"m-18\"")));
        // in a batch item
        String batch = batch(fullRequest(), fullRequest()).encode();
        int second = batch.indexOf("\"requester\"", batch.indexOf("\"requester\"") + 1);
        String dup = batch.substring(0, second) + "\"at\":\"2026-11-24T08:00:00Z\"," + batch.substring(second);
        assertEquals(
                one("/requests/1/at", JsonBodyDecoder.DUPLICATE),
                PARSER.parseBatch(Buffer.buffer(dup), NOW).errors());
        // a key the contract does not know is not echoed: the error stops at its object
        assertEquals(
                one("/message", JsonBodyDecoder.DUPLICATE_UNKNOWN),
                rawErrors(body.replace("\"id\":\"m-17\"", "\"id\":\"m-17\",\"6222\":1,\"6222\":2")));
        assertEquals(
                one("", JsonBodyDecoder.DUPLICATE_UNKNOWN),
                rawErrors(body.replaceFirst("\\{", "{\"x\":{\"id\":1,\"id\":2},")));
    }

    @Test
    void bodiesThatAreNotUtf8AreRefused() {
        byte[] good = fullRequest().encode().getBytes(StandardCharsets.UTF_8);
        for (byte[] bad : List.of(
                new byte[] {(byte) 0xff},
                new byte[] {(byte) 0xc0, (byte) 0xaf}, // overlong '/'
                new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, // a surrogate encoded in UTF-8
                new byte[] {(byte) 0xe6, (byte) 0x88} // truncated
                )) {
            String json = fullRequest().encode();
            int at = json.indexOf("m-17") + 2;
            Buffer b = Buffer.buffer()
                    .appendBytes(json.substring(0, at).getBytes(StandardCharsets.UTF_8))
                    .appendBytes(bad)
                    .appendBytes(json.substring(at).getBytes(StandardCharsets.UTF_8));
            assertEquals(one("", JsonBodyDecoder.NOT_UTF8), PARSER.parse(b, NOW).errors());
        }
        assertTrue(PARSER.parse(Buffer.buffer(good), NOW).ok());
    }

    @Test
    void deepNestingHugeNumbersAndTrailingDataAreFourHundreds() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertEquals(one("", JsonBodyDecoder.TOO_DEEP), rawErrors(deep));
        assertEquals(one("", JsonBodyDecoder.TOO_DEEP), rawErrors("{\"a\":" + deep + "}"));
        String nested32 = "[".repeat(31) + "{}" + "]".repeat(31);
        assertEquals(one("", "must be an object"), rawErrors(nested32));
        assertEquals(
                one("/scenario", "must be a string"),
                errors(with(fullRequest(), "/scenario", new java.math.BigInteger("9".repeat(900)))));
        assertEquals(one("", JsonBodyDecoder.NOT_JSON), rawErrors("{\"scenario\":" + "9".repeat(5000) + "}"));
        assertTrue(rawErrors("{\"scenario\":1e999999}").contains(new FieldError("/scenario", "must be a string")));
        assertEquals(one("", JsonBodyDecoder.NOT_JSON), rawErrors(fullRequest().encode() + " {}"));
        assertEquals(
                one("", JsonBodyDecoder.NOT_JSON),
                rawErrors("\uFEFF" + fullRequest().encode()));
    }

    @Test
    void errorsNeverQuoteTheBody() {
        String secret = "6222021001123456789";
        for (String body : List.of(
                "{\"" + secret + "\":1}",
                "{\"scenario\": " + secret + "x}",
                "{\"scenario\": \"" + secret,
                "[" + secret + ",",
                "{\"message\":{\"" + secret + "\":[1,2]}}")) {
            assertFalse(rawErrors(body).toString().contains("6222"), body + " -> " + rawErrors(body));
        }
    }
}
