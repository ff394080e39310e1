package io.recallgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The decision API over real HTTP against the real rules folder and a real PostgreSQL. */
class DecisionApiIT {

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
    void allowsAnOrdinaryMessageWithinTheWindow() {
        JsonObject d = decide(Requests.recall("after_sales", "sorry, wrong chat", 60));
        assertEquals("allow", d.getString("outcome"));
        assertEquals("WITHIN_WINDOW", d.getJsonArray("reasons").getJsonObject(0).getString("code"));
        assertEquals("2026-11-24T08:02:00Z", d.getString("allowedUntil"));
        assertEquals("enforce", d.getString("mode"));
        assertTrue(d.getString("policyVersion").startsWith("sha256:"));
        assertEquals("2026-11-24T08:01:00Z", d.getString("evaluatedAt"));
        assertNotNull(d.getString("decisionId"));
    }

    @Test
    void deniesAfterTheWindow() {
        JsonObject d = decide(Requests.recall("after_sales", "sorry, wrong chat", 121));
        assertEquals("deny", d.getString("outcome"));
        assertEquals(
                "WINDOW_EXPIRED", d.getJsonArray("reasons").getJsonObject(0).getString("code"));
        assertNull(d.getValue("allowedUntil"));
    }

    @Test
    void redactsABankCardInEcommerce() {
        JsonObject d = decide(Requests.recall("ecommerce", CARD_TEXT, 60));
        assertEquals("redact", d.getString("outcome"));
        assertEquals(
                "SENSITIVE_REDACTED", d.getJsonArray("reasons").getJsonObject(0).getString("code"));
        JsonObject finding = d.getJsonArray("sensitive").getJsonObject(0);
        assertEquals("bank_card", finding.getString("type"));
        assertEquals(7, finding.getInteger("start"));
        assertEquals(30, finding.getInteger("end"));
        assertEquals("我的银行卡号 **** **** **** ***6 789 发错了", d.getString("maskedText"));
    }

    @Test
    void deniesSomeoneElsesMessage() {
        JsonObject r = Requests.recall("after_sales", "hello", 10);
        r.getJsonObject("requester").put("id", "somebody-else");
        JsonObject d = decide(r);
        assertEquals("deny", d.getString("outcome"));
        assertEquals("NOT_SENDER", d.getJsonArray("reasons").getJsonObject(0).getString("code"));
    }

    @Test
    void batchAnswersInTheOrderAsked() {
        JsonArray requests = new JsonArray()
                .add(Requests.recall("after_sales", "a", 10))
                .add(Requests.recall("ecommerce", "b", 10))
                .add(Requests.recall("after_sales", "c", 500))
                .add(Requests.recall("tech_support", "d", 500));
        TestService.Response r = service.post("/v1/recall-decisions/batch", new JsonObject().put("requests", requests));
        assertEquals(200, r.status(), r.body());
        JsonArray decisions = r.json().getJsonArray("decisions");
        assertEquals(
                List.of("WITHIN_WINDOW", "SCENARIO_NO_RECALL", "WINDOW_EXPIRED", "LATEST_UNREPLIED"),
                decisions.stream()
                        .map(o -> ((JsonObject) o)
                                .getJsonArray("reasons")
                                .getJsonObject(0)
                                .getString("code"))
                        .toList());
        Set<String> ids = decisions.stream()
                .map(o -> ((JsonObject) o).getString("decisionId"))
                .collect(Collectors.toSet());
        assertEquals(4, ids.size());
    }

    @Test
    void enforcedDecisionsAreStoredAndPreviewsAreNot() {
        JsonObject enforce = Requests.recall("after_sales", "call me at 13800138000", 30);
        JsonObject d = decide(enforce);
        TestService.Response stored = service.get("/v1/recall-decisions/" + d.getString("decisionId"));
        assertEquals(200, stored.status(), stored.body());
        JsonObject s = stored.json();
        assertEquals(d.getString("outcome"), s.getString("outcome"));
        assertEquals(enforce.getString("conversationId"), s.getString("conversationId"));
        assertEquals(Requests.message(enforce).getString("id"), s.getString("messageId"));
        assertTrue(s.getString("textDigest").startsWith("hmac-sha256:"));
        assertTrue(s.getLong("logIndex") >= 0);
        assertEquals(44, s.getString("leafHash").length(), "base64 of a SHA-256 hash");
        assertTrue(!stored.body().contains("13800138000"), "the stored record holds no clear text");

        JsonObject preview = Requests.recall("after_sales", "x", 30).put("mode", "preview");
        JsonObject p = decide(preview);
        assertEquals("preview", p.getString("mode"));
        assertEquals(
                404,
                service.get("/v1/recall-decisions/" + p.getString("decisionId")).status());
        TestService.Response byMessage =
                service.get("/v1/recall-decisions?conversationId=" + preview.getString("conversationId") + "&messageId="
                        + Requests.message(preview).getString("id"));
        assertEquals(404, byMessage.status());
        TestService.Response enforced =
                service.get("/v1/recall-decisions?conversationId=" + enforce.getString("conversationId") + "&messageId="
                        + Requests.message(enforce).getString("id"));
        assertEquals(200, enforced.status());
        assertEquals(d.getString("decisionId"), enforced.json().getString("decisionId"));
    }

    @Test
    void aRepeatedRequestIdReturnsTheFirstDecision() {
        JsonObject r = Requests.recall("after_sales", "oops", 30).put("requestId", "retry-" + System.nanoTime());
        JsonObject first = decide(r);
        JsonObject second = decide(r.copy().put("at", "2026-11-24T09:00:00Z"));
        assertEquals(first.getString("decisionId"), second.getString("decisionId"));
        assertEquals("allow", second.getString("outcome"));
        TestService.Response stored = service.get("/v1/recall-decisions?conversationId=" + r.getString("conversationId")
                + "&messageId=" + Requests.message(r).getString("id"));
        assertEquals(first.getString("decisionId"), stored.json().getString("decisionId"));
    }

    @Test
    void namesEveryBadField() {
        JsonObject r = Requests.recall("After Sales!", "x", 30);
        Requests.message(r).put("senderRole", "robot").remove("sentAt");
        r.getJsonObject("requester").remove("id");
        r.put("color", "blue");
        TestService.Response resp = service.post("/v1/recall-decisions", r);
        assertEquals(400, resp.status());
        assertTrue(resp.contentType().startsWith("application/problem+json"), resp.contentType());
        Set<String> pointers = pointers(resp.json());
        // an unknown field is reported at its object: an error never echoes what the client sent
        assertTrue(
                pointers.containsAll(
                        Set.of("/scenario", "/message/senderRole", "/message/sentAt", "/requester/id", "")),
                pointers.toString());
        assertFalse(resp.body().contains("color"), resp.body());
    }

    @Test
    void rejectsTimesThatCannotBe() {
        JsonObject future = Requests.recall("after_sales", "x", 0);
        Requests.message(future).put("sentAt", "2026-11-24T08:05:01Z");
        assertEquals(
                Set.of("/message/sentAt"),
                pointers(service.post("/v1/recall-decisions", future).json()));

        JsonObject replied = Requests.recall("after_sales", "x", 30);
        Requests.message(replied).put("repliedAt", "2026-11-24T07:59:59Z");
        assertEquals(
                Set.of("/message/repliedAt"),
                pointers(service.post("/v1/recall-decisions", replied).json()));
    }

    /**
     * RFC 3339 has four-digit years: a time whose offset moves it past 9999-12-31T23:59:59Z (or
     * before year 0000) in UTC could not be answered or stored as one, so it is a 400 naming the
     * field; a window that ends after 9999 is answered and stored as ending at 9999-12-31T23:59:59Z.
     */
    @Test
    void timesTheContractCannotWriteBackAre400AndAWindowPastYear9999EndsAtItsLastInstant() {
        JsonObject late = Requests.recall("after_sales", "x", 0);
        Requests.message(late).put("sentAt", "9999-12-31T23:30:00-01:00");
        late.put("at", "9999-12-31T23:31:00-01:00");
        TestService.Response r = service.post("/v1/recall-decisions", late);
        assertEquals(400, r.status(), r.body());
        assertEquals(Set.of("/message/sentAt", "/at"), pointers(r.json()));

        JsonObject early = Requests.recall("after_sales", "x", 0);
        Requests.message(early).put("sentAt", "0000-01-01T00:00:00+00:01");
        early.put("at", "0000-01-01T00:00:00Z");
        r = service.post("/v1/recall-decisions", early);
        assertEquals(400, r.status(), r.body());
        assertEquals(Set.of("/message/sentAt"), pointers(r.json()));

        JsonObject lastDay = Requests.recall("after_sales", "x", 0);
        Requests.message(lastDay).put("sentAt", "9999-12-31T23:59:00Z");
        lastDay.put("at", "9999-12-31T23:59:30Z");
        JsonObject d = decide(lastDay);
        assertEquals("allow", d.getString("outcome"));
        assertEquals("9999-12-31T23:59:59Z", d.getString("allowedUntil"));
        assertEquals("9999-12-31T23:59:30Z", d.getString("evaluatedAt"));
        TestService.Response stored = service.get("/v1/recall-decisions/" + d.getString("decisionId"));
        assertEquals(200, stored.status(), stored.body());
        assertEquals("9999-12-31T23:59:59Z", stored.json().getString("allowedUntil"));
        assertEquals(
                "9999-12-31T23:59:00Z",
                stored.json().getJsonObject("facts").getJsonObject("message").getString("sentAt"));
    }

    @Test
    void aBadBatchItemIsNamedByItsIndex() {
        JsonArray requests = new JsonArray();
        for (int i = 0; i < 4; i++) {
            requests.add(Requests.recall("after_sales", "x", 30));
        }
        Requests.message(requests.getJsonObject(3)).put("sentAt", "yesterday");
        TestService.Response r = service.post("/v1/recall-decisions/batch", new JsonObject().put("requests", requests));
        assertEquals(400, r.status());
        assertEquals(Set.of("/requests/3/message/sentAt"), pointers(r.json()));
    }

    @Test
    void queryParametersAreCheckedAgainstTheContract() {
        TestService.Response r = service.get("/v1/recall-decisions?conversationId=" + "c".repeat(129));
        assertEquals(400, r.status(), r.body());
        assertEquals(Set.of("/query/conversationId", "/query/messageId"), pointers(r.json()));
        assertEquals(
                Set.of("/query/conversationId"),
                pointers(service.get("/v1/holds").json()));
    }

    @Test
    void aBodyOver256KiBIs413() {
        String big = "{\"scenario\":\"after_sales\",\"pad\":\"" + "x".repeat(300 * 1024) + "\"}";
        TestService.Response r = service.post("/v1/recall-decisions", big, Map.of());
        assertEquals(413, r.status());
        assertTrue(r.contentType().startsWith("application/problem+json"));
    }

    @Test
    void unknownRoutesAreProblemDocuments() {
        TestService.Response r = service.get("/v1/nothing-here");
        assertEquals(404, r.status());
        assertTrue(r.contentType().startsWith("application/problem+json"));
        assertEquals(404, r.json().getInteger("status"));
    }

    @Test
    void servesTheContract() {
        TestService.Response r = service.get("/openapi.yaml");
        assertEquals(200, r.status());
        assertTrue(r.body().contains("/v1/recall-decisions/batch"));
        assertTrue(r.body().startsWith("openapi: 3.1"));
    }

    @Test
    void invalidJsonIsA400() {
        TestService.Response r = service.post("/v1/recall-decisions", "{not json", Map.of());
        assertEquals(400, r.status());
        assertEquals(Set.of(""), pointers(r.json()));
    }

    private static JsonObject decide(JsonObject request) {
        TestService.Response r = service.post("/v1/recall-decisions", request);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    static Set<String> pointers(JsonObject problem) {
        return problem.getJsonArray("errors").stream()
                .map(o -> ((JsonObject) o).getString("pointer"))
                .collect(Collectors.toSet());
    }
}
