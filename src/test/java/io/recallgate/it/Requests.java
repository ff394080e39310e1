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
                                .put("sentAt", SENT.toString())
                                .put("repliedAt", null)
                                .put("latest", true)
                                .put("tags", new JsonArray()))
                .put("requester", new JsonObject().put("id", user).put("role", "customer"))
                .put("at", SENT.plusSeconds(ageSeconds).toString());
    }

    static JsonObject message(JsonObject request) {
        return request.getJsonObject("message");
    }
}
