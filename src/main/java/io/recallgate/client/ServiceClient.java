package io.recallgate.client;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * What the client commands ({@code impact}, {@code report}, {@code verify-log}) share when they
 * talk to a running service: the API key from {@value #KEY_ENV} as a bearer token (never from the
 * command line, where other users of the machine could read it), one HTTP client, and the lines
 * they print when the service cannot be reached or answers a problem. Each line starts with the
 * command's name, as a shell user expects.
 */
final class ServiceClient {

    /** The environment variable holding the API key. */
    static final String KEY_ENV = "RECALLGATE_API_KEY";

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final String command;
    private final PrintStream err;

    ServiceClient(String command, PrintStream err) {
        this.command = command;
        this.err = err;
    }

    /** A client that gives up connecting after 10 seconds; each request sets its own timeout. */
    static HttpClient newHttpClient() {
        return HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    /** {@code request} with {@code Authorization: Bearer apiKey}, unless there is no key (a service without keys). */
    static HttpRequest.Builder authorized(HttpRequest.Builder request, String apiKey) {
        if (apiKey != null && !apiKey.isBlank()) {
            request.header("Authorization", "Bearer " + apiKey.strip());
        }
        return request;
    }

    /**
     * Sends the request and returns the answer whatever its status; null, after saying why on the
     * error stream, when the service at {@code base} could not be reached or the wait was interrupted.
     */
    HttpResponse<String> send(HttpRequest request, URI base) {
        try {
            return newHttpClient().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            err.println(command + ": cannot reach " + base + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println(command + ": interrupted");
            return null;
        }
    }

    /**
     * Prints {@code command: the service answered STATUS: detail} for an answer that is not a 200
     * and returns its problem document (API.md, "Errors"), or null when the body is not one.
     */
    JsonObject problem(HttpResponse<String> response) {
        JsonObject p = null;
        try {
            p = new JsonObject(response.body());
        } catch (DecodeException | ClassCastException e) {
            // not a problem document
        }
        String detail = p == null ? null : p.getString("detail");
        err.println(
                command + ": the service answered " + response.statusCode() + (detail == null ? "" : ": " + detail));
        return p;
    }

    /** Prints a bad option's message and where to read about the options; returns {@code usage}, the exit code. */
    int usage(String message, int usage) {
        err.println(command + ": " + message);
        err.println("Try 'recallgate " + command + " --help' for more information.");
        return usage;
    }
}
