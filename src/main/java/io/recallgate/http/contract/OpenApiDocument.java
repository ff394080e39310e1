package io.recallgate.http.contract;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The service contract, {@code openapi.yaml} on the classpath: its text (served as is at
 * {@code GET /openapi.yaml}) and its parsed form (the source of the request validation rules).
 * Load it once at start-up.
 */
public final class OpenApiDocument {

    /** Classpath location of the contract. */
    public static final String RESOURCE = "/openapi.yaml";

    private final String yaml;
    private final JsonObject json;

    private OpenApiDocument(String yaml, JsonObject json) {
        this.yaml = yaml;
        this.json = json;
    }

    /** Reads and parses {@value #RESOURCE}; fails loudly when it is missing or not YAML. */
    public static OpenApiDocument load() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    static OpenApiDocument parse(String yaml) {
        Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        if (!(tree instanceof Map<?, ?> map)) {
            throw new IllegalStateException("the OpenAPI document is not a YAML mapping");
        }
        @SuppressWarnings("unchecked")
        JsonObject raw = new JsonObject((Map<String, Object>) map);
        // Re-encode so nested maps and lists become JsonObject/JsonArray all the way down.
        return new OpenApiDocument(yaml, new JsonObject(raw.encode()));
    }

    /** The document exactly as written, for {@code GET /openapi.yaml}. */
    public String yaml() {
        return yaml;
    }

    /** The parsed document (a copy: callers may not change the shared one). */
    public JsonObject json() {
        return json.copy();
    }

    /** {@code components.schemas}, the named schemas, shared and read-only by convention. */
    JsonObject schemas() {
        JsonObject schemas = json.getJsonObject("components", new JsonObject()).getJsonObject("schemas");
        if (schemas == null) {
            throw new IllegalStateException("the OpenAPI document has no components.schemas");
        }
        return schemas;
    }
}
