package io.recallgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.recallgate.policy.RuleFolder;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hot reload as a policy author experiences it: edit files in the running service's folder and
 * watch decisions follow, or see a bad edit rejected while the last good rules keep deciding.
 */
class PolicyReloadIT {

    private static final String ROW_2_MIN = "after_sales,yes,window,2 minutes,";
    private static final String ROW_5_MIN = "after_sales,yes,window,5 minutes,";

    private TestService service;

    @BeforeEach
    void start() {
        service = TestService.start();
    }

    @AfterEach
    void stop() {
        service.close();
    }

    @Test
    void aChangedWindowDecidesWithinTwoSeconds() throws Exception {
        JsonObject threeMinutes = Requests.recall("after_sales", "ok", 180).put("mode", "preview");
        JsonObject before = decide(threeMinutes);
        assertEquals("deny", before.getString("outcome"));

        writeWindowVariant(service.rulesDir(), ROW_5_MIN, "allow", "WITHIN_WINDOW");
        long saved = System.nanoTime();
        JsonObject after = waitFor(threeMinutes, d -> d.getString("outcome").equals("allow"), 10_000);
        long millis = (System.nanoTime() - saved) / 1_000_000;
        System.out.println("a saved window change decided after " + millis + " ms");
        assertTrue(millis <= 2_000, "the edit took " + millis + " ms to decide");
        assertNotEquals(before.getString("policyVersion"), after.getString("policyVersion"));
        assertEquals("2026-11-24T08:05:00Z", after.getString("allowedUntil"));
        assertEquals(RuleFolder.read(service.rulesDir()).version(), after.getString("policyVersion"));
        assertEquals(
                after.getString("policyVersion"),
                service.get("/v1/policy").json().getString("version"));
    }

    /**
     * The README's own example, end to end: copy the live folder, change after_sales' recall window
     * from 2 to 5 minutes in settings.csv, see {@code check} fail exactly the after-sales window
     * tests, adjust them, see {@code check} pass, save both files into the live folder, and see the
     * service decide with the new version.
     */
    @Test
    void theReadmeExampleEditCheckSaveGoesLive() throws Exception {
        Path work = Files.createTempDirectory("author-copy");
        TestService.copyTree(service.rulesDir(), work);
        Path settings = work.resolve("settings.csv");
        Files.writeString(settings, Files.readString(settings).replace(ROW_2_MIN, ROW_5_MIN));

        CheckCommandIT.Run run = CheckCommandIT.check(work);
        assertEquals(1, run.exit(), run.output());
        List<String> failed =
                run.output().lines().filter(l -> l.startsWith("FAIL")).toList();
        assertEquals(3, failed.size(), run.output());
        assertTrue(
                failed.stream().allMatch(l -> l.startsWith("FAIL  tests/07-after-sales.yaml: \"After sales, ")),
                run.output());

        Path windowTests = work.resolve("tests/07-after-sales.yaml");
        Files.writeString(
                windowTests,
                Files.readString(windowTests)
                        .replace("\"2026-11-24T08:02:00Z\"", "\"2026-11-24T08:05:00Z\"")
                        .replace("\"2026-11-24T08:02:01Z\"", "\"2026-11-24T08:05:01Z\"")
                        .replace("two minutes", "five minutes")
                        .replace("2 minutes", "5 minutes"));
        run = CheckCommandIT.check(work);
        assertEquals(0, run.exit(), run.output());

        JsonObject fourMinutes = Requests.recall("after_sales", "ok", 240).put("mode", "preview");
        assertEquals(
                "WINDOW_EXPIRED",
                decide(fourMinutes).getJsonArray("reasons").getJsonObject(0).getString("code"));
        atomicWrite(service.rulesDir().resolve("tests/07-after-sales.yaml"), Files.readString(windowTests));
        atomicWrite(service.rulesDir().resolve("settings.csv"), Files.readString(settings));

        String version = RuleFolder.read(work).version();
        waitForPolicy(p -> version.equals(p.getString("version")));
        JsonObject after = decide(Requests.recall("after_sales", "ok", 240));
        assertEquals("allow", after.getString("outcome"), after.encode());
        assertEquals(
                "WITHIN_WINDOW", after.getJsonArray("reasons").getJsonObject(0).getString("code"));
        assertEquals("2026-11-24T08:05:00Z", after.getString("allowedUntil"), "sentAt + 5 minutes");
        assertEquals(version, after.getString("policyVersion"));
    }

    @Test
    void brokenAndWrongEditsAreRejectedAndAFixGoesLive() throws Exception {
        String good = service.get("/v1/policy").json().getString("version");
        JsonObject oneMinute = Requests.recall("after_sales", "ok", 60).put("mode", "preview");

        // 1. a syntax error
        Path drl = service.rulesDir().resolve("10-who-may-recall.drl");
        String original = Files.readString(drl);
        atomicWrite(drl, original.replace("then", "then oops ((("));
        JsonObject status = waitForPolicy(
                p -> "rejected".equals(p.getJsonObject("lastReload").getString("status")));
        assertEquals(good, status.getString("version"), "the last good rules stay active");
        JsonObject error =
                status.getJsonObject("lastReload").getJsonArray("errors").getJsonObject(0);
        assertEquals("10-who-may-recall.drl", error.getString("file"));
        assertTrue(error.getInteger("line") > 0, error.encode());
        assertEquals(good, decide(oneMinute).getString("policyVersion"));

        // 2. compiles, but breaks what the scenario tests promise (the after-sales window)
        atomicWrite(drl, original);
        Path settings = service.rulesDir().resolve("settings.csv");
        atomicWrite(settings, Files.readString(settings).replace(ROW_2_MIN, "after_sales,yes,window,30 seconds,"));
        status = waitForPolicy(p -> "rejected"
                        .equals(p.getJsonObject("lastReload").getString("status"))
                && p.getJsonObject("lastReload").getJsonObject("scenarioTests").getInteger("failed") > 0);
        assertEquals(good, status.getString("version"));
        JsonArray failures = status.getJsonObject("lastReload")
                .getJsonObject("scenarioTests")
                .getJsonArray("failures");
        assertTrue(failures.getJsonObject(0).getString("file").startsWith("tests/"), failures.encode());
        JsonObject d = decide(oneMinute);
        assertEquals("allow", d.getString("outcome"), "decisions are unchanged");
        assertEquals(good, d.getString("policyVersion"));

        // 3. fixed: back to a good folder → activated
        atomicWrite(settings, Files.readString(settings).replace("after_sales,yes,window,30 seconds,", ROW_2_MIN));
        status =
                waitForPolicy(p -> "active".equals(p.getJsonObject("lastReload").getString("status")));
        assertEquals(RuleFolder.read(service.rulesDir()).version(), status.getString("version"));
    }

    @Test
    void reloadingUnderTrafficLosesNothingAndEveryAnswerMatchesItsVersion() throws Exception {
        Path dir = service.rulesDir();
        // Two folder states, one file apart, whose answers differ for a 3-minute-old message.
        neutralTests(dir);
        setRow(dir, ROW_5_MIN);
        String fiveMinutes = RuleFolder.read(dir).version();
        setRow(dir, ROW_2_MIN);
        String twoMinutes = RuleFolder.read(dir).version();
        Map<String, String> expected = Map.of(fiveMinutes, "allow", twoMinutes, "deny");
        waitForPolicy(p -> twoMinutes.equals(p.getString("version")));

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger answered = new AtomicInteger();
        List<String> problems = new java.util.concurrent.CopyOnWriteArrayList<>();
        Map<String, Integer> seen = new ConcurrentHashMap<>();
        List<Thread> clients = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread client = new Thread(() -> {
                while (running.get()) {
                    JsonObject r = Requests.recall("after_sales", "ok", 180).put("mode", "preview");
                    TestService.Response resp = service.post("/v1/recall-decisions", r);
                    if (resp.status() != 200) {
                        problems.add(resp.status() + " " + resp.body());
                        continue;
                    }
                    JsonObject d = resp.json();
                    String version = d.getString("policyVersion");
                    String want = expected.get(version);
                    if (want == null || !want.equals(d.getString("outcome"))) {
                        problems.add("version " + version + " answered " + d.getString("outcome"));
                    }
                    seen.merge(version, 1, Integer::sum);
                    answered.incrementAndGet();
                }
            });
            client.start();
            clients.add(client);
        }
        int reloads = 0;
        for (int i = 0; i < 50; i++) {
            boolean five = i % 2 == 0;
            setRow(dir, five ? ROW_5_MIN : ROW_2_MIN);
            JsonObject status =
                    service.post("/v1/policy/reload", (JsonObject) null).json();
            assertEquals(five ? fiveMinutes : twoMinutes, status.getString("version"), status.encode());
            reloads++;
        }
        running.set(false);
        for (Thread c : clients) {
            c.join();
        }
        assertEquals(50, reloads);
        assertEquals(List.of(), problems);
        assertTrue(answered.get() > 100, "answered " + answered.get());
        assertEquals(2, seen.size(), "both versions answered: " + seen);
    }

    // ---- helpers ----

    /**
     * Writes the scenario tests first (a 3-minute-old after-sales message gets {@code outcome}),
     * then the after_sales row, each file replaced atomically as editors do, so the watcher never
     * sees a half-written file.
     */
    static void writeWindowVariant(Path dir, String row, String outcome, String reason) throws IOException {
        replaceTests(dir, """
                cases:
                  - name: a three-minute-old after-sales message
                    request:
                      scenario: after_sales
                      conversationId: c-1
                      message: {id: m-1, senderId: u-1, senderRole: customer, sentAt: "2026-11-24T08:00:00Z"}
                      requester: {id: u-1, role: customer}
                      at: "2026-11-24T08:03:00Z"
                    expect: {outcome: %s, reason: %s}
                """.formatted(outcome, reason));
        setRow(dir, row);
    }

    /** Keeps one scenario test that holds under both windows, so a swap is a single-file change. */
    static void neutralTests(Path dir) throws IOException {
        replaceTests(dir, """
                cases:
                  - name: a one-minute-old after-sales message may be recalled
                    request:
                      scenario: after_sales
                      conversationId: c-1
                      message: {id: m-1, senderId: u-1, senderRole: customer, sentAt: "2026-11-24T08:00:00Z"}
                      requester: {id: u-1, role: customer}
                      at: "2026-11-24T08:01:00Z"
                    expect: {outcome: allow, reason: WITHIN_WINDOW}
                """);
    }

    static void setRow(Path dir, String row) throws IOException {
        Path settings = dir.resolve("settings.csv");
        String csv = Files.readString(settings).replace(ROW_2_MIN, row).replace(ROW_5_MIN, row);
        atomicWrite(settings, csv);
    }

    private static void replaceTests(Path dir, String yaml) throws IOException {
        Path tests = dir.resolve("tests");
        Files.createDirectories(tests);
        atomicWrite(tests.resolve("after-sales-window.yaml"), yaml);
        try (Stream<Path> list = Files.list(tests)) {
            for (Path p : list.toList()) {
                if (!p.getFileName().toString().equals("after-sales-window.yaml")) {
                    Files.delete(p);
                }
            }
        }
    }

    static void atomicWrite(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(
                tmp,
                file,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private JsonObject decide(JsonObject request) {
        TestService.Response r = service.post("/v1/recall-decisions", request);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    private JsonObject waitFor(JsonObject request, Predicate<JsonObject> done, long timeoutMillis)
            throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < end) {
            JsonObject d = decide(request);
            if (done.test(d)) {
                return d;
            }
            Thread.sleep(20);
        }
        fail("the decision did not change within " + timeoutMillis + " ms");
        return null;
    }

    private JsonObject waitForPolicy(Predicate<JsonObject> done) throws InterruptedException {
        long end = System.currentTimeMillis() + 15_000;
        JsonObject last = null;
        while (System.currentTimeMillis() < end) {
            last = service.get("/v1/policy").json();
            if (last.getJsonObject("lastReload") != null && done.test(last)) {
                return last;
            }
            Thread.sleep(50);
        }
        fail("the policy did not reach the expected state: " + last);
        return null;
    }
}
