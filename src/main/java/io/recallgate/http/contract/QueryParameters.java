package io.recallgate.http.contract;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The query parameters of one operation of {@code openapi.yaml}, checked against the parameters
 * the contract declares for it: each parameter's schema (types, enums, patterns, date-time,
 * array items, minimum/maximum), {@code required}, and its {@code default} when absent. An integer
 * parameter is plain decimal digits (a Long, or the contract's default). An array parameter is
 * written {@code style: form, explode: false}: one comma-separated value
 * ({@code groupBy=scenario,outcome}); an empty value is an empty array.
 *
 * <p>Errors point at {@code /query/NAME} (and {@code /query/NAME/i} for an array item). A query
 * that carries a parameter the operation does not declare is refused with a pointer at
 * {@code /query}, naming the declared parameters but never echoing what the client typed: a
 * misspelt {@code groupby} must not silently give an ungrouped report.
 *
 * <p>Built once at start-up (a parameter style or schema keyword the validator cannot handle
 * fails there), then immutable and shared by every event loop.
 */
public final class QueryParameters {

    private record Parameter(
            String name, boolean required, boolean array, boolean integer, SchemaNode schema, Object defaultValue) {}

    /** An integer parameter as written in a query: plain decimal digits, an optional minus sign. */
    private static final java.util.regex.Pattern INTEGER = java.util.regex.Pattern.compile("-?[0-9]{1,18}");

    private final Map<String, Parameter> parameters;

    private QueryParameters(Map<String, Parameter> parameters) {
        this.parameters = parameters;
    }

    /** The query parameters of the operation {@code operationId} of {@code document}. */
    public static QueryParameters of(OpenApiDocument document, String operationId) {
        JsonObject operation = operation(document.json(), operationId);
        JsonObject schemas = document.schemas();
        Map<String, Parameter> out = new LinkedHashMap<>();
        JsonArray declared = operation.getJsonArray("parameters", new JsonArray());
        for (int i = 0; i < declared.size(); i++) {
            JsonObject p = declared.getJsonObject(i);
            if (!"query".equals(p.getString("in"))) {
                continue;
            }
            String name = p.getString("name");
            String where = operationId + " parameter " + name;
            JsonObject schema = p.getJsonObject("schema");
            boolean array = "array".equals(schema.getString("type"));
            if (array
                    && (!"form".equals(p.getString("style", "form"))
                            || !Boolean.FALSE.equals(p.getBoolean("explode")))) {
                throw new IllegalStateException(
                        "openapi.yaml " + where + ": only style: form, explode: false arrays are supported");
            }
            boolean integer = "integer".equals(schema.getString("type"));
            if (!array && !integer && schema.containsKey("type") && !"string".equals(schema.getString("type"))) {
                throw new IllegalStateException(
                        "openapi.yaml " + where + ": only string, integer and array parameters");
            }
            out.put(
                    name,
                    new Parameter(
                            name,
                            Boolean.TRUE.equals(p.getBoolean("required")),
                            array,
                            integer,
                            SchemaNode.compileInline(schemas, schema, where),
                            schema.getValue("default")));
        }
        return new QueryParameters(Map.copyOf(out));
    }

    /**
     * What a query gave: the valid values of the declared parameters present or defaulted by the
     * contract (a String, a Number for an integer parameter, or a JsonArray of Strings for an array parameter; absent parameters
     * without a default and invalid ones are left out), and every error, sorted. Valid values are
     * kept beside the errors so that rules between parameters can still be checked and every bad
     * parameter named in one answer.
     */
    public record Checked(Map<String, Object> values, List<FieldError> errors) {}

    public Checked parse(MultiMap query) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, Object> values = new LinkedHashMap<>();
        for (String name : query.names()) {
            if (!parameters.containsKey(name)) {
                errors.add(new FieldError(
                        "/query",
                        "has a parameter this operation does not take (it takes "
                                + String.join(
                                        ", ",
                                        parameters.keySet().stream().sorted().toList()) + ")"));
                break;
            }
        }
        for (Parameter p : parameters.values()) {
            String pointer = "/query/" + SchemaNode.escape(p.name());
            List<String> given = query.getAll(p.name());
            Object value;
            if (given.isEmpty()) {
                if (p.defaultValue() != null) {
                    values.put(p.name(), p.defaultValue() instanceof JsonArray a ? a.copy() : p.defaultValue());
                } else if (p.required()) {
                    errors.add(new FieldError(pointer, "is required"));
                }
                continue;
            }
            if (given.size() > 1) {
                errors.add(new FieldError(
                        pointer,
                        p.array() ? "must be given once, its items separated by commas" : "must be given once"));
                continue;
            }
            String raw = given.get(0);
            if (p.array()) {
                JsonArray items = new JsonArray();
                if (!raw.isEmpty()) {
                    for (String item : raw.split(",", -1)) {
                        items.add(item);
                    }
                }
                value = items;
            } else if (p.integer()) {
                if (!INTEGER.matcher(raw).matches()) {
                    errors.add(new FieldError(pointer, "must be a whole number written in decimal digits"));
                    continue;
                }
                value = Long.parseLong(raw);
            } else {
                value = raw;
            }
            int before = errors.size();
            p.schema().validate(value, pointer, errors);
            if (errors.size() == before) {
                values.put(p.name(), value);
            }
        }
        return new Checked(Map.copyOf(values), BodyValidator.sorted(errors));
    }

    private static JsonObject operation(JsonObject doc, String operationId) {
        JsonObject paths = doc.getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            JsonObject item = paths.getJsonObject(path);
            for (String method : item.fieldNames()) {
                if (item.getValue(method) instanceof JsonObject op && operationId.equals(op.getString("operationId"))) {
                    return op;
                }
            }
        }
        throw new IllegalStateException("openapi.yaml has no operation " + operationId);
    }
}
