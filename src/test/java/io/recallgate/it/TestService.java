package io.recallgate.it;

import io.recallgate.RecallGate;
import io.recallgate.cli.ServeSettings;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The real service on a free port, with its own copy of the shipped rules folder (so a test may
 * edit it) and the shared test database. Requests go over real HTTP.
 */
public final class TestService implements AutoCloseable {

    private final RecallGate gate;
    private final Path rulesDir;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    private TestService(RecallGate gate, Path rulesDir) {
        this.gate = gate;
        this.rulesDir = rulesDir;
        this.base = URI.create("http://127.0.0.1:" + gate.port());
    }

    /** Starts a service; {@code settings} are flags without the leading dashes, e.g. "api-keys-file". */
    public static TestService start(Map<String, String> settings) {
        try {
            Path rules = Files.createTempDirectory("recallgate-rules");
            copyTree(Path.of("rules"), rules);
            Map<String, String> flags = new HashMap<>();
            flags.put("http-port", "0");
            flags.put("http-instances", "2");
            flags.put("rules-dir", rules.toString());
            flags.put("database-url", TestPostgres.url());
            flags.put("data-dir", Files.createTempDirectory("recallgate-data").toString());
            flags.put("rules-rescan-millis", "500");
            flags.put("log-signing-key-file", TestKeys.file().toString());
            flags.putAll(settings);
            List<String> args = new ArrayList<>();
            flags.forEach((k, v) -> {
                if (v != null) {
                    args.add("--" + k);
                    args.add(v);
                }
            });
            RecallGate gate = new RecallGate(ServeSettings.of(Map.of(), args)).start();
            return new TestService(gate, rules);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("service did not start: " + e, e);
        }
    }

    public static TestService start() {
        return start(Map.of());
    }

    public Path rulesDir() {
        return rulesDir;
    }

    public int port() {
        return gate.port();
    }

    public RecallGate gate() {
        return gate;
    }

    public Response post(String path, JsonObject body) {
        return send("POST", path, body == null ? "" : body.encode(), Map.of());
    }

    public Response post(String path, String rawBody, Map<String, String> headers) {
        return send("POST", path, rawBody, headers);
    }

    public Response get(String path) {
        return send("GET", path, null, Map.of());
    }

    public Response send(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        headers.forEach(b::header);
        if (body != null) {
            b.header("content-type", "application/json");
        }
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(
                    r.statusCode(),
                    r.headers().firstValue("content-type").orElse(""),
                    r.body(),
                    r.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        gate.stop();
    }

    /** An HTTP answer. */
    public record Response(int status, String contentType, String body, Map<String, List<String>> headers) {
        public JsonObject json() {
            return new JsonObject(body);
        }

        public String header(String name) {
            for (var e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
