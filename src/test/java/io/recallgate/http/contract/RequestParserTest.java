package io.recallgate.http.contract;

import static io.recallgate.http.contract.Fixtures.PARSER;
import static io.recallgate.http.contract.Fixtures.REMOVE;
import static io.recallgate.http.contract.Fixtures.fullRequest;
import static io.recallgate.http.contract.Fixtures.minimalRequest;
import static io.recallgate.http.contract.Fixtures.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recallgate.model.MessageKind;
import io.recallgate.model.Mode;
import io.recallgate.model.RecallRequest;
import io.recallgate.model.Role;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestParserTest {

    private static final Instant NOW = Instant.parse("2026-11-24T09:00:00Z");

    private static RecallRequest ok(JsonObject body) {
        ParseResult<RecallRequest> r = PARSER.parse(body, NOW);
        assertTrue(r.ok(), () -> "expected valid, got " + r.errors());
        assertEquals(List.of(), r.errors());
        return r.value();
    }

    private static List<FieldError> errors(JsonObject body) {
        ParseResult<RecallRequest> r = PARSER.parse(body, NOW);
        assertFalse(r.ok(), "expected errors");
        assertThrows(IllegalStateException.class, r::value);
        return r.errors();
    }

    private static List<FieldError> one(String pointer, String detail) {
        return List.of(new FieldError(pointer, detail));
    }

    @Test
    void fullRequestMapsEveryField() {
        RecallRequest r = ok(fullRequest());
        assertEquals("r-1", r.requestId());
        assertEquals(Mode.PREVIEW, r.mode());
        assertEquals("after_sales", r.scenario());
        assertEquals("c-1001", r.conversationId());
        assertEquals("m-17", r.message().id());
        assertEquals("u-42", r.message().senderId());
        assertEquals(Role.CUSTOMER, r.message().senderRole());
        assertEquals(MessageKind.IMAGE, r.message().kind());
        assertEquals("我的银行卡号 6222 0210 0112 3456 789 发错了", r.message().text());
        assertEquals(Instant.parse("2026-11-24T08:00:00Z"), r.message().sentAt());
        assertEquals(Instant.parse("2026-11-24T08:00:30Z"), r.message().repliedAt());
        assertTrue(r.message().latest());
        assertEquals(List.of("refund", "order_details"), r.message().tags());
        assertEquals("u-42", r.requester().id());
        assertEquals(Role.CUSTOMER, r.requester().role());
        assertEquals(Instant.parse("2026-11-24T08:01:00Z"), r.at());
    }

    @Test
    void defaultsAreFilledIn() {
        RecallRequest r = ok(minimalRequest());
        assertNull(r.requestId());
        assertEquals(Mode.ENFORCE, r.mode());
        assertEquals(MessageKind.TEXT, r.message().kind());
        assertNull(r.message().text());
        assertNull(r.message().repliedAt());
        assertFalse(r.message().latest());
        assertEquals(List.of(), r.message().tags());
        assertEquals(NOW, r.at(), "absent at means the supplied clock");
        assertEquals(Role.AGENT, r.requester().role());
    }

    @Test
    void rawBufferParsesLikeJsonObject() {
        ParseResult<RecallRequest> r = PARSER.parse(fullRequest().toBuffer(), NOW);
        assertEquals(ok(fullRequest()), r.value());
    }

    @Test
    void nullRepliedAtMeansNoReply() {
        assertNull(ok(with(fullRequest(), "/message/repliedAt", null)).message().repliedAt());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/scenario",
                "/conversationId",
                "/message",
                "/requester",
                "/message/id",
                "/message/senderId",
                "/message/senderRole",
                "/message/sentAt",
                "/requester/id",
                "/requester/role"
            })
    void missingRequiredFieldIsNamedByItsOwnPointer(String pointer) {
        assertEquals(one(pointer, "is required"), errors(with(fullRequest(), pointer, REMOVE)));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "/conversationId    | 5     | must be a string",
                "/message/latest    | \"yes\" | must be true or false or null",
                "/message/tags      | \"a\"   | must be an array or null",
                "/message           | \"x\"   | must be an object",
                "/requester         | 1     | must be an object",
                "/message/repliedAt | 7     | must be a string or null",
                "/message/text      | true  | must be a string or null",
            })
    void wrongTypeIsReported(String pointer, String json, String detail) {
        Object value = new JsonArray("[" + json + "]").getValue(0);
        assertEquals(one(pointer, detail), errors(with(fullRequest(), pointer, value)));
    }

    @Test
    void nullIsAWrongTypeWhereTheSchemaDoesNotAllowIt() {
        assertEquals(one("/at", "must be a string"), errors(with(fullRequest(), "/at", null)));
        assertEquals(one("/message/kind", "must be a string"), errors(with(fullRequest(), "/message/kind", null)));
    }

    @Test
    void optionalFieldsMayBeNull() {
        JsonObject body = fullRequest();
        for (String pointer :
                List.of("/requestId", "/message/text", "/message/latest", "/message/tags", "/message/repliedAt")) {
            body = with(body, pointer, null);
        }
        ParseResult<RecallRequest> r = PARSER.parse(body, NOW);
        assertTrue(r.ok(), r.errors().toString());
        assertEquals(null, r.value().message().text());
        assertEquals(false, r.value().message().latest());
        assertEquals(List.of(), r.value().message().tags());
        assertEquals(null, r.value().requestId());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "/message/senderRole | boss     | must be one of customer, agent, bot, supervisor",
                "/requester/role     | Customer | must be one of customer, agent, bot, supervisor",
                "/mode               | ENFORCE  | must be one of enforce, preview",
                "/message/kind       | video    | must be one of text, image, file, voice, other",
            })
    void badEnumListsTheAllowedValues(String pointer, String value, String detail) {
        assertEquals(one(pointer, detail), errors(with(fullRequest(), pointer, value)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/conversationId", "/message/id", "/message/senderId", "/requester/id", "/requestId"})
    void idsAreLimitedTo128Characters(String pointer) {
        ok(with(fullRequest(), pointer, "x".repeat(128)));
        assertEquals(
                one(pointer, "must be at most 128 characters"), errors(with(fullRequest(), pointer, "x".repeat(129))));
    }

    @Test
    void lengthsCountCharactersNotUtf16Units() {
        String emoji = "\uD83D\uDE00"; // one character, two UTF-16 units
        ok(with(fullRequest(), "/conversationId", emoji.repeat(128)));
        assertEquals(
                one("/conversationId", "must be at most 128 characters"),
                errors(with(fullRequest(), "/conversationId", emoji.repeat(129))));
    }

    /** An empty requestId too: every request that sent it would be one request, answered its first decision forever. */
    @ParameterizedTest
    @ValueSource(strings = {"/conversationId", "/message/id", "/message/senderId", "/requester/id", "/requestId"})
    void idsMustNotBeEmpty(String pointer) {
        assertEquals(one(pointer, "must not be empty"), errors(with(fullRequest(), pointer, "")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"After_Sales", "", "after-sales", "售后", "after sales", "after_sales\n"})
    void scenarioMustBeLowercaseSnake(String scenario) {
        assertEquals(
                one("/scenario", "must be 1 to 64 lowercase letters, digits or underscores"),
                errors(with(fullRequest(), "/scenario", scenario)));
    }

    @Test
    void scenarioLengthLimitIs64() {
        assertEquals(
                "a".repeat(64),
                ok(with(fullRequest(), "/scenario", "a".repeat(64))).scenario());
        assertEquals(
                "custom_2", ok(with(fullRequest(), "/scenario", "custom_2")).scenario());
        assertEquals(
                one("/scenario", "must be 1 to 64 lowercase letters, digits or underscores"),
                errors(with(fullRequest(), "/scenario", "a".repeat(65))));
    }

    @Test
    void atMost32Tags() {
        JsonArray tags = new JsonArray();
        for (int i = 0; i < 32; i++) {
            tags.add("t" + i);
        }
        assertEquals(
                32,
                ok(with(fullRequest(), "/message/tags", tags.copy()))
                        .message()
                        .tags()
                        .size());
        assertEquals(
                one("/message/tags", "must contain at most 32 items"),
                errors(with(fullRequest(), "/message/tags", tags.add("t32"))));
    }

    @Test
    void badTagIsNamedByItsIndex() {
        JsonArray tags = new JsonArray().add("ok").add("fine_2").add("Not-OK").add("x".repeat(65));
        assertEquals(
                List.of(
                        new FieldError("/message/tags/2", "must be 1 to 64 lowercase letters, digits or underscores"),
                        new FieldError("/message/tags/3", "must be 1 to 64 lowercase letters, digits or underscores")),
                errors(with(fullRequest(), "/message/tags", tags)));
        assertEquals(
                one("/message/tags/0", "must be a string"),
                errors(with(fullRequest(), "/message/tags", new JsonArray().add(1))));
    }

    @Test
    void textIsLimitedTo65536Characters() {
        assertEquals(
                65536,
                ok(with(fullRequest(), "/message/text", "字".repeat(65536)))
                        .message()
                        .text()
                        .length());
        assertEquals(
                one("/message/text", "must be at most 65536 characters"),
                errors(with(fullRequest(), "/message/text", "字".repeat(65537))));
    }

    @Test
    void unknownFieldsAreRejectedAtEveryLevelWithoutEchoingTheirNames() {
        assertEquals(one("", unknownIn("RecallDecisionRequest")), errors(with(fullRequest(), "/foo", 1)));
        assertEquals(one("/message", unknownIn("Message")), errors(with(fullRequest(), "/message/textt", "x")));
        assertEquals(one("/requester", unknownIn("Requester")), errors(with(fullRequest(), "/requester/tenant", "t")));
        assertEquals(one("/message", unknownIn("Message")), errors(bodyWithOddMessageField()));
        // API.md: an error response never echoes the body; the names the contract knows are listed instead
        assertTrue(unknownIn("Message").contains("senderId"), unknownIn("Message"));
        assertFalse(errors(with(fullRequest(), "/message/6222021001123456789", "x"))
                .toString()
                .contains("6222"));
    }

    private static String unknownIn(String schema) {
        JsonObject props = io.recallgate.http.contract.OpenApiDocument.load()
                .json()
                .getJsonObject("components")
                .getJsonObject("schemas")
                .getJsonObject(schema)
                .getJsonObject("properties");
        return "has a field that is not in the contract (known: " + String.join(", ", props.fieldNames()) + ")";
    }

    private static JsonObject bodyWithOddMessageField() {
        JsonObject body = fullRequest();
        body.getJsonObject("message").put("a/b~c", "x");
        return body;
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-11-24 08:00:00Z",
                "2026-11-24T08:00Z",
                "2026-02-30T08:00:00Z",
                "2026-11-24T08:00:00",
                "2026-11-24T24:00:00Z",
                "2026-11-24T08:00:00+0800",
                "2026-11-24T08:00:00.Z",
                "yesterday",
                "1732435200",
                "2026-11-24T08:00:00+08:00:00",
                "2026-11-24",
                "+2026-11-24T08:00:00Z"
            })
    void timestampsMustBeRfc3339(String bad) {
        String detail = "must be an RFC 3339 date-time";
        assertEquals(one("/message/sentAt", detail), errors(with(fullRequest(), "/message/sentAt", bad)));
        assertEquals(one("/message/repliedAt", detail), errors(with(fullRequest(), "/message/repliedAt", bad)));
        assertEquals(one("/at", detail), errors(with(fullRequest(), "/at", bad)));
    }

    @ParameterizedTest
    @CsvSource({
        "2026-11-24T08:00:00Z,                   2026-11-24T08:00:00Z",
        "2026-11-24t08:00:00z,                   2026-11-24T08:00:00Z",
        "2026-11-24T16:00:00+08:00,              2026-11-24T08:00:00Z",
        "2026-11-24T03:30:00-04:30,              2026-11-24T08:00:00Z",
        "2026-11-24T08:00:00.123456789Z,         2026-11-24T08:00:00.123456789Z",
        "2026-11-24T08:00:00.5-00:00,            2026-11-24T08:00:00.5Z",
        "2026-11-24T07:59:60Z,                   2026-11-24T08:00:00Z",
    })
    void rfc3339VariantsAreUnderstood(String text, String expected) {
        RecallRequest r = ok(with(with(fullRequest(), "/message/sentAt", text), "/message/repliedAt", null));
        assertEquals(Instant.parse(expected), r.message().sentAt());
    }

    @Test
    void sentAtUpToFiveMinutesAfterAtIsClockSkew() {
        JsonObject body = with(with(fullRequest(), "/at", "2026-11-24T08:00:00Z"), "/message/repliedAt", null);
        ok(with(body.copy(), "/message/sentAt", "2026-11-24T08:05:00Z"));
        assertEquals(
                one("/message/sentAt", "must not be more than 5 minutes after at"),
                errors(with(body.copy(), "/message/sentAt", "2026-11-24T08:05:00.001Z")));
        assertEquals(
                one("/message/sentAt", "must not be more than 5 minutes after at"),
                errors(with(body.copy(), "/message/sentAt", "2026-11-24T16:05:01+08:00")));
    }

    @Test
    void withoutAtSentAtIsComparedToTheSuppliedClock() {
        JsonObject body = with(minimalRequest(), "/message/sentAt", "2026-11-24T09:05:00Z");
        assertEquals(NOW, ok(body).at());
        assertEquals(
                one("/message/sentAt", "must not be more than 5 minutes after the server clock (at is absent)"),
                errors(with(body, "/message/sentAt", "2026-11-24T09:05:01Z")));
    }

    @Test
    void repliedAtMustNotPrecedeSentAt() {
        JsonObject body = fullRequest();
        ok(with(body.copy(), "/message/repliedAt", "2026-11-24T08:00:00Z"));
        assertEquals(
                one("/message/repliedAt", "must not be before sentAt"),
                errors(with(body.copy(), "/message/repliedAt", "2026-11-24T07:59:59.999Z")));
    }

    @Test
    void everyBadFieldIsReportedAtOnceSortedByPointer() {
        JsonObject body = fullRequest();
        with(body, "/mode", "dry_run");
        with(body, "/scenario", "After");
        with(body, "/message/senderRole", "boss");
        with(body, "/message/senderId", REMOVE);
        with(body, "/message/sentAt", "2026-11-24T08:10:00Z"); // > at + 5 min
        with(body, "/message/repliedAt", "2026-11-24T08:09:00Z"); // before sentAt
        with(body, "/requester/role", REMOVE);
        with(body, "/extra", true);
        assertEquals(
                List.of(
                        new FieldError("", unknownIn("RecallDecisionRequest")),
                        new FieldError("/message/repliedAt", "must not be before sentAt"),
                        new FieldError("/message/senderId", "is required"),
                        new FieldError("/message/senderRole", "must be one of customer, agent, bot, supervisor"),
                        new FieldError("/message/sentAt", "must not be more than 5 minutes after at"),
                        new FieldError("/mode", "must be one of enforce, preview"),
                        new FieldError("/requester/role", "is required"),
                        new FieldError("/scenario", "must be 1 to 64 lowercase letters, digits or underscores")),
                errors(body));
    }

    @Test
    void crossFieldRulesSkipMalformedTimestamps() {
        JsonObject body = with(with(fullRequest(), "/at", "soon"), "/message/repliedAt", "then");
        assertEquals(
                List.of(
                        new FieldError("/at", "must be an RFC 3339 date-time"),
                        new FieldError("/message/repliedAt", "must be an RFC 3339 date-time")),
                errors(body));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "not json", "{\"scenario\": }", "{\"a\":1}}", "\u0000"})
    void invalidJsonIsOneErrorAtTheRoot(String raw) {
        ParseResult<RecallRequest> r = PARSER.parse(Buffer.buffer(raw), NOW);
        assertEquals(one("", "body is not valid JSON"), r.errors());
        assertEquals(
                one("", "body is not valid JSON"),
                PARSER.parseBatch(Buffer.buffer(raw), NOW).errors());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"text\"", "42", "null", "true"})
    void jsonThatIsNotAnObjectIsRejectedAtTheRoot(String raw) {
        assertEquals(
                one("", "must be an object"),
                PARSER.parse(Buffer.buffer(raw), NOW).errors());
    }

    @Test
    void parseResultNeverPrintsMessageText() {
        String printed = PARSER.parse(fullRequest(), NOW).toString();
        assertFalse(printed.contains("银行卡"), printed);
    }

    @Test
    void queryCountsAreDecimalWholeNumbersOfTheTreeSizeSchema() {
        io.vertx.core.MultiMap q = io.vertx.core.MultiMap.caseInsensitiveMultiMap()
                .add("from", "0")
                .add("to", "9223372036854775807");
        ParseResult<List<Long>> okay = PARSER.queryCounts(q, "from", "to");
        assertTrue(okay.ok(), () -> okay.errors().toString());
        assertEquals(List.of(0L, Long.MAX_VALUE), okay.value());
        for (String bad : List.of("-1", "+1", "1e3", "0x10", "", " 1", "9223372036854775808", "٣")) {
            ParseResult<List<Long>> r = PARSER.queryCounts(
                    io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("treeSize", bad), "treeSize");
            assertFalse(r.ok(), bad);
            assertEquals("/query/treeSize", r.errors().get(0).pointer(), bad);
        }
        ParseResult<List<Long>> missing =
                PARSER.queryCounts(io.vertx.core.MultiMap.caseInsensitiveMultiMap(), "treeSize");
        assertEquals(one("/query/treeSize", "is required"), missing.errors());
    }
}
