package io.recallgate.http.contract;

import io.recallgate.decision.ImpactRequest;
import io.recallgate.model.Rfc3339;
import io.recallgate.policy.RuleFile;
import io.recallgate.policy.RuleFolder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /v1/policy/impact}: first checked against the contract's
 * {@value #SCHEMA} schema (the fields, the path's shape, at most {@value #MAX_FILES} files,
 * {@code since}/{@code until} RFC 3339, no unknown fields), then what a schema cannot say, each
 * problem named by its pointer in one 400:
 *
 * <ul>
 *   <li>a file's {@code content} is its text, or with {@code "encoding": "base64"} the base64 of
 *       its bytes (for a file that is not UTF-8 text, e.g. a CSV saved as GBK: the service then
 *       sees the very bytes a reload would read, and says what a reload would say); text must be
 *       encodable as UTF-8 (no unpaired surrogate);</li>
 *   <li>a path is a file a rules folder reads: inside it (no {@code .} or {@code ..}), not hidden
 *       ({@code .x}) and no editor leftover
 *       ({@code x~}, {@code #x}, {@code x.swp}, {@code x.tmp}), which a folder ignores; and each
 *       path once;</li>
 *   <li>{@code since} defaults to {@code until} minus {@value #DEFAULT_DAYS} days, {@code until}
 *       to the server clock; {@code since} must be before {@code until}, at most
 *       {@value #MAX_DAYS} days before it.</li>
 * </ul>
 */
public final class ImpactRequestParser {

    public static final String SCHEMA = "PolicyImpactRequest";
    public static final int MAX_FILES = 200;
    public static final int DEFAULT_DAYS = 7;
    public static final int MAX_DAYS = 366;

    private final BodyValidator validator;

    public ImpactRequestParser(BodyValidator validator) {
        this.validator = validator.precompile(SCHEMA);
    }

    public ParseResult<ImpactRequest> parse(Buffer body, Instant now) {
        Object json;
        try {
            json = body == null || body.length() == 0 ? null : Json.decodeValue(body);
        } catch (DecodeException e) {
            json = null;
        }
        if (!(json instanceof JsonObject)) {
            return ParseResult.invalid(
                    List.of(new FieldError("", json == null ? RequestParser.NOT_JSON : "must be an object")));
        }
        return parse((JsonObject) json, now);
    }

    public ParseResult<ImpactRequest> parse(JsonObject body, Instant now) {
        List<FieldError> errors = new ArrayList<>(validator.validate(SCHEMA, body));
        List<RuleFile> files = files(body, errors);
        Instant until = body.containsKey("until") ? instant(body.getValue("until")) : now;
        Instant since = body.containsKey("since")
                ? instant(body.getValue("since"))
                : until == null ? null : until.minus(Duration.ofDays(DEFAULT_DAYS));
        if (since != null && until != null) {
            if (!since.isBefore(until)) {
                errors.add(new FieldError(
                        "/since",
                        body.containsKey("until")
                                ? "must be before until"
                                : "must be before until (until is absent: the server clock)"));
            } else if (Duration.between(since, until).compareTo(Duration.ofDays(MAX_DAYS)) > 0) {
                errors.add(new FieldError("/until", "must be at most " + MAX_DAYS + " days after since"));
            }
        }
        if (!errors.isEmpty()) {
            return ParseResult.invalid(BodyValidator.sorted(errors));
        }
        return ParseResult.ok(new ImpactRequest(files, since, until));
    }

    /** The files, each checked where the schema cannot; a file with any error is left out. */
    private static List<RuleFile> files(JsonObject body, List<FieldError> errors) {
        List<RuleFile> out = new ArrayList<>();
        if (!(body.getValue("files") instanceof JsonArray list)) {
            return out;
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.getValue(i) instanceof JsonObject f)
                    || !(f.getValue("path") instanceof String path)
                    || !(f.getValue("content") instanceof String content)) {
                continue; // the schema names what is missing or mistyped
            }
            String at = "/files/" + i;
            boolean ok = true;
            if (List.of(path.split("/", -1)).stream().anyMatch(n -> n.equals(".") || n.equals(".."))) {
                errors.add(new FieldError(
                        at + "/path", "must name a file inside the rules folder, without . or .. between the slashes"));
                ok = false;
            } else if (RuleFolder.ignores(path)) {
                errors.add(new FieldError(
                        at + "/path",
                        "names a hidden file or an editor's leftover (.x, x~, #x, x.swp, x.tmp), which a rules"
                                + " folder ignores; leave it out"));
                ok = false;
            }
            Integer earlier = seen.putIfAbsent(path, i);
            if (earlier != null) {
                errors.add(new FieldError(at + "/path", "is also the path of /files/" + earlier));
                ok = false;
            }
            byte[] bytes = bytes(content, f.getValue("encoding"), at, errors);
            if (ok && bytes != null) {
                out.add(RuleFile.of(path, bytes));
            }
        }
        return out;
    }

    /** The file's bytes, or null (and an error) when its content cannot be turned into them. */
    private static byte[] bytes(String content, Object encoding, String at, List<FieldError> errors) {
        if ("base64".equals(encoding)) {
            try {
                return Base64.getDecoder().decode(content);
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError(at + "/content", "is not base64 (RFC 4648, with padding)"));
                return null;
            }
        }
        if (encoding != null) {
            return null; // the schema names the bad encoding
        }
        try {
            ByteBuffer b = StandardCharsets.UTF_8
                    .newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(content));
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } catch (CharacterCodingException e) {
            errors.add(new FieldError(
                    at + "/content",
                    "holds an unpaired surrogate, which UTF-8 text cannot; send a file that is not UTF-8 text as"
                            + " base64 with \"encoding\": \"base64\""));
            return null;
        }
    }

    private static Instant instant(Object v) {
        return v instanceof String s ? Rfc3339.parse(s) : null;
    }
}
