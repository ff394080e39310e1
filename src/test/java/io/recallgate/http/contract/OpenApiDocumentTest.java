package io.recallgate.http.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.OpenAPIVersion;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OpenApiDocumentTest {

    private static final OpenApiDocument DOC = OpenApiDocument.load();
    private static final JsonObject JSON = DOC.json();

    /** API.md, endpoint by endpoint. */
    private static final Map<String, String> ENDPOINTS = Map.ofEntries(
            Map.entry("post /v1/recall-decisions", "createRecallDecision"),
            Map.entry("post /v1/recall-decisions/batch", "createRecallDecisionBatch"),
            Map.entry("get /v1/recall-decisions/{decisionId}", "getRecallDecision"),
            Map.entry("get /v1/recall-decisions", "findRecallDecision"),
            Map.entry("post /v1/holds", "placeHold"),
            Map.entry("get /v1/holds", "listHolds"),
            Map.entry("post /v1/holds/{holdId}/release", "releaseHold"),
            Map.entry("get /v1/policy", "getPolicy"),
            Map.entry("post /v1/policy/reload", "reloadPolicy"),
            Map.entry("get /v1/policy/versions", "listPolicyVersions"),
            Map.entry("get /v1/policy/versions/{version}", "getPolicyVersion"),
            Map.entry("post /v1/policy/impact", "previewPolicyImpact"),
            Map.entry("get /v1/reports/decisions", "getDecisionReport"),
            Map.entry("get /v1/audit/verify", "verifyAudit"),
            Map.entry("get /v1/audit/checkpoint", "getCheckpoint"),
            Map.entry("get /v1/audit/log-key", "getLogKey"),
            Map.entry("get /v1/audit/proof/inclusion", "getInclusionProof"),
            Map.entry("get /v1/audit/proof/consistency", "getConsistencyProof"),
            Map.entry("get /health/live", "healthLive"),
            Map.entry("get /health/ready", "healthReady"),
            Map.entry("get /metrics", "metrics"),
            Map.entry("get /openapi.yaml", "getOpenApi"),
            Map.entry("get /console/", "getConsole"));

    private static final Set<String> PUBLIC =
            Set.of("get /health/live", "get /health/ready", "get /metrics", "get /openapi.yaml", "get /console/");
    private static final Set<String> METHODS =
            Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

    private static JsonObject operation(String endpoint) {
        String[] mp = endpoint.split(" ");
        return JSON.getJsonObject("paths").getJsonObject(mp[1]).getJsonObject(mp[0]);
    }

    private static JsonObject schema(String name) {
        return JSON.getJsonObject("components").getJsonObject("schemas").getJsonObject(name);
    }

    @Test
    void isOpenApi31WithExactlyTheEndpointsOfApiMd() {
        assertEquals("3.1.0", JSON.getString("openapi"));
        Set<String> found = new TreeSet<>();
        JsonObject paths = JSON.getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            for (String method : paths.getJsonObject(path).fieldNames()) {
                if (METHODS.contains(method)) {
                    found.add(method + " " + path);
                    assertEquals(
                            ENDPOINTS.get(method + " " + path),
                            paths.getJsonObject(path).getJsonObject(method).getString("operationId"));
                }
            }
        }
        assertEquals(new TreeSet<>(ENDPOINTS.keySet()), found);
    }

    @Test
    void onlyHealthAndTheContractNeedNoKey() {
        assertEquals(
                new JsonArray().add(new JsonObject().put("bearerAuth", new JsonArray())),
                JSON.getJsonArray("security"));
        assertEquals(
                "bearer",
                JSON.getJsonObject("components")
                        .getJsonObject("securitySchemes")
                        .getJsonObject("bearerAuth")
                        .getString("scheme"));
        for (String endpoint : ENDPOINTS.keySet()) {
            JsonObject op = operation(endpoint);
            if (PUBLIC.contains(endpoint)) {
                assertEquals(new JsonArray(), op.getJsonArray("security"), endpoint);
            } else {
                assertTrue(!op.containsKey("security"), endpoint + " inherits bearerAuth");
                assertTrue(op.getJsonObject("responses").containsKey("401"), endpoint + " documents 401");
            }
        }
    }

    @Test
    void errorsAreProblemDetailsAndBodiesCanBeTooLarge() {
        for (String endpoint : ENDPOINTS.keySet()) {
            JsonObject op = operation(endpoint);
            JsonObject responses = op.getJsonObject("responses");
            for (String status : responses.fieldNames()) {
                if (status.startsWith("4") || (status.startsWith("5") && !endpoint.startsWith("get /health"))) {
                    String ref = responses.getJsonObject(status).getString("$ref");
                    JsonObject response = JSON.getJsonObject("components")
                            .getJsonObject("responses")
                            .getJsonObject(ref.substring(ref.lastIndexOf('/') + 1));
                    assertEquals(
                            Set.of("application/problem+json"),
                            response.getJsonObject("content").fieldNames(),
                            endpoint + " " + status);
                }
            }
            if (op.containsKey("requestBody")) {
                assertTrue(responses.containsKey("413"), endpoint + " documents 413");
                assertTrue(responses.containsKey("400"), endpoint + " documents 400");
            }
        }
        JsonObject problem = schema("Problem");
        assertEquals(
                Set.of("type", "title", "status", "detail", "instance", "errors", "errorId"),
                problem.getJsonObject("properties").fieldNames());
        assertEquals(
                List.of("pointer", "detail"),
                schema("FieldError").getJsonArray("required").getList());
    }

    @Test
    void requestObjectsAllowNoUnknownFields() {
        for (String name : List.of(
                "RecallDecisionRequest",
                "Message",
                "Requester",
                "RecallDecisionBatchRequest",
                "HoldRequest",
                "HoldRelease")) {
            assertEquals(Boolean.FALSE, schema(name).getValue("additionalProperties"), name);
        }
    }

    @Test
    void fieldLimitsAreThoseOfApiMd() {
        JsonObject id = schema("Id");
        id.remove("description");
        assertEquals(
                new JsonObject()
                        .put("type", "string")
                        .put("minLength", 1)
                        .put("maxLength", 128)
                        .put("pattern", "^[^\\x00\\uD800-\\uDFFF]*$")
                        .put("x-pattern-detail", "must not contain NUL (U+0000) or an unpaired surrogate"),
                id);
        JsonObject request = schema("RecallDecisionRequest").getJsonObject("properties");
        assertEquals(128, request.getJsonObject("requestId").getInteger("maxLength"));
        assertEquals("^[a-z0-9_]{1,64}$", schema("Scenario").getString("pattern"));
        assertEquals("^[a-z0-9_]{1,64}$", schema("Tag").getString("pattern"));
        JsonObject message = schema("Message").getJsonObject("properties");
        assertEquals(65536, message.getJsonObject("text").getInteger("maxLength"));
        assertEquals(32, message.getJsonObject("tags").getInteger("maxItems"));
        assertEquals(
                List.of("string", "null"),
                message.getJsonObject("repliedAt").getJsonArray("type").getList());
        assertEquals("date-time", schema("Timestamp").getString("format"));
        JsonObject requests =
                schema("RecallDecisionBatchRequest").getJsonObject("properties").getJsonObject("requests");
        assertEquals(1, requests.getInteger("minItems"));
        assertEquals(500, requests.getInteger("maxItems"));
        assertEquals(
                List.of("customer", "agent", "bot", "supervisor"),
                schema("Role").getJsonArray("enum").getList());
        assertEquals(
                List.of("text", "image", "file", "voice", "other"),
                schema("MessageKind").getJsonArray("enum").getList());
        assertEquals(
                List.of("cn_resident_id", "bank_card", "cn_mobile", "email"),
                schema("SensitiveType").getJsonArray("enum").getList());
    }

    @Test
    void servedTextIsTheResourceByteForByte() throws Exception {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream("/openapi.yaml")) {
            assertEquals(new String(in.readAllBytes(), StandardCharsets.UTF_8), DOC.yaml());
        }
    }

    /**
     * vertx-openapi 5.0.10 refuses to load a contract whose responses use media types it does not
     * know ({@code application/problem+json}, {@code application/yaml}, {@code text/csv}, and the console's
     * {@code text/html}); with those mapped to
     * ones it knows, it accepts the document as valid OpenAPI 3.1. So the contract is sound, and
     * the router must validate with {@link RequestParser} rather than vertx-web-openapi-router.
     */
    @Test
    void vertxOpenApiAcceptsTheContractApartFromThreeMediaTypes() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            String yaml = DOC.yaml()
                    .replace("application/problem+json", "application/json")
                    .replace("application/yaml", "text/plain")
                    .replace("text/csv:", "text/plain:")
                    .replace("text/html:", "text/plain:");
            OpenAPIContract contract = OpenAPIContract.from(
                            vertx, OpenApiDocument.parse(yaml).json())
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            assertEquals(OpenAPIVersion.V3_1, contract.getVersion());
            assertEquals(ENDPOINTS.size(), contract.operations().size());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void validatorRefusesKeywordsItDoesNotImplement() {
        JsonObject schemas = new JsonObject()
                .put("Count", new JsonObject().put("type", "integer").put("multipleOf", 2))
                .put("Either", new JsonObject().put("oneOf", new JsonArray()))
                .put("Uri", new JsonObject().put("type", "string").put("format", "uri"))
                .put(
                        "Ok",
                        new JsonObject()
                                .put("type", "object")
                                .put(
                                        "properties",
                                        new JsonObject()
                                                .put("n", new JsonObject().put("$ref", "#/components/schemas/Count"))));
        for (String name : List.of("Count", "Either", "Uri", "Ok")) {
            IllegalStateException e =
                    assertThrows(IllegalStateException.class, () -> SchemaNode.compile(schemas, name));
            assertTrue(e.getMessage().contains("not supported"), e.getMessage());
        }
    }

    @Test
    void minimumAndMaximumAreChecked() {
        JsonObject schemas = new JsonObject()
                .put(
                        "Size",
                        new JsonObject()
                                .put("type", "integer")
                                .put("minimum", 0)
                                .put("maximum", 9));
        SchemaNode size = SchemaNode.compile(schemas, "Size");
        for (Object ok : List.of(0, 9, 4L)) {
            List<FieldError> errors = new java.util.ArrayList<>();
            size.validate(ok, "/n", errors);
            assertEquals(List.of(), errors, String.valueOf(ok));
        }
        List<FieldError> low = new java.util.ArrayList<>();
        size.validate(-1, "/n", low);
        assertEquals(List.of(new FieldError("/n", "must be at least 0")), low);
        List<FieldError> high = new java.util.ArrayList<>();
        size.validate(10L, "/n", high);
        assertEquals(List.of(new FieldError("/n", "must be at most 9")), high);
    }
}
