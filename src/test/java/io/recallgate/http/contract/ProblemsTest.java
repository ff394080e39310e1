package io.recallgate.http.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ProblemsTest {

    private static Vertx vertx;
    private static HttpServer server;
    private static WebClient client;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        router.post("/v1/recall-decisions")
                .handler(ctx -> Problems.invalidRequest(
                        ctx,
                        List.of(
                                new FieldError("/message/sentAt", "is required"),
                                new FieldError(
                                        "/scenario", "must be 1 to 64 lowercase letters, digits or underscores"))));
        router.get("/v1/holds/:id").handler(ctx -> Problems.send(ctx, 404, "No hold with this id."));
        router.get("/twice").handler(ctx -> {
            Problems.send(ctx, 409, "Conflict", "first", null);
            Problems.send(ctx, 500, "Oops", "second", null);
        });
        server = vertx.createHttpServer()
                .requestHandler(router)
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        client = WebClient.create(vertx);
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static HttpResponse<Buffer> call(String method, String path) throws Exception {
        return client.request(io.vertx.core.http.HttpMethod.valueOf(method), server.actualPort(), "127.0.0.1", path)
                .send()
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void jsonLeavesOutWhatIsNotGivenAndDefaultsTheTitle() {
        assertEquals(
                new JsonObject()
                        .put("type", "about:blank")
                        .put("title", "Service Unavailable")
                        .put("status", 503),
                Problems.json(503, null, null, null));
        assertEquals(
                new JsonObject()
                        .put("type", "about:blank")
                        .put("title", "Too big")
                        .put("status", 413)
                        .put("detail", "The body is over 256 KiB."),
                Problems.json(413, "Too big", "The body is over 256 KiB.", List.of()));
    }

    @Test
    void jsonListsFieldErrors() {
        JsonObject p = Problems.json(
                Problems.INVALID_REQUEST,
                400,
                "Invalid request",
                "d",
                "/v1/x",
                List.of(new FieldError("/at", "must be an RFC 3339 date-time")));
        assertEquals(
                new JsonArray()
                        .add(new JsonObject().put("pointer", "/at").put("detail", "must be an RFC 3339 date-time")),
                p.getJsonArray("errors"));
        assertEquals("/v1/x", p.getString("instance"));
        assertEquals(Problems.INVALID_REQUEST, p.getString("type"));
    }

    @Test
    void invalidRequestIsA400ProblemWithEveryError() throws Exception {
        HttpResponse<Buffer> r = call("POST", "/v1/recall-decisions?x=1");
        assertEquals(400, r.statusCode());
        assertEquals("application/problem+json", r.getHeader("Content-Type"));
        assertEquals(
                new JsonObject()
                        .put("type", Problems.INVALID_REQUEST)
                        .put("title", "Invalid request")
                        .put("status", 400)
                        .put("detail", "2 fields are invalid.")
                        .put(
                                "errors",
                                new JsonArray()
                                        .add(new JsonObject()
                                                .put("pointer", "/message/sentAt")
                                                .put("detail", "is required"))
                                        .add(new JsonObject()
                                                .put("pointer", "/scenario")
                                                .put(
                                                        "detail",
                                                        "must be 1 to 64 lowercase letters, digits or underscores"))),
                r.bodyAsJsonObject());
    }

    @Test
    void sendUsesTheStatusAndReasonPhrase() throws Exception {
        HttpResponse<Buffer> r = call("GET", "/v1/holds/h-9");
        assertEquals(404, r.statusCode());
        assertEquals("application/problem+json", r.getHeader("Content-Type"));
        JsonObject body = r.bodyAsJsonObject();
        assertEquals("Not Found", body.getString("title"));
        assertEquals("No hold with this id.", body.getString("detail"));
        assertFalse(body.containsKey("instance"), "a problem never echoes the URL");
        assertFalse(body.containsKey("errors"));
    }

    @Test
    void aSecondProblemOnAnEndedResponseIsIgnored() throws Exception {
        HttpResponse<Buffer> r = call("GET", "/twice");
        assertEquals(409, r.statusCode());
        assertEquals("first", r.bodyAsJsonObject().getString("detail"));
    }
}
