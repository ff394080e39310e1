package io.recallgate.http.contract;

import static io.recallgate.http.contract.Fixtures.REMOVE;
import static io.recallgate.http.contract.Fixtures.batch;
import static io.recallgate.http.contract.Fixtures.fullRequest;
import static io.recallgate.http.contract.Fixtures.minimalRequest;
import static io.recallgate.http.contract.Fixtures.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The request validator is compiled from openapi.yaml by our own code ({@link SchemaNode}); this
 * checks it against an independent implementation, Vert.x's JSON Schema validator, on a corpus
 * of good and bad bodies: both must agree on valid/invalid and on which fields are bad.
 *
 * <p>Vert.x reports a missing required field at the parent and, once an object has an error,
 * also flags its declared properties as "additional"; the translation below undoes both.
 */
class SchemaCrossCheckTest {

    private static final OpenApiDocument DOC = OpenApiDocument.load();
    private static final BodyValidator OURS = new BodyValidator(DOC);
    private static final JsonSchemaOptions OPTIONS = new JsonSchemaOptions()
            .setDraft(Draft.DRAFT202012)
            .setBaseUri("app:///")
            .setOutputFormat(OutputFormat.Basic);
    private static final SchemaRepository REPO =
            SchemaRepository.create(OPTIONS).dereference("app:///", JsonSchema.of(DOC.json()));
    private static final Set<String> LEAF_KEYWORDS = Set.of(
            "type",
            "enum",
            "minLength",
            "maxLength",
            "pattern",
            "format",
            "minItems",
            "maxItems",
            "required",
            "additionalProperties");
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");

    private static Validator vertx(String schema) {
        return REPO.validator(
                JsonSchema.of(new JsonObject().put("$ref", "app:///#/components/schemas/" + schema)), OPTIONS);
    }

    /** Bad fields according to Vert.x, as pointers. */
    private static Set<String> vertxPointers(OutputUnit result) {
        Set<String> pointers = new TreeSet<>();
        for (OutputUnit e : result.getErrors()) {
            String keyword =
                    e.getKeywordLocation().substring(e.getKeywordLocation().lastIndexOf('/') + 1);
            if (!LEAF_KEYWORDS.contains(keyword)) {
                continue;
            }
            String at = e.getInstanceLocation().substring(1); // "#/message" -> "/message"
            if (keyword.equals("required")) {
                at = at + "/" + quoted(e.getError());
            } else if (keyword.equals("additionalProperties")) {
                if (declared(e.getAbsoluteKeywordLocation(), quoted(e.getError()))) {
                    continue;
                }
                at = at.substring(0, at.lastIndexOf('/')); // ours points at the object, not the unknown name
            }
            pointers.add(at);
        }
        return pointers;
    }

    private static boolean declared(String absoluteKeywordLocation, String property) {
        // app:///#/components/schemas/Message/additionalProperties
        String[] parts = absoluteKeywordLocation.split("/");
        String schema = parts[parts.length - 2];
        return DOC.json()
                .getJsonObject("components")
                .getJsonObject("schemas")
                .getJsonObject(schema)
                .getJsonObject("properties")
                .containsKey(property);
    }

    private static String quoted(String message) {
        Matcher m = QUOTED.matcher(message);
        assertTrue(m.find(), message);
        return m.group(1);
    }

    private static Set<String> ourPointers(String schema, Object body) {
        Set<String> pointers = new TreeSet<>();
        for (FieldError e : OURS.validate(schema, body)) {
            pointers.add(e.pointer());
        }
        return pointers;
    }

    private static Map<String, JsonObject> corpus() {
        Map<String, JsonObject> c = new LinkedHashMap<>();
        c.put("full", fullRequest());
        c.put("minimal", minimalRequest());
        c.put("repliedAt null", with(fullRequest(), "/message/repliedAt", null));
        c.put("id 128", with(fullRequest(), "/conversationId", "x".repeat(128)));
        c.put("id 128 emoji", with(fullRequest(), "/conversationId", "\uD83D\uDE00".repeat(128)));
        c.put("scenario 64", with(fullRequest(), "/scenario", "a".repeat(64)));
        c.put("text 65536", with(fullRequest(), "/message/text", "字".repeat(65536)));
        c.put("offset time", with(fullRequest(), "/at", "2026-11-24T16:01:00.25+08:00"));
        c.put("empty requestId", with(fullRequest(), "/requestId", ""));
        c.put("id NUL", with(fullRequest(), "/conversationId", "c\u0000"));
        c.put("id lone high surrogate", with(fullRequest(), "/message/id", "m\uD800"));
        c.put("id lone low surrogate", with(fullRequest(), "/requester/id", "\uDC00u"));
        c.put("id reversed pair", with(fullRequest(), "/message/senderId", "\uDE00\uD83D"));
        c.put("requestId NUL", with(fullRequest(), "/requestId", "\u0000"));
        c.put("requestId lone surrogate", with(fullRequest(), "/requestId", "r\uDBFF"));
        c.put("text NUL and lone surrogate", with(fullRequest(), "/message/text", "a\u0000b\uD800c"));
        JsonArray tags32 = new JsonArray();
        for (int i = 0; i < 32; i++) {
            tags32.add("t_" + i);
        }
        c.put("32 tags", with(fullRequest(), "/message/tags", tags32.copy()));

        for (String p : List.of(
                "/scenario",
                "/conversationId",
                "/message",
                "/requester",
                "/message/id",
                "/message/senderId",
                "/message/senderRole",
                "/message/sentAt",
                "/requester/id",
                "/requester/role")) {
            c.put("missing " + p, with(fullRequest(), p, REMOVE));
        }
        c.put("conversationId number", with(fullRequest(), "/conversationId", 5));
        c.put("latest string", with(fullRequest(), "/message/latest", "yes"));
        c.put("tags string", with(fullRequest(), "/message/tags", "a"));
        c.put("message string", with(fullRequest(), "/message", "x"));
        c.put("repliedAt number", with(fullRequest(), "/message/repliedAt", 7));
        c.put("at null", with(fullRequest(), "/at", null));
        c.put("senderRole enum", with(fullRequest(), "/message/senderRole", "boss"));
        c.put("mode enum", with(fullRequest(), "/mode", "ENFORCE"));
        c.put("kind enum", with(fullRequest(), "/message/kind", "video"));
        c.put("kind number", with(fullRequest(), "/message/kind", 1));
        c.put("id 129", with(fullRequest(), "/message/id", "x".repeat(129)));
        c.put("id 129 emoji", with(fullRequest(), "/message/id", "\uD83D\uDE00".repeat(129)));
        c.put("requestId 129", with(fullRequest(), "/requestId", "x".repeat(129)));
        c.put("id empty", with(fullRequest(), "/requester/id", ""));
        c.put("scenario upper", with(fullRequest(), "/scenario", "After_Sales"));
        c.put("scenario 65", with(fullRequest(), "/scenario", "a".repeat(65)));
        c.put("scenario empty", with(fullRequest(), "/scenario", ""));
        c.put("scenario dash", with(fullRequest(), "/scenario", "after-sales"));
        c.put("33 tags", with(fullRequest(), "/message/tags", tags32.copy().add("t_32")));
        c.put(
                "bad tags",
                with(
                        fullRequest(),
                        "/message/tags",
                        new JsonArray().add("ok").add("Bad").add(3).add("x".repeat(65))));
        c.put("text 65537", with(fullRequest(), "/message/text", "字".repeat(65537)));
        c.put("extra top", with(fullRequest(), "/extra", 1));
        c.put("extra message", with(fullRequest(), "/message/textt", "x"));
        c.put("extra requester", with(fullRequest(), "/requester/tenant", "x"));
        for (String t : List.of(
                "2026-11-24 08:00:00Z",
                "2026-11-24T08:00Z",
                "2026-02-30T08:00:00Z",
                "2026-11-24T25:00:00Z",
                "yesterday",
                "2026-11-24")) {
            c.put("sentAt " + t, with(fullRequest(), "/message/sentAt", t));
            c.put("at " + t, with(fullRequest(), "/at", t));
        }
        JsonObject kitchenSink = fullRequest();
        with(kitchenSink, "/mode", "x");
        with(kitchenSink, "/scenario", "X");
        with(kitchenSink, "/conversationId", "");
        with(kitchenSink, "/message/senderId", REMOVE);
        with(kitchenSink, "/message/senderRole", "boss");
        with(kitchenSink, "/message/sentAt", "soon");
        with(kitchenSink, "/message/zzz", 1);
        with(kitchenSink, "/requester/role", REMOVE);
        with(kitchenSink, "/at", "nope");
        with(kitchenSink, "/extra", true);
        c.put("kitchen sink", kitchenSink);
        return c;
    }

    @Test
    void decisionRequestRulesAgreeWithVertxJsonSchema() {
        Validator vertx = vertx(RequestParser.DECISION_SCHEMA);
        List<String> disagreements = new ArrayList<>();
        int valid = 0;
        for (Map.Entry<String, JsonObject> e : corpus().entrySet()) {
            OutputUnit theirs = vertx.validate(e.getValue());
            Set<String> ours = ourPointers(RequestParser.DECISION_SCHEMA, e.getValue());
            Set<String> expected = theirs.getValid() ? Set.of() : vertxPointers(theirs);
            if (theirs.getValid() != ours.isEmpty() || !expected.equals(ours)) {
                disagreements.add(e.getKey() + ": vertx " + expected + " ours " + ours);
            }
            valid += theirs.getValid() ? 1 : 0;
        }
        assertEquals(List.of(), disagreements);
        assertEquals(10, valid, "the corpus has 10 valid bodies");
    }

    @Test
    void batchRulesAgreeWithVertxJsonSchema() {
        Validator vertx = vertx(RequestParser.BATCH_SCHEMA);
        JsonObject badItem =
                batch(fullRequest(), fullRequest(), fullRequest(), with(fullRequest(), "/message/sentAt", REMOVE));
        for (JsonObject body : List.of(
                batch(fullRequest()), batch(), badItem, new JsonObject(), new JsonObject().put("requests", 1))) {
            OutputUnit theirs = vertx.validate(body);
            Set<String> ours = ourPointers(RequestParser.BATCH_SCHEMA, body);
            assertEquals(theirs.getValid() ? Set.of() : vertxPointers(theirs), ours, body.encode());
        }
        assertEquals(Set.of("/requests/3/message/sentAt"), ourPointers(RequestParser.BATCH_SCHEMA, badItem));
    }

    @Test
    void holdRulesAgreeWithVertxJsonSchema() {
        Validator vertx = vertx(RequestParser.HOLD_SCHEMA);
        JsonObject good = new JsonObject()
                .put("conversationId", "c-1")
                .put("messageIds", new JsonArray().add("m-1"))
                .put("reason", "refund dispute #88")
                .put("placedBy", "agent-7");
        for (JsonObject body : List.of(
                good,
                with(good.copy(), "/messageIds", REMOVE),
                with(good.copy(), "/reason", ""),
                with(good.copy(), "/placedBy", REMOVE),
                with(good.copy(), "/messageIds", new JsonArray().add("")),
                with(good.copy(), "/x", 1),
                with(good.copy(), "/reason", "dispute\u0000"),
                with(good.copy(), "/messageIds", new JsonArray().add("m\uD800")),
                with(good.copy(), "/placedBy", "agent\uDFFF"))) {
            OutputUnit theirs = vertx.validate(body);
            assertEquals(
                    theirs.getValid() ? Set.of() : vertxPointers(theirs),
                    ourPointers(RequestParser.HOLD_SCHEMA, body),
                    body.encode());
        }
    }

    @Test
    void impactRulesAgreeWithVertxJsonSchema() {
        Validator vertx = vertx(ImpactRequestParser.SCHEMA);
        JsonObject good = new JsonObject()
                .put(
                        "files",
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("path", "settings.csv")
                                        .put("content", "a,b\n"))
                                .add(new JsonObject()
                                        .put("path", "tests/07-after-sales.yaml")
                                        .put("content", "Y2FzZXM6IFtdCg==")
                                        .put("encoding", "base64")))
                .put("since", "2026-11-17T00:00:00Z")
                .put("until", "2026-11-24T00:00:00Z");
        for (JsonObject body : List.of(
                good,
                with(good.copy(), "/since", REMOVE),
                with(good.copy(), "/files", REMOVE),
                with(good.copy(), "/files", new JsonArray()),
                with(good.copy(), "/files/0/path", "/settings.csv"),
                with(good.copy(), "/files/0/path", "a//b.csv"),
                with(good.copy(), "/files/0/path", "a\\b.csv"),
                with(good.copy(), "/files/0/path", "a\u0001.csv"),
                with(good.copy(), "/files/0/path", "tests/"),
                with(good.copy(), "/files/0/path", ""),
                with(good.copy(), "/files/0/content", 1),
                with(good.copy(), "/files/1/encoding", "hex"),
                with(good.copy(), "/files/1/x", 1),
                with(good.copy(), "/until", "tomorrow"),
                with(good.copy(), "/x", 1))) {
            OutputUnit theirs = vertx.validate(body);
            assertEquals(
                    theirs.getValid() ? Set.of() : vertxPointers(theirs),
                    ourPointers(ImpactRequestParser.SCHEMA, body),
                    body.encode());
        }
    }

    /**
     * The intended differences, where Vert.x is laxer than the standards it implements:
     * JSON Schema patterns are ECMA-262, where {@code $} matches only at the very end (Vert.x runs
     * them as Java regexes, where it also matches before a final newline); and an RFC 3339
     * date-time must carry an offset (Vert.x accepts a bare local time, which would make the
     * recall window depend on a guessed time zone).
     */
    @Test
    void whereVertxIsLaxOursRejects() {
        Validator vertx = vertx(RequestParser.DECISION_SCHEMA);
        Map<String, JsonObject> cases = Map.of(
                "/scenario", with(fullRequest(), "/scenario", "after_sales\n"),
                "/message/sentAt", with(fullRequest(), "/message/sentAt", "2026-11-24T08:00:00"));
        for (Map.Entry<String, JsonObject> c : cases.entrySet()) {
            assertTrue(
                    vertx.validate(c.getValue()).getValid(),
                    "Vert.x behaviour changed; revisit SchemaNode: " + c.getKey());
            assertEquals(Set.of(c.getKey()), ourPointers(RequestParser.DECISION_SCHEMA, c.getValue()));
        }
    }
}
