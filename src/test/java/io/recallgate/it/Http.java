package io.recallgate.it;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain HTTP/1.1 client for a service at a base URI (in-process or a separate process). */
final class Http {

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final URI base;

    Http(URI base) {
        this.base = base;
    }

    /** Throws IOException when the connection fails or is cut off (e.g. the server was killed). */
    TestService.Response postOrThrow(String path, JsonObject body) throws IOException, InterruptedException {
        HttpRequest r = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(15))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode()))
                .build();
        return response(client.send(r, HttpResponse.BodyHandlers.ofString()));
    }

    TestService.Response post(String path, JsonObject body) {
        try {
            return postOrThrow(path, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    TestService.Response get(String path) {
        HttpRequest r = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build();
        try {
            return response(client.send(r, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static TestService.Response response(HttpResponse<String> r) {
        return new TestService.Response(
                r.statusCode(),
                r.headers().firstValue("content-type").orElse(""),
                r.body(),
                r.headers().map());
    }
}
