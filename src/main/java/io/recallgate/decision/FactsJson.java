package io.recallgate.decision;

import io.recallgate.model.InstantText;
import io.recallgate.model.MessageFacts;
import io.recallgate.model.MessageKind;
import io.recallgate.model.Mode;
import io.recallgate.model.RecallFacts;
import io.recallgate.model.Requester;
import io.recallgate.model.Rfc3339;
import io.recallgate.model.Role;
import io.recallgate.model.RuleFiring;
import io.recallgate.model.SensitiveFinding;
import io.recallgate.model.SensitiveType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The stored forms of a decision's facts and trace (API.md, a stored decision's {@code facts} and
 * {@code trace}), and the way back: {@link #facts(JsonObject)} reads stored facts into the
 * {@link RecallFacts} that {@code RuleSet.evaluate} replays.
 *
 * <pre>
 * facts: {"mode","scenario","conversationId",
 *         "message":{"id","senderId","senderRole","kind","sentAt","repliedAt","latest","tags"},
 *         "requester":{"id","role"},"at","held","holdIds":[…],"sensitive":[{"type","start","end"}]}
 * trace: [{"rule","file"}, …]   in firing order
 * </pre>
 *
 * Timestamps are RFC 3339 in UTC with {@code Z}, as the API writes them. There is no text field
 * to fill: {@link RecallFacts} has none.
 */
public final class FactsJson {

    private FactsJson() {}

    /**
     * The facts, each object's members put in name order: the canonical form the decision log
     * hashes (RFC 8785) is then written as the object iterates, without sorting its names.
     */
    public static JsonObject toJson(RecallFacts f) {
        MessageFacts m = f.message();
        JsonArray sensitive = new JsonArray(new ArrayList<>(f.sensitive().size()));
        for (SensitiveFinding s : f.sensitive()) {
            sensitive.add(new JsonObject(new LinkedHashMap<>(4))
                    .put("end", s.end())
                    .put("start", s.start())
                    .put("type", s.type().json()));
        }
        return new JsonObject(new LinkedHashMap<>(16))
                .put("at", time(f.at()))
                .put("conversationId", f.conversationId())
                .put("held", f.held())
                .put("holdIds", new JsonArray(new ArrayList<>(f.holdIds())))
                .put(
                        "message",
                        new JsonObject(new LinkedHashMap<>(16))
                                .put("id", m.id())
                                .put("kind", m.kind().json())
                                .put("latest", m.latest())
                                .put("repliedAt", time(m.repliedAt()))
                                .put("senderId", m.senderId())
                                .put("senderRole", m.senderRole().json())
                                .put("sentAt", time(m.sentAt()))
                                .put("tags", new JsonArray(new ArrayList<>(m.tags()))))
                .put("mode", f.mode().json())
                .put(
                        "requester",
                        new JsonObject(new LinkedHashMap<>(4))
                                .put("id", f.requester().id())
                                .put("role", f.requester().role().json()))
                .put("scenario", f.scenario())
                .put("sensitive", sensitive);
    }

    /**
     * Reads stored facts back.
     *
     * @throws IllegalArgumentException when {@code json} is not facts as {@link #toJson} writes them
     */
    public static RecallFacts facts(JsonObject json) {
        try {
            JsonObject m = json.getJsonObject("message");
            JsonObject r = json.getJsonObject("requester");
            List<String> tags = strings(m.getJsonArray("tags"));
            List<String> holdIds = strings(json.getJsonArray("holdIds"));
            List<SensitiveFinding> sensitive = new ArrayList<>();
            for (Object o : json.getJsonArray("sensitive", new JsonArray())) {
                JsonObject s = (JsonObject) o;
                sensitive.add(new SensitiveFinding(
                        SensitiveType.fromJson(s.getString("type")), s.getInteger("start"), s.getInteger("end")));
            }
            MessageFacts message = new MessageFacts(
                    required(m.getString("id"), "message.id"),
                    required(m.getString("senderId"), "message.senderId"),
                    Role.fromJson(m.getString("senderRole")),
                    MessageKind.fromJson(m.getString("kind", "text")),
                    required(instant(m.getString("sentAt")), "message.sentAt"),
                    instant(m.getString("repliedAt")),
                    m.getBoolean("latest", false),
                    tags);
            return new RecallFacts(
                    Mode.fromJson(json.getString("mode", "enforce")),
                    required(json.getString("scenario"), "scenario"),
                    required(json.getString("conversationId"), "conversationId"),
                    message,
                    new Requester(required(r.getString("id"), "requester.id"), Role.fromJson(r.getString("role"))),
                    required(instant(json.getString("at")), "at"),
                    json.getBoolean("held", !holdIds.isEmpty()),
                    holdIds,
                    sensitive);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) { // NullPointerException, ClassCastException, DateTimeParseException
            throw new IllegalArgumentException("not the facts of a decision: " + e, e);
        }
    }

    public static JsonArray traceToJson(List<RuleFiring> trace) {
        JsonArray out = new JsonArray();
        for (RuleFiring f : trace) {
            out.add(new JsonObject(new LinkedHashMap<>(4)).put("file", f.file()).put("rule", f.rule()));
        }
        return out;
    }

    private static List<String> strings(JsonArray array) {
        List<String> out = new ArrayList<>();
        if (array != null) {
            for (Object o : array) {
                out.add((String) o);
            }
        }
        return out;
    }

    private static <T> T required(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException("the facts have no " + name);
        }
        return value;
    }

    private static String time(Instant t) {
        return t == null ? null : InstantText.format(t);
    }

    /**
     * RFC 3339 as the service writes it ({@link Rfc3339}'s scan: replay reads three timestamps per
     * stored decision, and {@link Instant#parse}'s formatter costs several times as much).
     */
    private static Instant instant(String s) {
        if (s == null) {
            return null;
        }
        Instant t = Rfc3339.parse(s);
        if (t == null) {
            throw new IllegalArgumentException("not an RFC 3339 date-time in the facts");
        }
        return t;
    }
}
