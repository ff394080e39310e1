package io.recallgate.http.contract;

import io.recallgate.model.Rfc3339;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One JSON Schema from {@code openapi.yaml}, compiled once into plain fields so that checking a
 * request is a walk over the body with no schema interpretation left to do.
 *
 * <p>Why not Vert.x's {@code io.vertx.json.schema.Validator}: measured on a typical decision
 * request it costs ~110 µs (valid) to ~280 µs (invalid) per call on the event loop, reports a
 * missing required field at its parent's pointer, and flags declared properties as "additional"
 * once an object has any error. This class supports exactly the keywords the request schemas
 * use and refuses any other at start-up, so a keyword added to the yaml can never be silently
 * ignored. {@code SchemaCrossCheckTest} checks that it agrees with Vert.x's validator.
 *
 * <p>Two deliberate, documented differences from a literal reading: {@code maxLength} and
 * {@code minLength} count Unicode code points (as JSON Schema says), and a pattern ending in
 * {@code $} is anchored at the very end of the string as in ECMA-262 (Java's {@code $} would
 * also match before a trailing newline).
 */
final class SchemaNode {

    private static final Set<String> ANNOTATIONS = Set.of(
            "description",
            "default",
            "example",
            "examples",
            "title",
            "$comment",
            "deprecated",
            "readOnly",
            "writeOnly",
            "x-pattern-detail");
    private static final Set<String> KEYWORDS = Set.of(
            "$ref",
            "type",
            "enum",
            "minLength",
            "maxLength",
            "pattern",
            "format",
            "properties",
            "required",
            "additionalProperties",
            "items",
            "minItems",
            "maxItems",
            "uniqueItems",
            "minimum",
            "maximum");
    private static final String REF_PREFIX = "#/components/schemas/";

    private Set<String> types; // null: any type
    private String typeDetail;
    private List<String> enumValues; // null: no enum (only string enums are supported)
    private String enumDetail;
    private int minLength = -1;
    private int maxLength = -1;
    private Pattern pattern;
    private java.util.function.Predicate<String>
            patternMatch; // the pattern, as a hand-written scan when it is a common one
    private String patternDetail;
    private boolean dateTime;
    private Map<String, SchemaNode> properties;
    private List<String> required = List.of();
    private boolean additionalProperties = true;
    private SchemaNode items;
    private int minItems = -1;
    private int maxItems = -1;
    private boolean uniqueItems;
    private java.math.BigDecimal minimum; // null: none
    private java.math.BigDecimal maximum;

    private SchemaNode() {}

    /** Compiles {@code components.schemas[name]} and everything it refers to. */
    static SchemaNode compile(JsonObject schemas, String name) {
        return new Compiler(schemas).named(name);
    }

    /**
     * Compiles a schema written in place (e.g. a query parameter's {@code schema}), resolving its
     * {@code $ref}s against {@code schemas}; {@code where} names it in start-up errors.
     */
    static SchemaNode compileInline(JsonObject schemas, JsonObject schema, String where) {
        return new Compiler(schemas).anonymous(schema, where);
    }

    /** The schema of property {@code name}, or null when this object schema declares none. */
    SchemaNode property(String name) {
        return properties == null ? null : properties.get(name);
    }

    /** How many properties an object schema declares. */
    int propertyCount() {
        return properties == null ? 0 : properties.size();
    }

    /**
     * Whether an array of {@code size} items passes this node's own array rules (type, minItems,
     * maxItems); its items are checked on their own. False when it asks for unique items.
     */
    boolean acceptsArrayOfSize(int size) {
        return (types == null || types.contains("array"))
                && !uniqueItems
                && (minItems < 0 || size >= minItems)
                && (maxItems < 0 || size <= maxItems);
    }

    /** The properties an object must have. */
    List<String> required() {
        return required;
    }

    /** An object may hold no property it does not declare ({@code additionalProperties: false}). */
    boolean closed() {
        return !additionalProperties;
    }

    /** The schema of an array's items, or null. */
    SchemaNode items() {
        return items;
    }

    /**
     * Whether {@code value} has no violation: the same checks as {@link #validate}, for the fast
     * path that builds no pointers ({@link FastRequestReader}).
     */
    boolean accepts(Object value) {
        if (value instanceof String s && (types == null || types.contains("string"))) {
            // validateString's checks, without building errors
            return (enumValues == null || enumValues.contains(s))
                    && (minLength < 0 || s.length() >= 2 * minLength || s.codePointCount(0, s.length()) >= minLength)
                    && (maxLength < 0 || s.length() <= maxLength || s.codePointCount(0, s.length()) <= maxLength)
                    && (pattern == null || patternMatch.test(s))
                    && (!dateTime || Rfc3339.parse(s) != null);
        }
        List<FieldError> errors = new ArrayList<>(0);
        validate(value, "", errors);
        return errors.isEmpty();
    }

    /** Appends one error per violation found in {@code value}, which sits at {@code pointer}. */
    void validate(Object value, String pointer, List<FieldError> out) {
        if (types != null && !types.contains(typeOf(value))) {
            if (!(types.contains("number") && value instanceof Number)
                    && !(types.contains("integer") && isIntegral(value))) {
                out.add(new FieldError(pointer, typeDetail));
                return;
            }
        }
        if (value instanceof String s) {
            validateString(s, pointer, out);
        } else if (value instanceof Number n) {
            java.math.BigDecimal v = new java.math.BigDecimal(n.toString());
            if (minimum != null && v.compareTo(minimum) < 0) {
                out.add(new FieldError(pointer, "must be at least " + minimum.toPlainString()));
            } else if (maximum != null && v.compareTo(maximum) > 0) {
                out.add(new FieldError(pointer, "must be at most " + maximum.toPlainString()));
            }
        } else if (value instanceof JsonObject o) {
            validateObject(o, pointer, out);
        } else if (value instanceof JsonArray a) {
            validateArray(a, pointer, out);
        }
    }

    private void validateString(String s, String pointer, List<FieldError> out) {
        if (enumValues != null && !enumValues.contains(s)) {
            out.add(new FieldError(pointer, enumDetail));
            return;
        }
        // code points <= chars <= 2 * code points: count only when the char length is not decisive
        if (minLength >= 0 && s.length() < 2 * minLength && s.codePointCount(0, s.length()) < minLength) {
            out.add(new FieldError(
                    pointer, minLength == 1 ? "must not be empty" : "must be at least " + minLength + " characters"));
        }
        if (maxLength >= 0 && s.length() > maxLength && s.codePointCount(0, s.length()) > maxLength) {
            out.add(new FieldError(pointer, "must be at most " + maxLength + " characters"));
        }
        if (pattern != null && !patternMatch.test(s)) {
            out.add(new FieldError(pointer, patternDetail));
        }
        if (dateTime && Rfc3339.parse(s) == null) {
            out.add(new FieldError(pointer, "must be an RFC 3339 date-time"));
        }
    }

    private void validateObject(JsonObject o, String pointer, List<FieldError> out) {
        for (String name : required) {
            if (!o.containsKey(name)) {
                out.add(new FieldError(pointer + "/" + escape(name), "is required"));
            }
        }
        for (Map.Entry<String, Object> field : o) {
            SchemaNode child = properties == null ? null : properties.get(field.getKey());
            if (child != null) {
                child.validate(field.getValue(), pointer + "/" + escape(field.getKey()), out);
            } else if (!additionalProperties) {
                // at the object, not at the key: an error never echoes what the client sent
                out.add(new FieldError(pointer, unknownFieldDetail()));
            }
        }
    }

    private String unknownFieldDetail() {
        return properties == null || properties.isEmpty()
                ? "has a field that is not in the contract"
                : "has a field that is not in the contract (known: " + String.join(", ", properties.keySet()) + ")";
    }

    private void validateArray(JsonArray a, String pointer, List<FieldError> out) {
        if (minItems >= 0 && a.size() < minItems) {
            out.add(new FieldError(pointer, "must contain at least " + count(minItems)));
        }
        if (maxItems >= 0 && a.size() > maxItems) {
            out.add(new FieldError(pointer, "must contain at most " + count(maxItems)));
        }
        if (items != null) {
            for (int i = 0; i < a.size(); i++) {
                items.validate(a.getValue(i), pointer + "/" + i, out);
            }
        }
        if (uniqueItems) {
            for (int i = 1; i < a.size(); i++) {
                if (a.getList().subList(0, i).contains(a.getValue(i))) {
                    out.add(new FieldError(pointer + "/" + i, "repeats an earlier item"));
                }
            }
        }
    }

    private static String count(int n) {
        return n + (n == 1 ? " item" : " items");
    }

    static String typeOf(Object v) {
        if (v == null) {
            return "null";
        } else if (v instanceof String) {
            return "string";
        } else if (v instanceof Boolean) {
            return "boolean";
        } else if (v instanceof JsonObject) {
            return "object";
        } else if (v instanceof JsonArray) {
            return "array";
        } else if (v instanceof Number) {
            return isIntegral(v) ? "integer" : "number";
        }
        return v.getClass().getSimpleName();
    }

    private static boolean isIntegral(Object v) {
        if (v instanceof Integer
                || v instanceof Long
                || v instanceof Short
                || v instanceof Byte
                || v instanceof java.math.BigInteger) {
            return true;
        }
        if (v instanceof Number n) {
            double d = n.doubleValue();
            return !Double.isInfinite(d) && d == Math.rint(d);
        }
        return false;
    }

    /** RFC 6901: {@code ~} becomes {@code ~0} and {@code /} becomes {@code ~1}. */
    static String escape(String name) {
        if (name.indexOf('~') < 0 && name.indexOf('/') < 0) {
            return name;
        }
        return name.replace("~", "~0").replace("/", "~1");
    }

    /** Resolves {@code $ref}s (memoised, so shared schemas compile once and cycles terminate). */
    private static final class Compiler {
        private final JsonObject schemas;
        private final Map<String, SchemaNode> byName = new HashMap<>();

        Compiler(JsonObject schemas) {
            this.schemas = schemas;
        }

        SchemaNode named(String name) {
            SchemaNode done = byName.get(name);
            if (done != null) {
                return done;
            }
            JsonObject schema = schemas.getJsonObject(name);
            if (schema == null) {
                throw new IllegalStateException("openapi.yaml has no schema " + name);
            }
            SchemaNode node = new SchemaNode();
            byName.put(name, node);
            fill(node, schema, name);
            return node;
        }

        SchemaNode anonymous(JsonObject schema, String where) {
            if (schema.containsKey("$ref")) {
                for (String key : schema.fieldNames()) {
                    if (!key.equals("$ref") && !ANNOTATIONS.contains(key)) {
                        throw unsupported(where, key + " next to $ref");
                    }
                }
                return named(refName(schema.getString("$ref"), where));
            }
            SchemaNode node = new SchemaNode();
            fill(node, schema, where);
            return node;
        }

        private void fill(SchemaNode node, JsonObject s, String where) {
            for (String key : s.fieldNames()) {
                if (!KEYWORDS.contains(key) && !ANNOTATIONS.contains(key)) {
                    throw unsupported(where, key);
                }
            }
            if (s.containsKey("$ref")) {
                throw unsupported(where, "$ref at the top of a named schema");
            }
            Object type = s.getValue("type");
            if (type != null) {
                List<String> list = type instanceof JsonArray a ? stringList(a) : List.of((String) type);
                node.types = Set.copyOf(list);
                node.typeDetail = typeDetail(list);
            }
            if (s.containsKey("enum")) {
                if (node.types == null || !node.types.equals(Set.of("string"))) {
                    throw unsupported(where, "enum on anything but a string");
                }
                node.enumValues = stringList(s.getJsonArray("enum"));
                node.enumDetail = "must be one of " + String.join(", ", node.enumValues);
            }
            if (s.getValue("minimum") instanceof Number min) {
                node.minimum = new java.math.BigDecimal(min.toString());
            }
            if (s.getValue("maximum") instanceof Number max) {
                node.maximum = new java.math.BigDecimal(max.toString());
            }
            node.minLength = s.getInteger("minLength", -1);
            node.maxLength = s.getInteger("maxLength", -1);
            if (s.containsKey("pattern")) {
                String p = s.getString("pattern");
                node.pattern = Pattern.compile(
                        p.endsWith("$") && !p.endsWith("\\$") ? p.substring(0, p.length() - 1) + "\\z" : p);
                node.patternMatch = StringPatterns.scanFor(p);
                if (node.patternMatch == null) {
                    Pattern compiled = node.pattern;
                    node.patternMatch = v -> compiled.matcher(v).find();
                }
                node.patternDetail = s.getString("x-pattern-detail", "must match the pattern " + p);
            }
            if (s.containsKey("format")) {
                if (!"date-time".equals(s.getString("format"))) {
                    throw unsupported(where, "format " + s.getString("format"));
                }
                node.dateTime = true;
            }
            JsonObject props = s.getJsonObject("properties");
            if (props != null) {
                node.properties = new LinkedHashMap<>();
                for (String p : props.fieldNames()) {
                    node.properties.put(p, anonymous(props.getJsonObject(p), where + "." + p));
                }
            }
            if (s.containsKey("required")) {
                node.required = stringList(s.getJsonArray("required"));
            }
            Object additional = s.getValue("additionalProperties");
            if (additional != null) {
                if (!(additional instanceof Boolean b)) {
                    throw unsupported(where, "additionalProperties other than true/false");
                }
                node.additionalProperties = b;
            }
            if (s.containsKey("items")) {
                node.items = anonymous(s.getJsonObject("items"), where + "[]");
            }
            node.minItems = s.getInteger("minItems", -1);
            node.maxItems = s.getInteger("maxItems", -1);
            node.uniqueItems = Boolean.TRUE.equals(s.getBoolean("uniqueItems"));
        }

        private static String refName(String ref, String where) {
            if (!ref.startsWith(REF_PREFIX) || ref.indexOf('/', REF_PREFIX.length()) >= 0) {
                throw unsupported(where, "$ref " + ref);
            }
            return ref.substring(REF_PREFIX.length());
        }

        private static String typeDetail(List<String> types) {
            List<String> words = new ArrayList<>();
            for (String t : types) {
                words.add(
                        switch (t) {
                            case "string" -> "a string";
                            case "boolean" -> "true or false";
                            case "object" -> "an object";
                            case "array" -> "an array";
                            case "integer" -> "an integer";
                            case "number" -> "a number";
                            case "null" -> "null";
                            default -> throw new IllegalStateException("unknown JSON Schema type " + t);
                        });
            }
            return "must be " + String.join(" or ", words);
        }

        private static List<String> stringList(JsonArray a) {
            List<String> out = new ArrayList<>(a.size());
            for (int i = 0; i < a.size(); i++) {
                out.add(a.getString(i));
            }
            return List.copyOf(out);
        }

        private static IllegalStateException unsupported(String where, String what) {
            return new IllegalStateException("openapi.yaml schema " + where + ": " + what
                    + " is not supported by the request validator; extend SchemaNode first");
        }
    }
}
