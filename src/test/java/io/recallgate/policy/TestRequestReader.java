package io.recallgate.policy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import io.recallgate.model.Message;
import io.recallgate.model.MessageKind;
import io.recallgate.model.Mode;
import io.recallgate.model.RecallRequest;
import io.recallgate.model.Requester;
import io.recallgate.model.Role;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A test-only stand-in for the HTTP layer's request parser: maps a decision request in its
 * API.md JSON shape to a {@link RecallRequest}. It is good enough for valid requests and refuses
 * a missing required field or a bad enum/timestamp, but it does not implement every validation
 * rule of the contract (lengths, name patterns, sentAt/at skew).
 */
final class TestRequestReader implements RequestReader {

    @Override
    public RecallRequest read(JsonObject json) {
        List<String> problems = new ArrayList<>();
        JsonObject m = object(json, "message", problems);
        JsonObject r = object(json, "requester", problems);
        String scenario = string(json, "scenario", true, problems);
        String conversationId = string(json, "conversationId", true, problems);
        Message message = null;
        if (m != null) {
            JsonArray tags = m.getJsonArray("tags");
            List<String> tagList = new ArrayList<>();
            if (tags != null) {
                tags.forEach(t -> tagList.add(String.valueOf(t)));
            }
            String kind = string(m, "kind", false, problems);
            message = new Message(
                    string(m, "id", true, problems),
                    string(m, "senderId", true, problems),
                    role(string(m, "senderRole", true, problems), "/message/senderRole", problems),
                    kind == null ? MessageKind.TEXT : enumValue(() -> MessageKind.fromJson(kind), "/message/kind", problems),
                    string(m, "text", false, problems),
                    instant(m, "sentAt", true, problems),
                    instant(m, "repliedAt", false, problems),
                    Boolean.TRUE.equals(m.getValue("latest")),
                    tagList);
        }
        Requester requester = r == null ? null
                : new Requester(string(r, "id", true, problems),
                        role(string(r, "role", true, problems), "/requester/role", problems));
        String mode = string(json, "mode", false, problems);
        Instant at = instant(json, "at", false, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new RecallRequest(json.getString("requestId"),
                mode == null ? Mode.ENFORCE : Mode.fromJson(mode), scenario, conversationId,
                message, requester, at == null ? Instant.now() : at);
    }

    private static JsonObject object(JsonObject json, String key, List<String> problems) {
        Object v = json.getValue(key);
        if (v instanceof JsonObject o) {
            return o;
        }
        problems.add("/" + key + ": required object");
        return null;
    }

    private static String string(JsonObject json, String key, boolean required, List<String> problems) {
        Object v = json.getValue(key);
        if (v == null) {
            if (required) {
                problems.add(key + ": required");
            }
            return null;
        }
        if (!(v instanceof String s)) {
            problems.add(key + ": must be a string, not " + v);
            return null;
        }
        return s;
    }

    private static Instant instant(JsonObject json, String key, boolean required, List<String> problems) {
        String s = string(json, key, required, problems);
        if (s == null) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            problems.add(key + ": not an RFC 3339 timestamp: " + s);
            return null;
        }
    }

    private static Role role(String value, String pointer, List<String> problems) {
        return value == null ? null : enumValue(() -> Role.fromJson(value), pointer, problems);
    }

    private static <T> T enumValue(java.util.function.Supplier<T> parse, String pointer, List<String> problems) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            problems.add(pointer + ": unknown value");
            return null;
        }
    }
}
