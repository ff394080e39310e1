package io.recallgate.http.contract;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The contract's paths and the methods each one has, read from {@code openapi.yaml}: a request
 * for a known path with another method is a 405 whose {@code Allow} lists these (API.md
 * "Errors"), not a 404.
 */
public final class ContractOperations {

    private static final Set<String> METHODS =
            Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    /** A path template split into segments; {@code null} marks a {@code {param}} segment. */
    private record Template(String text, String[] segments, Set<String> methods) {}

    private final List<Template> templates;

    private ContractOperations(List<Template> templates) {
        this.templates = templates;
    }

    public static ContractOperations of(OpenApiDocument document) {
        JsonObject paths = document.json().getJsonObject("paths", new JsonObject());
        List<Template> list = new ArrayList<>();
        for (String path : paths.fieldNames()) {
            Set<String> methods = new TreeSet<>();
            for (String key : paths.getJsonObject(path).fieldNames()) {
                if (METHODS.contains(key)) {
                    methods.add(key.toUpperCase(Locale.ROOT));
                }
            }
            String[] segments = path.split("/", -1);
            for (int i = 0; i < segments.length; i++) {
                if (segments[i].startsWith("{") && segments[i].endsWith("}")) {
                    segments[i] = null;
                }
            }
            list.add(new Template(path, segments, Collections.unmodifiableSet(methods)));
        }
        // a literal segment wins over a parameter: /v1/recall-decisions/batch before /{decisionId}
        list.sort((a, b) -> Integer.compare(parameters(a), parameters(b)));
        return new ContractOperations(List.copyOf(list));
    }

    private static int parameters(Template t) {
        int n = 0;
        for (String s : t.segments()) {
            if (s == null) {
                n++;
            }
        }
        return n;
    }

    /**
     * The methods the contract has for {@code path} (an already decoded and normalized request
     * path), in alphabetical order; empty when the path is not in the contract.
     */
    public Set<String> methods(String path) {
        if (path == null) {
            return Set.of();
        }
        String[] parts = path.split("/", -1);
        for (Template t : templates) {
            if (matches(t.segments(), parts)) {
                return t.methods();
            }
        }
        return Set.of();
    }

    /** The template of the path, e.g. {@code /v1/holds/{holdId}/release}, or null. */
    public String template(String path) {
        if (path == null) {
            return null;
        }
        String[] parts = path.split("/", -1);
        for (Template t : templates) {
            if (matches(t.segments(), parts)) {
                return t.text();
            }
        }
        return null;
    }

    private static boolean matches(String[] template, String[] parts) {
        if (template.length != parts.length) {
            return false;
        }
        for (int i = 0; i < template.length; i++) {
            if (template[i] == null ? parts[i].isEmpty() : !template[i].equals(parts[i])) {
                return false;
            }
        }
        return true;
    }

    /** Every template with its methods, for tests and documentation. */
    public Map<String, Set<String>> all() {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        templates.forEach(t -> out.put(t.text(), t.methods()));
        return out;
    }
}
