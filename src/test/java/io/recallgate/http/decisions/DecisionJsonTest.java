package io.recallgate.http.decisions;

import static io.recallgate.http.contract.Fixtures.PARSER;
import static io.recallgate.http.contract.Fixtures.fullRequest;
import static io.recallgate.http.contract.Fixtures.minimalRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recallgate.model.Decision;
import io.recallgate.model.Mode;
import io.recallgate.model.Outcome;
import io.recallgate.model.Reason;
import io.recallgate.model.RecallRequest;
import io.recallgate.model.SensitiveFinding;
import io.recallgate.model.SensitiveType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionJsonTest {

    private static final Instant AT = Instant.parse("2026-11-24T08:01:00Z");

    private static Decision redact() {
        return new Decision(
                "0193a7c2-0000-7000-8000-000000000001",
                Mode.ENFORCE,
                Outcome.REDACT,
                List.of(
                        new Reason("DISPUTE_FROZEN", "dispute: frozen", "会话处于争议冻结中"),
                        new Reason("SENSITIVE_REDACTED", "ecommerce: sensitive data is masked, not recalled", "已屏蔽")),
                List.of(
                        new SensitiveFinding(SensitiveType.BANK_CARD, 7, 30),
                        new SensitiveFinding(SensitiveType.EMAIL, 31, 40)),
                "我的银行卡号 **** **** **** ***6 789 发错了",
                null,
                "sha256:3f1c",
                AT);
    }

    private static Decision allow() {
        return new Decision(
                "d-2",
                Mode.PREVIEW,
                Outcome.ALLOW,
                List.of(new Reason("WITHIN_WINDOW", "general: recall window", "Within two minutes.")),
                List.of(),
                null,
                Instant.parse("2026-11-24T08:02:00Z"),
                "sha256:abcd",
                Instant.parse("2026-11-24T08:01:00.123Z"));
    }

    @Test
    void theAnswerWrittenInOnePassHasTheBytesOfTheJsonObject() {
        Decision odd = new Decision(
                "d-3",
                Mode.ENFORCE,
                Outcome.REDACT,
                List.of(new Reason("X", "rule \"quoted\" \\ and \u0001 and \u2028", "line\nbreak 😀 é")),
                List.of(new SensitiveFinding(SensitiveType.CN_MOBILE, 0, 11)),
                null, // redact without masked text: the field is left out
                null,
                "sha256:abcd",
                AT);
        Decision twoReasons = new Decision(
                "d-4",
                Mode.PREVIEW,
                Outcome.DENY,
                List.of(odd.reasons().get(0), new Reason("Y", "r", "第二个理由")),
                List.of(),
                null,
                null,
                "sha256:abcd",
                AT);
        // twice: the second time each reason's JSON comes from the cache
        for (int round = 0; round < 2; round++) {
            for (Decision d : List.of(redact(), allow(), odd, twoReasons)) {
                assertEquals(DecisionJson.toJson(d).toBuffer(), DecisionJson.toBuffer(d), d.toString());
            }
        }
        assertEquals(
                new JsonObject()
                        .put(
                                "decisions",
                                new io.vertx.core.json.JsonArray()
                                        .add(DecisionJson.toJson(redact()))
                                        .add(DecisionJson.toJson(allow())))
                        .toBuffer(),
                DecisionJson.batchToBuffer(List.of(redact(), allow())));
    }

    @Test
    void redactDecisionHasTheDocumentedShape() {
        JsonObject expected = new JsonObject()
                .put("decisionId", "0193a7c2-0000-7000-8000-000000000001")
                .put("mode", "enforce")
                .put("outcome", "redact")
                .put(
                        "reasons",
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("code", "DISPUTE_FROZEN")
                                        .put("rule", "dispute: frozen")
                                        .put("message", "会话处于争议冻结中"))
                                .add(new JsonObject()
                                        .put("code", "SENSITIVE_REDACTED")
                                        .put("rule", "ecommerce: sensitive data is masked, not recalled")
                                        .put("message", "已屏蔽")))
                .put(
                        "sensitive",
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("type", "bank_card")
                                        .put("start", 7)
                                        .put("end", 30))
                                .add(new JsonObject()
                                        .put("type", "email")
                                        .put("start", 31)
                                        .put("end", 40)))
                .put("maskedText", "我的银行卡号 **** **** **** ***6 789 发错了")
                .put("allowedUntil", null)
                .put("policyVersion", "sha256:3f1c")
                .put("evaluatedAt", "2026-11-24T08:01:00Z");
        JsonObject actual = DecisionJson.toJson(redact());
        assertEquals(expected, actual);
        assertEquals(expected.fieldNames(), actual.fieldNames());
        assertTrue(actual.containsKey("allowedUntil"), "allowedUntil is present, as null");
    }

    @Test
    void allowDecisionCarriesAllowedUntilAndNoMaskedText() {
        JsonObject json = DecisionJson.toJson(allow());
        assertEquals("2026-11-24T08:02:00Z", json.getString("allowedUntil"));
        assertEquals("2026-11-24T08:01:00.123Z", json.getString("evaluatedAt"));
        assertEquals("preview", json.getString("mode"));
        assertEquals("allow", json.getString("outcome"));
        assertEquals(new JsonArray(), json.getJsonArray("sensitive"));
        assertFalse(json.containsKey("maskedText"));
    }

    @Test
    void maskedTextIsOnlyShownForRedact() {
        Decision deny = new Decision(
                "d-3",
                Mode.ENFORCE,
                Outcome.DENY,
                List.of(new Reason("KEY_RECORD", "general: key records stay", "…")),
                List.of(new SensitiveFinding(SensitiveType.CN_MOBILE, 0, 11)),
                "***********",
                null,
                "v",
                AT);
        assertFalse(DecisionJson.toJson(deny).containsKey("maskedText"));
    }

    @Test
    void roundTrips() {
        for (Decision d : List.of(redact(), allow())) {
            assertEquals(d, DecisionJsonReading.fromJson(DecisionJson.toJson(d)));
            assertEquals(
                    d,
                    DecisionJsonReading.fromJson(
                            new JsonObject(DecisionJson.toJson(d).encode())),
                    "through text");
        }
    }

    @Test
    void fromJsonReadsStoredDecisionsWithExtraFieldsAndOffsets() {
        JsonObject stored = DecisionJson.toJson(allow())
                .put("tenant", "t1")
                .put("seq", 9)
                .put("hash", "h")
                .put("evaluatedAt", "2026-11-24T16:01:00.123+08:00");
        assertEquals(allow(), DecisionJsonReading.fromJson(stored));
    }

    @Test
    void requestToJsonParsesBackToTheSameRequest() {
        Instant now = Instant.parse("2026-11-24T09:00:00Z");
        for (JsonObject body : List.of(fullRequest(), minimalRequest())) {
            RecallRequest r = PARSER.parse(body, now).value();
            JsonObject json = DecisionJsonReading.requestToJson(r);
            assertEquals(r, PARSER.parse(json, now.plusSeconds(3600)).value());
        }
        JsonObject minimal = DecisionJsonReading.requestToJson(
                PARSER.parse(minimalRequest(), now).value());
        assertEquals("2026-11-24T09:00:00Z", minimal.getString("at"));
        assertFalse(minimal.getJsonObject("message").containsKey("text"));
        assertNull(minimal.getJsonObject("message").getValue("repliedAt"));
        assertFalse(minimal.containsKey("requestId"));
    }
}
