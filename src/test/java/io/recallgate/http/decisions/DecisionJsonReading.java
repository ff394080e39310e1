package io.recallgate.http.decisions;

import io.recallgate.model.Decision;
import io.recallgate.model.Message;
import io.recallgate.model.MessageKind;
import io.recallgate.model.Mode;
import io.recallgate.model.Outcome;
import io.recallgate.model.Reason;
import io.recallgate.model.RecallRequest;
import io.recallgate.model.Requester;
import io.recallgate.model.Rfc3339;
import io.recallgate.model.SensitiveFinding;
import io.recallgate.model.SensitiveType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The other direction of {@link DecisionJson}, which only tests need: reading an answer back into
 * the model, and writing a request as a client would send it. (The service itself never reads a
 * decision from JSON: it answers and stores what it decided.)
 */
final class DecisionJsonReading {

    private DecisionJsonReading() {}

    /** The inverse of {@link #toJson(Decision)}; also reads stored decisions (extra fields are ignored). */
    static Decision fromJson(JsonObject json) {
        List<Reason> reasons = new ArrayList<>();
        for (Object o : json.getJsonArray("reasons", new JsonArray())) {
            JsonObject r = (JsonObject) o;
            reasons.add(new Reason(r.getString("code"), r.getString("rule"), r.getString("message")));
        }
        List<SensitiveFinding> sensitive = new ArrayList<>();
        for (Object o : json.getJsonArray("sensitive", new JsonArray())) {
            JsonObject f = (JsonObject) o;
            sensitive.add(new SensitiveFinding(
                    SensitiveType.fromJson(f.getString("type")), f.getInteger("start"), f.getInteger("end")));
        }
        return new Decision(
                json.getString("decisionId"),
                Mode.fromJson(json.getString("mode")),
                Outcome.fromJson(json.getString("outcome")),
                reasons,
                sensitive,
                json.getString("maskedText"),
                instant(json.getString("allowedUntil")),
                json.getString("policyVersion"),
                instant(json.getString("evaluatedAt")));
    }

    /** A request body as a client would send it, every field spelled out (handy for tests and replays). */
    static JsonObject requestToJson(RecallRequest r) {
        Message m = r.message();
        JsonObject message = new JsonObject()
                .put("id", m.id())
                .put("senderId", m.senderId())
                .put("senderRole", m.senderRole().json())
                .put("kind", (m.kind() == null ? MessageKind.TEXT : m.kind()).json());
        if (m.text() != null) {
            message.put("text", m.text());
        }
        message.put("sentAt", DecisionJson.time(m.sentAt()))
                .put("repliedAt", DecisionJson.time(m.repliedAt()))
                .put("latest", m.latest())
                .put("tags", new JsonArray(new ArrayList<>(m.tags())));
        Requester q = r.requester();
        JsonObject json = new JsonObject();
        if (r.requestId() != null) {
            json.put("requestId", r.requestId());
        }
        return json.put("mode", r.mode().json())
                .put("scenario", r.scenario())
                .put("conversationId", r.conversationId())
                .put("message", message)
                .put(
                        "requester",
                        new JsonObject().put("id", q.id()).put("role", q.role().json()))
                .put("at", DecisionJson.time(r.at()));
    }

    private static Instant instant(String s) {
        if (s == null) {
            return null;
        }
        Instant t = Rfc3339.parse(s);
        if (t == null) {
            throw new IllegalArgumentException("not an RFC 3339 date-time: " + s);
        }
        return t;
    }
}
