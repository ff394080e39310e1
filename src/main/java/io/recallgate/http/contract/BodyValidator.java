package io.recallgate.http.contract;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks JSON bodies against the named request schemas of {@code openapi.yaml}
 * ({@code components.schemas}). Each schema is compiled on first use and kept; a validator is
 * immutable after that and safe to share across event loops.
 */
public final class BodyValidator {

    private final JsonObject schemas;
    private final Map<String, SchemaNode> compiled = new ConcurrentHashMap<>();

    public BodyValidator(OpenApiDocument document) {
        this.schemas = document.schemas();
    }

    /**
     * Every property name declared anywhere in the contract's schemas: the only names an error
     * pointer may contain (API.md: an error response never echoes what the client sent).
     */
    public Set<String> fieldNames() {
        Set<String> names = new HashSet<>();
        collectFieldNames(schemas, names);
        return names;
    }

    private static void collectFieldNames(Object node, Set<String> out) {
        if (node instanceof JsonObject o) {
            if (o.getValue("properties") instanceof JsonObject props) {
                out.addAll(props.fieldNames());
            }
            for (Map.Entry<String, Object> e : o) {
                collectFieldNames(e.getValue(), out);
            }
        } else if (node instanceof JsonArray a) {
            for (Object v : a) {
                collectFieldNames(v, out);
            }
        }
    }

    /** Compiles the named schemas now, so that a schema the validator cannot handle fails start-up. */
    public BodyValidator precompile(String... schemaNames) {
        for (String name : schemaNames) {
            node(name);
        }
        return this;
    }

    /**
     * Every violation of schema {@code schemaName} in {@code body} (a decoded JSON value:
     * JsonObject, JsonArray, String, Number, Boolean or null), deduplicated and sorted.
     */
    public List<FieldError> validate(String schemaName, Object body) {
        List<FieldError> out = new ArrayList<>();
        node(schemaName).validate(body, "", out);
        return sorted(out);
    }

    SchemaNode node(String schemaName) {
        return compiled.computeIfAbsent(schemaName, name -> SchemaNode.compile(schemas, name));
    }

    static List<FieldError> sorted(List<FieldError> errors) {
        if (errors.size() < 2) {
            return List.copyOf(errors);
        }
        return List.copyOf(new TreeSet<>(errors));
    }
}
