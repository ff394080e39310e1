package io.recallgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recallgate.decision.FactsJson;
import io.recallgate.model.Verdict;
import io.recallgate.policy.RuleFolder;
import io.recallgate.policy.RuleSet;
import io.recallgate.policy.RuleSetCompiler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A stored decision explains itself (issue 10, "Records"): {@code GET /v1/recall-decisions/{id}}
 * shows the facts the rules saw (the request without its text, the holds that covered the
 * message, the findings) and the rules that fired; the facts decide again to the same verdict.
 * The reasons are in the language the caller asked for, and the record keeps what they were told.
 */
class DecisionRecordIT {

    private static final String CARD_TEXT = "我的银行卡号 6222 0210 0112 3456 789 发错了";
    private static TestService service;

    @BeforeAll
    static void start() {
        service = TestService.start();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void aStoredDecisionShowsItsFactsAndTraceAndTheFactsHoldNoText() throws Exception {
        JsonObject request = Requests.recall("after_sales", CARD_TEXT, 60).put("requestId", "r-" + System.nanoTime());
        Requests.message(request).put("tags", new JsonArray().add("refund"));
        TestService.Response placed = service.post(
                "/v1/holds",
                new JsonObject()
                        .put("conversationId", request.getString("conversationId"))
                        .put("reason", "refund dispute #88")
                        .put("placedBy", "agent-7"));
        assertEquals(201, placed.status(), placed.body());
        String holdId = placed.json().getString("holdId");

        JsonObject d = decide(request, Map.of());
        assertEquals("redact", d.getString("outcome"));

        TestService.Response stored = service.get("/v1/recall-decisions/" + d.getString("decisionId"));
        assertEquals(200, stored.status(), stored.body());
        JsonObject facts = stored.json().getJsonObject("facts");
        JsonObject expected = request.copy();
        expected.remove("requestId");
        Requests.message(expected).remove("text");
        expected.put("mode", "enforce")
                .put("held", true)
                .put("holdIds", new JsonArray().add(holdId))
                .put(
                        "sensitive",
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("type", "bank_card")
                                        .put("start", 7)
                                        .put("end", 30)));
        assertEquals(expected, facts);
        assertFalse(facts.encode().contains("0112"), "no digit run of the card in the facts");
        assertFalse(facts.encode().contains("银行卡"), "no word of the text in the facts");

        String rule = "A message under dispute that holds sensitive data is masked instead of recalled";
        assertEquals(
                new JsonArray().add(new JsonObject().put("rule", rule).put("file", "20-disputes.drl")),
                stored.json().getJsonArray("trace"));
        assertEquals(
                rule, stored.json().getJsonArray("reasons").getJsonObject(0).getString("rule"));

        // the stored facts decide again, from themselves alone, as a replay under a rule set would
        RuleSet rules = new RuleSetCompiler(Clock.systemUTC()).compile(RuleFolder.read(service.rulesDir()));
        Verdict again = rules.evaluate(FactsJson.facts(facts)).verdict();
        assertEquals("redact", again.outcome().json());
        assertEquals(
                List.of("DISPUTE_FROZEN", "SENSITIVE_REDACTED"),
                again.reasons().stream().map(r -> r.code()).toList());
    }

    @Test
    void theReasonsSpeakTheLanguageAskedForAndTheRecordKeepsIt() {
        JsonObject chinese = decide(Requests.recall("after_sales", "hello", 600), Map.of());
        assertEquals("已超过可撤回时间，无法撤回。", message(chinese));

        JsonObject english =
                decide(Requests.recall("after_sales", "hello", 600), Map.of("Accept-Language", "en-US,en;q=0.9"));
        assertEquals("The time to recall this message has passed.", message(english));

        JsonObject stored = service.get("/v1/recall-decisions/" + english.getString("decisionId"))
                .json();
        assertEquals("The time to recall this message has passed.", message(stored), "what the caller was told");

        JsonObject unknown = decide(Requests.recall("after_sales", "hello", 600), Map.of("Accept-Language", "fr-FR"));
        assertEquals("已超过可撤回时间，无法撤回。", message(unknown), "the policy's default language");
    }

    @Test
    void aBatchIsAnsweredInTheLanguageOfItsRequest() {
        JsonObject body = new JsonObject()
                .put(
                        "requests",
                        new JsonArray()
                                .add(Requests.recall("after_sales", "a", 10))
                                .add(Requests.recall("ecommerce", "b", 10)));
        TestService.Response r =
                service.send("POST", "/v1/recall-decisions/batch", body.encode(), Map.of("Accept-Language", "en"));
        assertEquals(200, r.status(), r.body());
        JsonArray decisions = r.json().getJsonArray("decisions");
        assertEquals("The message is still within the recall window.", message(decisions.getJsonObject(0)));
        assertEquals(
                "Messages in this kind of conversation are kept as a record and cannot be recalled.",
                message(decisions.getJsonObject(1)));
    }

    @Test
    void aPreviewIsAnsweredInTheLanguageAskedForToo() {
        JsonObject preview = Requests.recall("ecommerce", CARD_TEXT, 60).put("mode", "preview");
        JsonObject d = decide(preview, Map.of("Accept-Language", "zh-CN"));
        assertTrue(message(d).contains("脱敏"), message(d));
    }

    private static String message(JsonObject decision) {
        return decision.getJsonArray("reasons").getJsonObject(0).getString("message");
    }

    private static JsonObject decide(JsonObject request, Map<String, String> headers) {
        TestService.Response r = service.send("POST", "/v1/recall-decisions", request.encode(), headers);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }
}
