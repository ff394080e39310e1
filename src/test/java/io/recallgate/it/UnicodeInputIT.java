package io.recallgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 §3: ids are compared exactly. PostgreSQL stored a lone surrogate as {@code ?} (so
 * {@code c\ud800} and {@code c?} were one conversation, holds included) and NUL gave 500 or 503.
 * Now each is a 400 naming the field, and a message text with them is decided, never a 5xx.
 */
class UnicodeInputIT {

    private static final String BAD = "must not contain NUL (U+0000) or an unpaired surrogate";
    private static TestService service;

    @BeforeAll
    static void start() {
        service = TestService.start();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    /** JSON as a client writes it with every non-ASCII character escaped: a lone surrogate arrives as \ud800. */
    static String escaped(JsonObject body) {
        String json = body.encode();
        StringBuilder out = new StringBuilder(json.length());
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            out.append(c < 0x80 ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return out.toString();
    }

    private static TestService.Response post(String path, JsonObject body) {
        return service.post(path, escaped(body), Map.of());
    }

    private static void assertBadField(TestService.Response r, String pointer) {
        assertEquals(400, r.status(), r.body());
        assertEquals("application/problem+json", r.contentType());
        JsonArray errors = r.json().getJsonArray("errors");
        assertEquals(
                new JsonArray().add(new JsonObject().put("pointer", pointer).put("detail", BAD)), errors, r.body());
    }

    @Test
    void idsWithNulOrLoneSurrogatesAreFourHundredsNamingTheField() {
        for (String bad : List.of("\u0000", "\uD800", "c\uDC00")) {
            for (String pointer : List.of("/requestId", "/conversationId", "/message/id", "/requester/id")) {
                JsonObject body = Requests.recall("after_sales", "hi", 30);
                String[] path = pointer.substring(1).split("/");
                (path.length == 1 ? body : body.getJsonObject(path[0]))
                        .put(path[path.length - 1], (pointer.equals("/requester/id") ? "" : "x") + bad);
                if (pointer.equals("/requester/id")) {
                    Requests.message(body)
                            .put("senderId", body.getJsonObject("requester").getString("id"));
                }
                TestService.Response r = post("/v1/recall-decisions", body);
                assertEquals(400, r.status(), pointer + " " + r.body());
                assertTrue(
                        r.json()
                                .getJsonArray("errors")
                                .contains(
                                        new JsonObject().put("pointer", pointer).put("detail", BAD)),
                        r.body());
            }
        }
        JsonObject item = Requests.recall("after_sales", "hi", 30).put("conversationId", "c\uD800");
        assertBadField(
                post(
                        "/v1/recall-decisions/batch",
                        new JsonObject()
                                .put(
                                        "requests",
                                        new JsonArray()
                                                .add(Requests.recall("after_sales", "hi", 30))
                                                .add(item))),
                "/requests/1/conversationId");
    }

    @Test
    void aLoneSurrogateConversationIsNotTheQuestionMarkConversation() {
        String conversation = "c-" + UUID.randomUUID();
        JsonObject hold = new JsonObject()
                .put("conversationId", conversation + "\uD800")
                .put("reason", "refund dispute")
                .put("placedBy", "agent-7");
        assertBadField(post("/v1/holds", hold), "/conversationId");
        // so nothing froze the "?" conversation
        TestService.Response list = service.get("/v1/holds?conversationId=" + conversation + "%3F");
        assertEquals(200, list.status(), list.body());
        assertEquals(0, list.json().getJsonArray("holds").size(), list.body());
        // stored free text may not hold NUL either (PostgreSQL text cannot)
        assertBadField(
                post(
                        "/v1/holds",
                        hold.copy().put("conversationId", conversation).put("reason", "x\u0000")),
                "/reason");
        assertBadField(
                post(
                        "/v1/holds",
                        hold.copy().put("conversationId", conversation).put("placedBy", "a\u0000")),
                "/placedBy");
        TestService.Response placed = post("/v1/holds", hold.copy().put("conversationId", conversation));
        assertEquals(201, placed.status(), placed.body());
        String holdId = placed.json().getString("holdId");
        assertBadField(
                post(
                        "/v1/holds/" + holdId + "/release",
                        new JsonObject().put("releasedBy", "agent-7").put("reason", "done\uDBFF")),
                "/reason");
    }

    @Test
    void queryAndPathIdsAreCheckedToo() {
        TestService.Response r = service.get("/v1/holds?conversationId=c%00");
        assertBadField(r, "/query/conversationId");
        r = service.get("/v1/recall-decisions?conversationId=c-1&messageId=m%00");
        assertBadField(r, "/query/messageId");
        r = service.get("/v1/recall-decisions/d%00");
        assertBadField(r, "/path/decisionId");
        r = service.post("/v1/holds/h%00/release", "{\"releasedBy\":\"agent-7\"}", Map.of());
        assertBadField(r, "/path/holdId");
        r = service.get("/v1/holds?conversationId=a&conversationId=b");
        assertEquals(400, r.status(), r.body());
        assertEquals(
                "/query/conversationId",
                r.json().getJsonArray("errors").getJsonObject(0).getString("pointer"));
    }

    @Test
    void aMessageTextWithNulAndLoneSurrogatesIsDecidedAndComesBackWellFormed() {
        String text = "卡号 6222 0210 0112 3456 789\u0000 发错了 \uD800 \uDE00";
        for (String scenario : List.of("ecommerce", "after_sales")) {
            JsonObject body = Requests.recall(scenario, text, 60);
            TestService.Response r = post("/v1/recall-decisions", body);
            assertEquals(200, r.status(), r.body());
            JsonObject d = r.json();
            if (d.getString("maskedText") != null) {
                String masked = d.getString("maskedText");
                assertEquals(text.length(), masked.length());
                assertTrue(masked.contains("\u0000"), masked);
                assertTrue(masked.contains("\uFFFD \uFFFD"), masked);
                assertFalse(masked.contains("6222"), masked);
            }
            // a retry with the same requestId is the same decision: the digest is of the repaired text
            String requestId = "r-" + UUID.randomUUID();
            body.put("requestId", requestId);
            TestService.Response first = post("/v1/recall-decisions", body);
            TestService.Response again = post("/v1/recall-decisions", body);
            assertEquals(200, again.status(), again.body());
            assertEquals(first.json().getString("decisionId"), again.json().getString("decisionId"));
        }
    }

    @Test
    void aBodyThatIsNotUtf8IsAFourHundred() throws Exception {
        byte[] json =
                Requests.recall("after_sales", "XX", 30).encode().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i + 1 < json.length; i++) {
            if (json[i] == 'X' && json[i + 1] == 'X') {
                json[i] = (byte) 0xed;
                json[i + 1] = (byte) 0xa0; // with the next byte: a surrogate in UTF-8, which is not UTF-8
                break;
            }
        }
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                        "http://127.0.0.1:" + service.port() + "/v1/recall-decisions"))
                                .header("content-type", "application/json")
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(json))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(400, r.statusCode(), r.body());
        assertEquals(
                new JsonArray().add(new JsonObject().put("pointer", "").put("detail", "body is not valid UTF-8")),
                new JsonObject(r.body()).getJsonArray("errors"));
    }

    @Test
    void aDuplicateKeyIsAFourHundredNamingTheKey() {
        String body = Requests.recall("after_sales", "hi", 30).encode();
        body = body.replaceFirst("\\{", "{\"scenario\":\"ecommerce\",");
        TestService.Response r = service.post("/v1/recall-decisions", body, Map.of());
        assertEquals(400, r.status(), r.body());
        assertEquals(
                new JsonArray()
                        .add(new JsonObject().put("pointer", "/scenario").put("detail", "is given more than once")),
                r.json().getJsonArray("errors"));
    }
}
