package io.recallgate.it;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/** Decision requests in the API's JSON shape, with fresh ids so tests never share records. */
final class Requests {

    static final Instant SENT = Instant.parse("2026-11-24T08:00:00Z");

    private Requests() {}

    /** A customer's own text message in {@code scenario}, asked about {@code ageSeconds} after it was sent. */
    static JsonObject recall(String scenario, String text, long ageSeconds) {
        return recall(scenario, text, SENT, SENT.plusSeconds(ageSeconds));
    }

    /**
     * A customer's own unanswered text message in {@code scenario}, sent at {@code sentAt} and
     * asked about at {@code at}; every field spelled out (kind, repliedAt and tags at their
     * defaults), and fresh ids.
     */
    static JsonObject recall(String scenario, String text, Instant sentAt, Instant at) {
        String user = "u-" + UUID.randomUUID();
        return new JsonObject()
                .put("scenario", scenario)
                .put("conversationId", "c-" + UUID.randomUUID())
                .put(
                        "message",
                        new JsonObject()
                                .put("id", "m-" + UUID.randomUUID())
                                .put("senderId", user)
                                .put("senderRole", "customer")
                                .put("kind", "text")
                                .put("text", text)
                                .put("sentAt", sentAt.toString())
                                .put("repliedAt", null)
                                .put("latest", true)
                                .put("tags", new JsonArray()))
                .put("requester", new JsonObject().put("id", user).put("role", "customer"))
                .put("at", at.toString());
    }

    /** The same request asked by an agent instead of the message's sender. */
    static JsonObject byAgent(JsonObject request) {
        return request.put(
                "requester",
                new JsonObject().put("id", "agent-" + UUID.randomUUID()).put("role", "agent"));
    }

    static JsonObject message(JsonObject request) {
        return request.getJsonObject("message");
    }
}
