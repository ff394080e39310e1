package io.recallgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 "Done when": thousands of mutated and malformed requests — JSON bodies (mutated valid
 * requests, wrong types, deep nesting, huge numbers, duplicate keys, invalid UTF-8, surrogates,
 * NUL) and raw HTTP over a socket (broken request lines, bad escapes, huge headers, bad methods,
 * Expect headers, chunked garbage, slow bodies) — sent by one tenant to the real server with API
 * keys on, while another tenant sends valid requests. No answer is a 5xx, every 4xx (codec-level
 * ones included) is problem+json, and every one of the other tenant's requests succeeds.
 *
 * <p>The generator is seeded: a failure prints the seed and the case, and
 * {@code -Dfuzz.seed=N} replays it; {@code -Dfuzz.cases=N} changes the number of cases.
 */
class HttpFuzzIT {

    private static final long SEED = Long.getLong("fuzz.seed", 20261201L);
    private static final int JSON_CASES = Integer.getInteger("fuzz.cases", 3000);
    private static final int RAW_CASES = JSON_CASES / 2;

    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();

    @Test
    void malformedRequestsNeverHurtAnyoneElse() throws Exception {
        KeysFile keys = new KeysFile()
                .add("fuzz", "fuzzer", "platform,dispute,policy,auditor")
                .add("other", "bystander", "platform,auditor")
                .write();
        try (TestService service = TestService.start(Map.of(
                "api-keys-file", keys.path().toString(),
                "http-header-timeout-seconds", "2",
                "http-body-timeout-seconds", "2"))) {
            URI base = URI.create("http://127.0.0.1:" + service.port());
            String fuzzKey = keys.key("fuzz");
            String otherKey = keys.key("other");
            AtomicBoolean fuzzing = new AtomicBoolean(true);
            ExecutorService pool = Executors.newFixedThreadPool(1 + 3 + 4);
            long started = System.nanoTime();

            Future<List<String>> bystander = pool.submit(() -> bystander(base, otherKey, fuzzing));
            List<Future<?>> fuzzers = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                int thread = t;
                fuzzers.add(pool.submit(() -> jsonFuzz(base, fuzzKey, thread, 3)));
            }
            for (int t = 0; t < 4; t++) {
                int thread = t;
                fuzzers.add(pool.submit(() -> rawFuzz(service.port(), fuzzKey, thread, 4)));
            }
            for (Future<?> f : fuzzers) {
                f.get(10, TimeUnit.MINUTES);
            }
            fuzzing.set(false);
            List<String> decisionIds = bystander.get(2, TimeUnit.MINUTES);
            pool.shutdown();

            System.out.printf(
                    "HttpFuzzIT seed %d: %d JSON and %d raw cases in %.1f s, statuses %s, bystander %d decisions%n",
                    SEED, JSON_CASES, RAW_CASES, (System.nanoTime() - started) / 1e9, statuses, decisionIds.size());
            assertEquals(List.of(), failures.subList(0, Math.min(20, failures.size())), "seed " + SEED);
            assertTrue(decisionIds.size() >= 20, "the other tenant kept deciding: " + decisionIds.size());
            // and what the other tenant was told is stored
            HttpClient client = client();
            for (String id : decisionIds.subList(0, Math.min(10, decisionIds.size()))) {
                HttpResponse<String> r = client.send(
                        HttpRequest.newBuilder(base.resolve("/v1/recall-decisions/" + id))
                                .header("Authorization", "Bearer " + otherKey)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode(), r.body());
            }
        }
    }

    private static HttpClient client() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    // ------------------------------------------------------------------ the other tenant

    /** Valid enforce and preview requests until the fuzzers stop; every one must be a 200. */
    private List<String> bystander(URI base, String key, AtomicBoolean fuzzing) throws Exception {
        HttpClient client = client();
        List<String> enforced = new ArrayList<>();
        int i = 0;
        while (fuzzing.get() || i < 20) {
            JsonObject body = Requests.recall(
                            i % 3 == 0 ? "ecommerce" : "after_sales", "订单 6222 0210 0112 3456 789", 60)
                    .put("mode", i % 4 == 3 ? "preview" : "enforce")
                    .put("requestId", "by-" + i);
            HttpResponse<String> r = client.send(
                    HttpRequest.newBuilder(base.resolve("/v1/recall-decisions"))
                            .timeout(Duration.ofSeconds(30))
                            .header("Authorization", "Bearer " + key)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body.encode()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            Thread.sleep(10); // a steady client, not a load generator: the fuzzers are the load
            if (r.statusCode() != 200) {
                failures.add("the other tenant's request " + i + " got " + r.statusCode() + " " + r.body());
            } else if (body.getString("mode").equals("enforce")) {
                enforced.add(new JsonObject(r.body()).getString("decisionId"));
            }
            i++;
        }
        return enforced;
    }

    // ------------------------------------------------------------------ JSON bodies

    private static final String[] JSON_PATHS = {
        "/v1/recall-decisions", "/v1/recall-decisions/batch", "/v1/holds", "/v1/holds/h-1/release"
    };

    private void jsonFuzz(URI base, String key, int thread, int threads) {
        HttpClient client = client();
        for (int n = thread; n < JSON_CASES; n += threads) {
            Random rnd = new Random(SEED * 31 + n);
            String path = JSON_PATHS[rnd.nextInt(JSON_PATHS.length)];
            byte[] body = JsonMutator.body(rnd, path);
            String what = "JSON case " + n + " " + path;
            try {
                HttpResponse<String> r = client.send(
                        HttpRequest.newBuilder(base.resolve(path))
                                .timeout(Duration.ofSeconds(30))
                                .header("Authorization", "Bearer " + key)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                check(
                        what,
                        r.statusCode(),
                        r.headers().firstValue("content-type").orElse(""),
                        r.body());
            } catch (IOException e) {
                failures.add(what + ": no answer (" + e + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void check(String what, int status, String contentType, String body) {
        statuses.computeIfAbsent(String.valueOf(status), s -> new AtomicInteger())
                .incrementAndGet();
        if (status >= 500) {
            failures.add(what + ": " + status + " " + body);
        } else if (status >= 400 && !what.contains("HEAD /")) { // a response to HEAD has no body
            if (!contentType.startsWith("application/problem+json")) {
                failures.add(what + ": " + status + " is not problem+json but '" + contentType + "'");
                return;
            }
            try {
                JsonObject p = new JsonObject(body);
                if (p.getInteger("status") != status || p.getString("type") == null || p.getString("title") == null) {
                    failures.add(what + ": " + status + " problem without type/title/status: " + body);
                }
            } catch (RuntimeException e) {
                failures.add(what + ": " + status + " problem is not JSON: " + body);
            }
        }
    }

    /** Mutations of valid request bodies, as bytes (they need not be UTF-8). */
    static final class JsonMutator {

        static byte[] body(Random rnd, String path) {
            Object valid = valid(rnd, path);
            int op = rnd.nextInt(16);
            String text;
            switch (op) {
                case 0 -> text = encode(valid); // unchanged: most are 200/201/404
                case 1, 2 -> text = encode(replaceSomewhere(rnd, valid, strangeValue(rnd)));
                case 3 -> text = encode(removeSomewhere(rnd, valid));
                case 4 -> text = encode(replaceSomewhere(rnd, valid, badString(rnd)));
                case 5 -> text = duplicateKey(rnd, encode(valid));
                case 6 -> text = nest(rnd, encode(valid));
                case 7 -> {
                    String s = encode(valid);
                    text = s.substring(0, rnd.nextInt(s.length()));
                }
                case 8 -> {
                    return flipBytes(rnd, encode(valid).getBytes(StandardCharsets.UTF_8));
                }
                case 9 -> text = encode(replaceSomewhere(rnd, valid, hugeNumber(rnd)));
                case 10 -> text = encode(replaceSomewhere(rnd, valid, "x".repeat(rnd.nextInt(70_000))));
                case 11 -> text = encode(addUnknown(rnd, valid));
                case 12 -> text = encode(valid) + (rnd.nextBoolean() ? " {}" : "x");
                case 13 -> text = rnd.nextBoolean() ? "" : encode(strangeValue(rnd));
                case 14 -> text = encode(bigBatch(rnd));
                default -> {
                    Object mutated = valid;
                    for (int i = 0; i < 1 + rnd.nextInt(4); i++) {
                        mutated =
                                replaceSomewhere(rnd, mutated, rnd.nextBoolean() ? strangeValue(rnd) : badString(rnd));
                    }
                    text = encode(mutated);
                }
            }
            return text.getBytes(StandardCharsets.UTF_8);
        }

        static Object valid(Random rnd, String path) {
            return switch (path) {
                case "/v1/recall-decisions/batch" -> {
                    JsonArray items = new JsonArray();
                    for (int i = 0; i < 1 + rnd.nextInt(4); i++) {
                        items.add(request(rnd));
                    }
                    yield new JsonObject().put("requests", items);
                }
                case "/v1/holds" ->
                    new JsonObject()
                            .put("conversationId", "c-" + rnd.nextInt(1000))
                            .put("messageIds", new JsonArray().add("m-" + rnd.nextInt(100)))
                            .put("reason", "dispute " + rnd.nextInt())
                            .put("placedBy", "agent-" + rnd.nextInt(10));
                case "/v1/holds/h-1/release" ->
                    new JsonObject().put("releasedBy", "agent-1").put("reason", "done");
                default -> request(rnd);
            };
        }

        static JsonObject request(Random rnd) {
            JsonObject r = Requests.recall(
                    new String[] {"ecommerce", "after_sales", "tech_support", "live_chat"}[rnd.nextInt(4)],
                    rnd.nextBoolean() ? "卡号 6222 0210 0112 3456 789" : "hello",
                    rnd.nextInt(600));
            if (rnd.nextBoolean()) {
                r.put("requestId", "f-" + rnd.nextInt(1_000_000));
            }
            r.put("mode", rnd.nextInt(3) == 0 ? "enforce" : "preview");
            return r;
        }

        static Object strangeValue(Random rnd) {
            return switch (rnd.nextInt(12)) {
                case 0 -> null;
                case 1 -> rnd.nextBoolean();
                case 2 -> rnd.nextLong();
                case 3 -> rnd.nextDouble() * 1e300;
                case 4 -> new JsonArray().add(1).add("a").add(new JsonObject());
                case 5 -> new JsonObject().put("a", new JsonArray());
                case 6 -> "";
                case 7 -> "2026-13-45T25:61:61Z";
                case 8 -> " ".repeat(200);
                case 9 -> "\u202e\ufeff\u200b";
                case 10 -> -0.0;
                default -> new java.math.BigInteger(1 + rnd.nextInt(900), rnd);
            };
        }

        static String badString(Random rnd) {
            String[] bad = {
                "\u0000", "\uD800", "\uDC00", "\uDBFF\uDBFF", "\uDFFF\uD800", "a\u0000b", "\uD83D\uDE00\uD83D"
            };
            return "x" + bad[rnd.nextInt(bad.length)] + (rnd.nextBoolean() ? "y" : "");
        }

        static Object hugeNumber(Random rnd) {
            return new RawNumber(
                    switch (rnd.nextInt(5)) {
                        case 0 -> "9".repeat(1 + rnd.nextInt(5000));
                        case 1 -> "1e" + rnd.nextInt(Integer.MAX_VALUE);
                        case 2 -> "-1e-" + rnd.nextInt(Integer.MAX_VALUE);
                        case 3 -> "0." + "0".repeat(rnd.nextInt(3000)) + "1";
                        default -> "123456789012345678901234567890.5e-400";
                    });
        }

        /** A number written as is (JsonObject would re-format it). */
        record RawNumber(String text) {}

        static JsonObject bigBatch(Random rnd) {
            JsonArray items = new JsonArray();
            JsonObject one = request(rnd);
            for (int i = 0; i < 400 + rnd.nextInt(200); i++) {
                items.add(one);
            }
            return new JsonObject().put("requests", items);
        }

        static Object addUnknown(Random rnd, Object v) {
            if (v instanceof JsonObject o) {
                JsonObject copy = o.copy();
                copy.put(rnd.nextBoolean() ? "6222021001123456789" : "extra", 1);
                return copy;
            }
            return v;
        }

        /** Replaces a random value anywhere in the tree (the root included, rarely). */
        static Object replaceSomewhere(Random rnd, Object root, Object value) {
            if (rnd.nextInt(20) == 0) {
                return value;
            }
            Object copy = copy(root);
            List<Runnable> setters = new ArrayList<>();
            collect(copy, setters, value);
            if (!setters.isEmpty()) {
                setters.get(rnd.nextInt(setters.size())).run();
            }
            return copy;
        }

        static Object removeSomewhere(Random rnd, Object root) {
            Object copy = copy(root);
            List<Runnable> removers = new ArrayList<>();
            collectRemovers(copy, removers);
            if (!removers.isEmpty()) {
                removers.get(rnd.nextInt(removers.size())).run();
            }
            return copy;
        }

        private static Object copy(Object v) {
            return v instanceof JsonObject o ? o.copy() : v instanceof JsonArray a ? a.copy() : v;
        }

        private static void collect(Object node, List<Runnable> out, Object value) {
            if (node instanceof JsonObject o) {
                for (String k : new ArrayList<>(o.fieldNames())) {
                    out.add(() -> o.put(k, value));
                    collect(o.getValue(k), out, value);
                }
            } else if (node instanceof JsonArray a) {
                for (int i = 0; i < a.size(); i++) {
                    int at = i;
                    out.add(() -> a.set(at, value));
                    collect(a.getValue(i), out, value);
                }
            }
        }

        private static void collectRemovers(Object node, List<Runnable> out) {
            if (node instanceof JsonObject o) {
                for (String k : new ArrayList<>(o.fieldNames())) {
                    out.add(() -> o.remove(k));
                    collectRemovers(o.getValue(k), out);
                }
            } else if (node instanceof JsonArray a) {
                for (int i = 0; i < a.size(); i++) {
                    collectRemovers(a.getValue(i), out);
                }
            }
        }

        /** JSON with every non-ASCII character escaped (so lone surrogates survive) and raw numbers as written. */
        static String encode(Object v) {
            StringBuilder out = new StringBuilder();
            write(v, out);
            return out.toString();
        }

        private static void write(Object v, StringBuilder out) {
            if (v instanceof JsonObject o) {
                out.append('{');
                boolean first = true;
                for (Map.Entry<String, Object> e : o) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    string(e.getKey(), out);
                    out.append(':');
                    write(e.getValue(), out);
                }
                out.append('}');
            } else if (v instanceof JsonArray a) {
                out.append('[');
                for (int i = 0; i < a.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(a.getValue(i), out);
                }
                out.append(']');
            } else if (v instanceof String s) {
                string(s, out);
            } else if (v instanceof RawNumber n) {
                out.append(n.text());
            } else if (v instanceof Double d && (d.isInfinite() || d.isNaN())) {
                out.append("1e999");
            } else {
                out.append(v);
            }
        }

        private static void string(String s, StringBuilder out) {
            out.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"' || c == '\\') {
                    out.append('\\').append(c);
                } else if (c < 0x20 || c >= 0x7f) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
            out.append('"');
        }

        static String duplicateKey(Random rnd, String json) {
            // repeat the first key of a random object right after its opening brace
            List<Integer> braces = new ArrayList<>();
            for (int i = 0; i < json.length(); i++) {
                if (json.charAt(i) == '{' && i + 1 < json.length() && json.charAt(i + 1) == '"') {
                    braces.add(i);
                }
            }
            if (braces.isEmpty()) {
                return json;
            }
            int at = braces.get(rnd.nextInt(braces.size()));
            int keyEnd = json.indexOf("\":", at + 2);
            String key = json.substring(at + 1, keyEnd + 1);
            return json.substring(0, at + 1) + key + ":" + (rnd.nextBoolean() ? "null" : "\"dup\"") + ","
                    + json.substring(at + 1);
        }

        static String nest(Random rnd, String json) {
            int depth = rnd.nextBoolean() ? 20 + rnd.nextInt(20) : 1000 + rnd.nextInt(50_000);
            String open = rnd.nextBoolean() ? "[" : "{\"a\":";
            String close = open.equals("[") ? "]" : "}";
            return open.repeat(depth) + json + close.repeat(depth);
        }

        static byte[] flipBytes(Random rnd, byte[] b) {
            byte[] out = b.clone();
            for (int i = 0; i < 1 + rnd.nextInt(4); i++) {
                int at = rnd.nextInt(out.length);
                out[at] = (byte) (new int[] {0x80, 0xbf, 0xc0, 0xc1, 0xed, 0xf5, 0xff, 0xfe}[rnd.nextInt(8)]);
            }
            return out;
        }
    }

    // ------------------------------------------------------------------ raw HTTP

    private void rawFuzz(int port, String key, int thread, int threads) {
        for (int n = thread; n < RAW_CASES; n += threads) {
            Random rnd = new Random(SEED * 17 + n);
            RawCase c = RawCase.make(rnd, key);
            String what = "raw case " + n + " (" + c.kind() + ")";
            try {
                RawHttp.Response r;
                if (c.slowTail() != null) {
                    r = slow(port, c);
                } else {
                    r = RawHttp.send(port, c.bytes(), 10_000);
                }
                if (r.status() < 0) {
                    statuses.computeIfAbsent("no answer", s -> new AtomicInteger())
                            .incrementAndGet();
                    if (c.expectsAnswer()) {
                        failures.add(what + ": no answer to " + preview(c.bytes()));
                    }

                } else {
                    check(
                            what + " " + preview(c.bytes()),
                            r.status(),
                            String.valueOf(r.header("content-type")),
                            r.body());
                }
            } catch (IOException e) {
                if (c.expectsAnswer()) {
                    failures.add(what + ": " + e + " for " + preview(c.bytes()));
                }
            }
        }
    }

    private static String preview(byte[] b) {
        String s = new String(b, 0, Math.min(b.length, 160), StandardCharsets.ISO_8859_1);
        return s.replace("\r", "\\r").replace("\n", "\\n");
    }

    /** Sends the head and part of the body, then nothing: the body timeout must answer 408. */
    private static RawHttp.Response slow(int port, RawCase c) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(c.bytes());
            out.flush();
            for (int i = 0; i < 3; i++) {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                try {
                    out.write(c.slowTail());
                    out.flush();
                } catch (IOException e) {
                    break;
                }
            }
            return RawHttp.read(s.getInputStream());
        }
    }

    /** One raw request: its bytes, whether a complete head was sent (so an answer is due). */
    record RawCase(String kind, byte[] bytes, boolean expectsAnswer, byte[] slowTail) {

        private static final String[] PATHS = {
            "/v1/recall-decisions",
            "/v1/recall-decisions/batch",
            "/v1/recall-decisions/0193a7c2-0000-7000-8000-000000000000",
            "/v1/recall-decisions?conversationId=c-1&messageId=m-1",
            "/v1/holds",
            "/v1/holds?conversationId=c-1",
            "/v1/holds/h-1/release",
            "/v1/policy",
            "/v1/audit/verify",
            "/health/live",
            "/health/ready",
            "/openapi.yaml",
            "/nope"
        };
        private static final String[] ESCAPES = {
            "%", "%z", "%zz", "%4", "%ff", "%c0%af", "%ed%a0%80", "%00", "%e6%88", "%25", "%2F", "%E5%8D%A1", "+", "%%"
        };

        static RawCase make(Random rnd, String key) {
            String auth = switch (rnd.nextInt(6)) {
                case 0 -> "";
                case 1 -> "Authorization: Bearer " + key + "x\r\n";
                case 2 -> "Authorization: Basic Zm9vOmJhcg==\r\n";
                default -> "Authorization: Bearer " + key + "\r\n";
            };
            String path = PATHS[rnd.nextInt(PATHS.length)];
            String json = JsonMutator.encode(JsonMutator.request(rnd));
            return switch (rnd.nextInt(11)) {
                case 0 -> badRequestLine(rnd, auth);
                case 1 ->
                    new RawCase(
                            "bad method",
                            ascii(method(rnd) + " " + path + " HTTP/1.1\r\nHost: x\r\n" + auth
                                    + "Content-Length: 0\r\n\r\n"),
                            true,
                            null);
                case 2 ->
                    new RawCase(
                            "bad escape",
                            ascii("GET " + escaped(rnd, path) + " HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n"),
                            true,
                            null);
                case 3 -> hugeHeaders(rnd, path, auth);
                case 4 ->
                    new RawCase(
                            "expect",
                            ascii("POST " + path + " HTTP/1.1\r\nHost: x\r\n" + auth
                                    + "Content-Type: application/json\r\nExpect: "
                                    + new String[] {"100-continue", "the-unexpected", "100-Continue", "", "200-ok"}
                                            [rnd.nextInt(5)]
                                    + "\r\nContent-Length: " + json.length() + "\r\n\r\n" + json),
                            true,
                            null);
                case 5 -> chunked(rnd, path, auth, json);
                case 6 ->
                    new RawCase(
                            "bad version",
                            ascii("GET " + path + " "
                                    + new String[] {
                                                "HTTP/1.2", "HTTP/0.9", "HTTP/2.0", "HTTP/1", "HTTP/x.y", "HTCPCP/1.0"
                                            }
                                            [rnd.nextInt(6)]
                                    + "\r\nHost: x\r\n" + auth + "\r\n"),
                            true,
                            null);
                case 7 -> contentLength(rnd, path, auth, json);
                case 8 ->
                    rnd.nextInt(3) > 0
                            ? new RawCase(
                                    "bad escape",
                                    ascii("GET " + escaped(rnd, path) + " HTTP/1.1\r\nHost: x\r\n\r\n"),
                                    true,
                                    null)
                            : new RawCase(
                                    "slow body",
                                    ascii("POST " + path + " HTTP/1.1\r\nHost: x\r\n" + auth
                                            + "Content-Type: application/json\r\nContent-Length: "
                                            + (json.length() + 500)
                                            + "\r\n\r\n" + json.substring(0, json.length() / 2)),
                                    true,
                                    ascii(" "));
                case 9 -> {
                    byte[] body =
                            JsonMutator.body(rnd, path.startsWith("/v1/holds") ? "/v1/holds" : "/v1/recall-decisions");
                    byte[] head = ascii("POST " + path + " HTTP/1.1\r\nHost: x\r\n" + auth
                            + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n");
                    yield new RawCase("mutated body", concat(head, body), true, null);
                }
                default ->
                    new RawCase(
                            "random bytes",
                            randomBytes(rnd),
                            false, // Netty may wait for the rest of a head that never comes
                            null);
            };
        }

        private static RawCase badRequestLine(Random rnd, String auth) {
            String line = switch (rnd.nextInt(8)) {
                case 0 -> "GET";
                case 1 -> "GET /";
                case 2 -> " / HTTP/1.1";
                case 3 -> "GET  /health/live  HTTP/1.1";
                case 4 -> "GET /health/live HTTP/1.1 extra";
                case 5 -> "GET health/live HTTP/1.1";
                case 6 -> "GET /health/live\tHTTP/1.1";
                default -> "GET /" + "a".repeat(4000 + rnd.nextInt(4000)) + " HTTP/1.1";
            };
            return new RawCase("bad request line", ascii(line + "\r\nHost: x\r\n" + auth + "\r\n"), true, null);
        }

        private static String method(Random rnd) {
            return switch (rnd.nextInt(7)) {
                case 0 -> "get";
                case 1 -> "DELETE";
                case 2 -> "PATCH";
                case 3 -> "OPTIONS";
                case 4 -> "HEAD";
                case 5 -> "X".repeat(1 + rnd.nextInt(100));
                default -> "6222021001123456789";
            };
        }

        private static String escaped(Random rnd, String path) {
            String esc = ESCAPES[rnd.nextInt(ESCAPES.length)];
            return switch (rnd.nextInt(3)) {
                case 0 -> "/v1/recall-decisions/d" + esc;
                case 1 -> "/v1/holds?conversationId=c" + esc;
                default -> "/v1/recall-decisions?conversationId=" + esc + "&messageId=m" + esc;
            };
        }

        private static RawCase hugeHeaders(Random rnd, String path, String auth) {
            StringBuilder h = new StringBuilder();
            switch (rnd.nextInt(5)) {
                case 0 ->
                    h.append("X-Big: ")
                            .append("b".repeat(8000 + rnd.nextInt(8000)))
                            .append("\r\n");
                case 1 -> {
                    for (int i = 0; i < 300; i++) {
                        h.append("X-H").append(i).append(": v\r\n");
                    }
                }
                case 2 -> h.append("X-Nul: a\u0000b\r\n");
                case 3 -> h.append("NoColonHere\r\n");
                default -> h.append("X-Fold: a\r\n b\r\n");
            }
            return new RawCase(
                    "headers", ascii("GET " + path + " HTTP/1.1\r\nHost: x\r\n" + auth + h + "\r\n"), true, null);
        }

        private static RawCase chunked(Random rnd, String path, String auth, String json) {
            String te = rnd.nextInt(4) == 0 ? "gzip, chunked" : "chunked";
            String chunks = switch (rnd.nextInt(7)) {
                case 0 -> "zz\r\n" + json + "\r\n0\r\n\r\n";
                case 1 -> "-5\r\nhello\r\n0\r\n\r\n";
                case 2 -> "ffffffffffffffff\r\nabc\r\n0\r\n\r\n";
                case 3 -> Integer.toHexString(json.length()) + ";ext=\"\u0001\"\r\n" + json + "\r\n0\r\n\r\n";
                case 4 ->
                    Integer.toHexString(json.length()) + "\r\n" + json + "\r\n0\r\nX-Trailer: " + "t".repeat(9000)
                            + "\r\n\r\n";
                case 5 -> "5\r\nabc\r\n0\r\n\r\n";
                default -> Integer.toHexString(json.length()) + "\r\n" + json + "\r\n0\r\n\r\n";
            };
            String cl = rnd.nextBoolean() ? "Content-Length: 3\r\n" : "";
            return new RawCase(
                    "chunked",
                    ascii("POST " + path + " HTTP/1.1\r\nHost: x\r\n" + auth
                            + "Content-Type: application/json\r\n" + cl + "Transfer-Encoding: " + te + "\r\n\r\n"
                            + chunks),
                    false, // a body cut short waits for the body timeout; the answer is checked when there is one
                    null);
        }

        private static RawCase contentLength(Random rnd, String path, String auth, String json) {
            String cl = switch (rnd.nextInt(6)) {
                case 0 -> "abc";
                case 1 -> "-1";
                case 2 -> json.length() + ", " + (json.length() + 1);
                case 3 -> "99999999999999999999";
                case 4 -> String.valueOf(1L << 40);
                default -> json.length() + "\r\nContent-Length: " + (json.length() + 7);
            };
            return new RawCase(
                    "content-length",
                    ascii("POST " + path + " HTTP/1.1\r\nHost: x\r\n" + auth
                            + "Content-Type: application/json\r\nContent-Length: " + cl + "\r\n\r\n" + json),
                    true,
                    null);
        }

        private static byte[] randomBytes(Random rnd) {
            byte[] b = new byte[1 + rnd.nextInt(300)];
            rnd.nextBytes(b);
            return concat(b, ascii("\r\n\r\n"));
        }

        private static byte[] ascii(String s) {
            return s.getBytes(StandardCharsets.ISO_8859_1);
        }

        private static byte[] concat(byte[] a, byte[] b) {
            byte[] out = new byte[a.length + b.length];
            System.arraycopy(a, 0, out, 0, a.length);
            System.arraycopy(b, 0, out, a.length, b.length);
            return out;
        }
    }
}
