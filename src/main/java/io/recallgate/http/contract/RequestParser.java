package io.recallgate.http.contract;

import io.recallgate.model.Message;
import io.recallgate.model.MessageKind;
import io.recallgate.model.Mode;
import io.recallgate.model.RecallRequest;
import io.recallgate.model.Requester;
import io.recallgate.model.Rfc3339;
import io.recallgate.model.Role;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.CharBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns decision request bodies into {@link RecallRequest}s, or into the list of every bad field.
 *
 * <p>Two stages. First the body is checked against the {@code openapi.yaml} schema (types,
 * required fields, enums, lengths, patterns, date-time format, unknown fields). Then the
 * cross-field rules the schema cannot express (API.md): {@code message.sentAt} no more than 5
 * minutes after {@code at}, and {@code message.repliedAt} not before {@code message.sentAt}.
 * Both stages always run, so one response names every problem. Defaults ({@code mode} enforce,
 * {@code kind} text, {@code latest} false, {@code tags} empty, {@code at} = {@code now}) are
 * filled in here, so the model never sees an absent value.
 *
 * <p>Immutable and thread-safe; build one at start-up. Never logs bodies: they carry message text.
 */
public final class RequestParser {

    public static final String DECISION_SCHEMA = "RecallDecisionRequest";
    public static final String BATCH_SCHEMA = "RecallDecisionBatchRequest";
    public static final String HOLD_SCHEMA = "HoldRequest";
    public static final String HOLD_RELEASE_SCHEMA = "HoldRelease";

    /** How far in the future (relative to {@code at}) a message may claim to have been sent: clock skew. */
    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    static final String ID_SCHEMA = "Id";

    /** A tree size or log position in a query ({@code treeSize}, {@code from}, {@code to}). */
    static final String TREE_SIZE_SCHEMA = "TreeSize";

    static final String NOT_JSON = JsonBodyDecoder.NOT_JSON;

    private final BodyValidator validator;
    private final JsonBodyDecoder decoder;
    private final FastRequestReader fast;

    public RequestParser(BodyValidator validator) {
        this.validator = validator.precompile(
                DECISION_SCHEMA, BATCH_SCHEMA, HOLD_SCHEMA, HOLD_RELEASE_SCHEMA, ID_SCHEMA, TREE_SIZE_SCHEMA);
        this.decoder = new JsonBodyDecoder(validator.fieldNames());
        this.fast = new FastRequestReader(validator.node(DECISION_SCHEMA), validator.node(BATCH_SCHEMA));
    }

    /** Loads {@code openapi.yaml} from the classpath and compiles its request schemas. */
    public static RequestParser load() {
        return new RequestParser(new BodyValidator(OpenApiDocument.load()));
    }

    public BodyValidator validator() {
        return validator;
    }

    /**
     * Parses a raw body, which may not even be JSON: a valid request in one streaming pass
     * ({@link FastRequestReader}); anything it is not sure of the thorough way, which names every
     * bad field.
     */
    public ParseResult<RecallRequest> parse(Buffer body, Instant now) {
        RecallRequest r = readFast(body, now);
        return r != null ? ParseResult.ok(r) : parseThoroughly(body, now);
    }

    /** The fast path's answer: a valid request, or null when the body must go the thorough way. */
    RecallRequest readFast(Buffer body, Instant now) {
        if (body == null || body.length() == 0) {
            return null;
        }
        byte[] bytes = body.getBytes();
        return Utf8Bytes.plainJson(bytes, 0, bytes.length) ? fast.read(bytes, 0, bytes.length, now) : null;
    }

    /** The thorough way alone (the fast path's reference in tests). */
    ParseResult<RecallRequest> parseThoroughly(Buffer body, Instant now) {
        return parseThoroughly(body, JsonBodyDecoder.utf8(body), now);
    }

    private ParseResult<RecallRequest> parseThoroughly(Buffer body, CharBuffer chars, Instant now) {
        JsonBodyDecoder.Result json = decoder.decode(body, chars);
        return json.ok() ? parseDecoded(json.value(), now) : invalid(json.error());
    }

    public ParseResult<RecallRequest> parse(JsonObject body, Instant now) {
        return parseDecoded(body, now);
    }

    /**
     * Required query parameters that are ids (the contract's {@code Id} schema), in the order
     * named; errors point at {@code /query/NAME}.
     */
    public ParseResult<List<String>> queryIds(io.vertx.core.MultiMap query, String... names) {
        List<FieldError> errors = new ArrayList<>();
        List<String> values = new ArrayList<>(names.length);
        for (String name : names) {
            List<String> all = query.getAll(name);
            if (all.isEmpty()) {
                errors.add(new FieldError("/query/" + name, "is required"));
                continue;
            }
            if (all.size() > 1) {
                errors.add(new FieldError("/query/" + name, "is given more than once"));
                continue;
            }
            String value = all.get(0);
            for (FieldError e : validator.validate(ID_SCHEMA, value)) {
                errors.add(new FieldError("/query/" + name + e.pointer(), e.detail()));
            }
            values.add(value);
        }
        return errors.isEmpty()
                ? ParseResult.ok(List.copyOf(values))
                : ParseResult.invalid(BodyValidator.sorted(errors));
    }

    /**
     * A path parameter that is an id (the contract's {@code Id} schema), e.g. the
     * {@code holdId} of {@code /v1/holds/{holdId}/release}; errors point at {@code /path/NAME}.
     */
    public ParseResult<String> pathId(String name, String value) {
        if (value == null) {
            return ParseResult.invalid(List.of(new FieldError("/path/" + name, "is required")));
        }
        List<FieldError> errors = new ArrayList<>();
        for (FieldError e : validator.validate(ID_SCHEMA, value)) {
            errors.add(new FieldError("/path/" + name + e.pointer(), e.detail()));
        }
        return errors.isEmpty() ? ParseResult.ok(value) : ParseResult.invalid(errors);
    }

    /**
     * Required query parameters that are tree sizes (the contract's {@code TreeSize} schema: a
     * whole number, written in plain decimal digits), in the order named; errors point at
     * {@code /query/NAME}.
     */
    public ParseResult<List<Long>> queryCounts(io.vertx.core.MultiMap query, String... names) {
        List<FieldError> errors = new ArrayList<>();
        List<Long> values = new ArrayList<>(names.length);
        for (String name : names) {
            List<String> all = query.getAll(name);
            if (all.isEmpty()) {
                errors.add(new FieldError("/query/" + name, "is required"));
                continue;
            }
            if (all.size() > 1) {
                errors.add(new FieldError("/query/" + name, "is given more than once"));
                continue;
            }
            String value = all.get(0);
            Long n = value.matches("[0-9]{1,19}") ? parseLong(value) : null;
            if (n == null) {
                errors.add(new FieldError("/query/" + name, "must be a whole number written in decimal digits"));
                continue;
            }
            for (FieldError e : validator.validate(TREE_SIZE_SCHEMA, n)) {
                errors.add(new FieldError("/query/" + name + e.pointer(), e.detail()));
            }
            values.add(n);
        }
        return errors.isEmpty()
                ? ParseResult.ok(List.copyOf(values))
                : ParseResult.invalid(BodyValidator.sorted(errors));
    }

    private static Long parseLong(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * For scenario tests kept in the rules folder: the request, or IllegalArgumentException naming
     * every bad field. Tests are written in the API's own shape, so they go through this same parser.
     */
    public RecallRequest read(JsonObject body) {
        ParseResult<RecallRequest> r = parse(body, Instant.now());
        if (!r.ok()) {
            throw new IllegalArgumentException(String.join(
                    "; ",
                    r.errors().stream().map(e -> e.pointer() + " " + e.detail()).toList()));
        }
        return r.value();
    }

    /** Parses {@code {"requests": [...]}} (1–500 items); pointers name the item, e.g. {@code /requests/3/at}. */
    public ParseResult<List<RecallRequest>> parseBatch(Buffer body, Instant now) {
        CharBuffer chars = JsonBodyDecoder.utf8(body);
        if (chars != null) {
            List<RecallRequest> all = fast.readBatch(chars.array(), chars.arrayOffset(), chars.remaining(), now);
            if (all != null) {
                return ParseResult.ok(all);
            }
        }
        return parseBatchThoroughly(body, chars, now);
    }

    /** The thorough way alone (the fast path's reference in tests). */
    ParseResult<List<RecallRequest>> parseBatchThoroughly(Buffer body, Instant now) {
        return parseBatchThoroughly(body, JsonBodyDecoder.utf8(body), now);
    }

    private ParseResult<List<RecallRequest>> parseBatchThoroughly(Buffer body, CharBuffer chars, Instant now) {
        JsonBodyDecoder.Result json = decoder.decode(body, chars);
        return json.ok() ? parseBatchDecoded(json.value(), now) : invalid(json.error());
    }

    public ParseResult<List<RecallRequest>> parseBatch(JsonObject body, Instant now) {
        return parseBatchDecoded(body, now);
    }

    /**
     * Decodes and checks a body against any named request schema (e.g. {@link #HOLD_SCHEMA}),
     * for endpoints that need no model conversion here.
     */
    public ParseResult<JsonObject> parseObject(String schemaName, Buffer body) {
        JsonBodyDecoder.Result json = decoder.decode(body);
        if (!json.ok()) {
            return invalid(json.error());
        }
        List<FieldError> errors = validator.validate(schemaName, json.value());
        return errors.isEmpty() ? ParseResult.ok((JsonObject) json.value()) : ParseResult.invalid(errors);
    }

    private ParseResult<RecallRequest> parseDecoded(Object json, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        validator.node(DECISION_SCHEMA).validate(json, "", errors);
        CrossFieldRules.check(json, "", now, errors);
        if (!errors.isEmpty()) {
            return ParseResult.invalid(BodyValidator.sorted(errors));
        }
        return ParseResult.ok(toRequest((JsonObject) json, now));
    }

    private ParseResult<List<RecallRequest>> parseBatchDecoded(Object json, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        validator.node(BATCH_SCHEMA).validate(json, "", errors);
        JsonArray items = json instanceof JsonObject o && o.getValue("requests") instanceof JsonArray a ? a : null;
        if (items != null) {
            for (int i = 0; i < items.size(); i++) {
                CrossFieldRules.check(items.getValue(i), "/requests/" + i, now, errors);
            }
        }
        if (!errors.isEmpty()) {
            return ParseResult.invalid(BodyValidator.sorted(errors));
        }
        List<RecallRequest> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            out.add(toRequest(items.getJsonObject(i), now));
        }
        return ParseResult.ok(List.copyOf(out));
    }

    /** Builds the model from a body that passed validation (so every cast and parse succeeds). */
    private static RecallRequest toRequest(JsonObject b, Instant now) {
        JsonObject m = b.getJsonObject("message");
        JsonObject r = b.getJsonObject("requester");
        String repliedAt = m.getString("repliedAt");
        JsonArray tags = m.getJsonArray("tags");
        List<String> tagList = new ArrayList<>(tags == null ? 0 : tags.size());
        if (tags != null) {
            for (int i = 0; i < tags.size(); i++) {
                tagList.add(tags.getString(i));
            }
        }
        Message message = new Message(
                m.getString("id"),
                m.getString("senderId"),
                Role.fromJson(m.getString("senderRole")),
                MessageKind.fromJson(m.getString("kind", "text")),
                MessageText.repaired(m.getString("text")),
                Rfc3339.parse(m.getString("sentAt")),
                repliedAt == null ? null : Rfc3339.parse(repliedAt),
                Boolean.TRUE.equals(m.getBoolean("latest")),
                tagList);
        String at = b.getString("at");
        return new RecallRequest(
                b.getString("requestId"),
                Mode.fromJson(b.getString("mode", "enforce")),
                b.getString("scenario"),
                b.getString("conversationId"),
                message,
                new Requester(r.getString("id"), Role.fromJson(r.getString("role"))),
                at == null ? now : Rfc3339.parse(at));
    }

    private static <T> ParseResult<T> invalid(FieldError error) {
        return ParseResult.invalid(List.of(error));
    }
}
