package io.recallgate.http;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import io.recallgate.model.Message;
import io.recallgate.model.MessageKind;
import io.recallgate.model.Mode;
import io.recallgate.model.RecallRequest;
import io.recallgate.model.Requester;
import io.recallgate.model.Role;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Reads decision requests and checks them against the contract ({@code openapi.yaml},
 * {@code RecallDecisionRequest}), naming every bad field with a JSON pointer, then applies the
 * semantic checks of API.md (a {@code sentAt} in the future, a reply before the message).
 *
 * <p>Hand-written rather than a generic JSON Schema validator: it runs on the event loop for every
 * request, and a missing field must be named by its own pointer ({@code /message/sentAt}), not its
 * parent's. {@code OpenApiContractTest} checks that these rules and the published schema agree.
 */
public final class RequestParser {

    static final int MAX_ID = 128;
    static final int MAX_TEXT = 65_536;
    static final int MAX_TAGS = 32;
    static final int MAX_BATCH = 500;
    /** A client clock may run a little ahead of ours; a message "sent" further in the future is an error. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private static final Pattern NAME = Pattern.compile("[a-z0-9_]{1,64}");
    private static final Set<String> TOP = Set.of("requestId", "mode", "scenario", "conversationId", "message",
            "requester", "at");
    private static final Set<String> MESSAGE = Set.of("id", "senderId", "senderRole", "kind", "text", "sentAt",
            "repliedAt", "latest", "tags");
    private static final Set<String> REQUESTER = Set.of("id", "role");
    private static final String ROLES = "customer, agent, bot, supervisor";

    /** Either a value or the bad fields. */
    public record Result<T>(T value, List<FieldError> errors) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    public Result<RecallRequest> parseDecision(Buffer body, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        JsonObject json = object(body, errors);
        if (json == null) {
            return new Result<>(null, errors);
        }
        RecallRequest r = request(json, "", now, errors);
        return new Result<>(errors.isEmpty() ? r : null, List.copyOf(errors));
    }

    public Result<List<RecallRequest>> parseBatch(Buffer body, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        JsonObject json = object(body, errors);
        if (json == null) {
            return new Result<>(null, errors);
        }
        unknownFields(json, Set.of("requests"), "", errors);
        Object value = json.getValue("requests");
        List<RecallRequest> out = new ArrayList<>();
        if (value == null) {
            errors.add(new FieldError("/requests", "is required"));
        } else if (!(value instanceof JsonArray items)) {
            errors.add(new FieldError("/requests", "must be an array of decision requests"));
        } else if (items.isEmpty() || items.size() > MAX_BATCH) {
            errors.add(new FieldError("/requests", "must hold 1 to " + MAX_BATCH + " requests"));
        } else {
            for (int i = 0; i < items.size(); i++) {
                String at = "/requests/" + i;
                if (items.getValue(i) instanceof JsonObject item) {
                    out.add(request(item, at, now, errors));
                } else {
                    errors.add(new FieldError(at, "must be an object"));
                }
            }
        }
        return new Result<>(errors.isEmpty() ? out : null, List.copyOf(errors));
    }

    /** For scenario tests: the request, or IllegalArgumentException naming every bad field. */
    public RecallRequest read(JsonObject json) {
        List<FieldError> errors = new ArrayList<>();
        RecallRequest r = request(json, "", Instant.now(), errors);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ",
                    errors.stream().map(e -> e.pointer() + " " + e.detail()).toList()));
        }
        return r;
    }

    private static RecallRequest request(JsonObject json, String base, Instant now, List<FieldError> errors) {
        int before = errors.size();
        unknownFields(json, TOP, base, errors);
        String requestId = string(json, "requestId", base, 1, MAX_ID, false, errors);
        String modeText = enumValue(json, "mode", base, Set.of("enforce", "preview"), "enforce or preview", false, errors);
        String scenario = string(json, "scenario", base, 1, 64, true, errors);
        if (scenario != null && !NAME.matcher(scenario).matches()) {
            errors.add(new FieldError(base + "/scenario", "must be 1-64 lowercase letters, digits or '_'"));
        }
        String conversationId = string(json, "conversationId", base, 1, MAX_ID, true, errors);
        Instant at = time(json, "at", base, false, errors);

        Message message = null;
        JsonObject m = object(json, "message", base, errors);
        if (m != null) {
            message = message(m, base + "/message", errors);
        }
        Requester requester = null;
        JsonObject q = object(json, "requester", base, errors);
        if (q != null) {
            unknownFields(q, REQUESTER, base + "/requester", errors);
            String id = string(q, "id", base + "/requester", 1, MAX_ID, true, errors);
            String role = enumValue(q, "role", base + "/requester", ROLE_VALUES, "one of " + ROLES, true, errors);
            requester = id == null || role == null ? null : new Requester(id, Role.fromJson(role));
        }
        Instant evaluatedAt = at != null ? at : now;
        if (message != null && message.sentAt() != null && message.sentAt().isAfter(evaluatedAt.plus(CLOCK_SKEW))) {
            errors.add(new FieldError(base + "/message/sentAt", "is more than 5 minutes after the evaluation time ("
                    + evaluatedAt + ")"));
        }
        if (message != null && message.sentAt() != null && message.repliedAt() != null
                && message.repliedAt().isBefore(message.sentAt())) {
            errors.add(new FieldError(base + "/message/repliedAt", "is before the message's sentAt"));
        }
        if (errors.size() > before) {
            return null;
        }
        return new RecallRequest(requestId, modeText == null ? Mode.ENFORCE : Mode.fromJson(modeText), scenario,
                conversationId, message, requester, evaluatedAt);
    }

    private static final Set<String> ROLE_VALUES = Set.of("customer", "agent", "bot", "supervisor");
    private static final Set<String> KIND_VALUES = Set.of("text", "image", "file", "voice", "other");

    private static Message message(JsonObject m, String base, List<FieldError> errors) {
        int before = errors.size();
        unknownFields(m, MESSAGE, base, errors);
        String id = string(m, "id", base, 1, MAX_ID, true, errors);
        String senderId = string(m, "senderId", base, 1, MAX_ID, true, errors);
        String senderRole = enumValue(m, "senderRole", base, ROLE_VALUES, "one of " + ROLES, true, errors);
        String kind = enumValue(m, "kind", base, KIND_VALUES, "one of text, image, file, voice, other", false, errors);
        String text = string(m, "text", base, 0, MAX_TEXT, false, errors);
        Instant sentAt = time(m, "sentAt", base, true, errors);
        Instant repliedAt = time(m, "repliedAt", base, false, errors);
        Boolean latest = null;
        Object l = m.getValue("latest");
        if (l != null && !(l instanceof Boolean)) {
            errors.add(new FieldError(base + "/latest", "must be true or false"));
        } else {
            latest = (Boolean) l;
        }
        List<String> tags = new ArrayList<>();
        Object t = m.getValue("tags");
        if (t != null && !(t instanceof JsonArray)) {
            errors.add(new FieldError(base + "/tags", "must be an array of tags"));
        } else if (t != null) {
            JsonArray array = (JsonArray) t;
            if (array.size() > MAX_TAGS) {
                errors.add(new FieldError(base + "/tags", "must have at most " + MAX_TAGS + " tags"));
            }
            for (int i = 0; i < array.size(); i++) {
                Object tag = array.getValue(i);
                if (!(tag instanceof String s) || !NAME.matcher(s).matches()) {
                    errors.add(new FieldError(base + "/tags/" + i, "must be 1-64 lowercase letters, digits or '_'"));
                } else {
                    tags.add(s);
                }
            }
        }
        if (errors.size() > before) {
            return null;
        }
        return new Message(id, senderId, Role.fromJson(senderRole), kind == null ? MessageKind.TEXT : MessageKind.fromJson(kind),
                text, sentAt, repliedAt, latest != null && latest, tags);
    }

    // ---- field checks ----

    private static JsonObject object(Buffer body, List<FieldError> errors) {
        if (body == null || body.length() == 0) {
            errors.add(new FieldError("", "a JSON object body is required"));
            return null;
        }
        Object value;
        try {
            value = Json.decodeValue(body);
        } catch (DecodeException e) {
            errors.add(new FieldError("", "body is not valid JSON"));
            return null;
        }
        if (value instanceof JsonObject o) {
            return o;
        }
        errors.add(new FieldError("", "must be a JSON object"));
        return null;
    }

    private static JsonObject object(JsonObject json, String field, String base, List<FieldError> errors) {
        Object v = json.getValue(field);
        if (v == null) {
            errors.add(new FieldError(base + "/" + field, "is required"));
            return null;
        }
        if (v instanceof JsonObject o) {
            return o;
        }
        errors.add(new FieldError(base + "/" + field, "must be an object"));
        return null;
    }

    private static void unknownFields(JsonObject json, Set<String> allowed, String base, List<FieldError> errors) {
        for (String name : json.fieldNames()) {
            if (!allowed.contains(name)) {
                errors.add(new FieldError(base + "/" + escape(name), "is not a field of this request"));
            }
        }
    }

    private static String string(JsonObject json, String field, String base, int min, int max, boolean required,
                                 List<FieldError> errors) {
        Object v = json.getValue(field);
        if (v == null) {
            if (required) {
                errors.add(new FieldError(base + "/" + field, "is required"));
            }
            return null;
        }
        if (!(v instanceof String s)) {
            errors.add(new FieldError(base + "/" + field, "must be a string"));
            return null;
        }
        if (s.length() < min || s.length() > max) {
            errors.add(new FieldError(base + "/" + field, min > 0
                    ? "must be " + min + " to " + max + " characters long"
                    : "must be at most " + max + " characters long"));
            return null;
        }
        return s;
    }

    private static String enumValue(JsonObject json, String field, String base, Set<String> values, String choices,
                                    boolean required, List<FieldError> errors) {
        Object v = json.getValue(field);
        if (v == null) {
            if (required) {
                errors.add(new FieldError(base + "/" + field, "is required"));
            }
            return null;
        }
        if (!(v instanceof String s) || !values.contains(s)) {
            errors.add(new FieldError(base + "/" + field, "must be " + choices));
            return null;
        }
        return s;
    }

    private static Instant time(JsonObject json, String field, String base, boolean required, List<FieldError> errors) {
        Object v = json.getValue(field);
        if (v == null) {
            if (required) {
                errors.add(new FieldError(base + "/" + field, "is required"));
            }
            return null;
        }
        if (v instanceof String s) {
            try {
                return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        errors.add(new FieldError(base + "/" + field, "must be an RFC 3339 date-time such as 2026-11-24T08:00:00Z"));
        return null;
    }

    /** RFC 6901: '~' and '/' in a member name. */
    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
