package io.recallgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 §2: the embedded PostgreSQL dies under a running service (SIGKILL to its postmaster,
 * as the OOM killer does), twice, while clients keep sending decisions. While it is down the
 * service answers decisions with 503 problem+json and Retry-After, readiness is 503 and liveness
 * 200; the service starts the database again by itself and is ready within 30 s of the kill; no
 * acknowledged decision is lost and the audit log verifies. (An external database that goes away
 * and comes back: {@link DatabaseOutageIT}.)
 */
class EmbeddedDatabaseSupervisionIT {

    private static final int KILLS = 2;
    private static final long READY_WITHIN_MS = 30_000;

    @Test
    void aKilledEmbeddedPostgresIsRestartedAndTheServiceAnswersAgainByItself() throws Exception {
        Path data = Files.createTempDirectory("recallgate-supervision-data");
        Map<String, String> settings = new HashMap<>();
        settings.put("database-url", null); // the embedded default
        settings.put("data-dir", data.toString());
        TestService s = TestService.start(settings);
        try {
            ConcurrentLinkedQueue<JsonObject[]> acknowledged = new ConcurrentLinkedQueue<>();
            AtomicInteger unavailable = new AtomicInteger();
            ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
            AtomicBoolean stop = new AtomicBoolean();
            Thread load = new Thread(
                    () -> {
                        for (int n = 0; !stop.get(); n++) {
                            JsonObject request = Requests.recall("after_sales", "message " + n, 30)
                                    .put("requestId", "supervision-" + n);
                            try {
                                TestService.Response r = s.post("/v1/recall-decisions", request);
                                if (r.status() == 200) {
                                    acknowledged.add(new JsonObject[] {request, r.json()});
                                } else if (isUnavailable(r)) {
                                    unavailable.incrementAndGet();
                                } else {
                                    unexpected.add(r.status() + " " + r.contentType() + " " + r.body());
                                }
                            } catch (RuntimeException e) {
                                unexpected.add(e.toString());
                            }
                        }
                    },
                    "supervision-load");
            load.start();

            List<Long> recoveryMillis = new ArrayList<>();
            for (int kill = 1; kill <= KILLS; kill++) {
                int before = acknowledged.size();
                waitUntil(() -> acknowledged.size() >= before + 50, Duration.ofSeconds(30), "decisions");
                assertEquals(200, s.get("/health/ready").status());

                long killed = EmbeddedPostmaster.kill(data);
                long t0 = System.nanoTime();
                int seenDown = 0;
                while (!EmbeddedPostmaster.readyOtherThan(data, killed)) {
                    assertTrue(
                            System.nanoTime() - t0 < READY_WITHIN_MS * 1_000_000,
                            "the embedded PostgreSQL was not started again within 30 s");
                    TestService.Response ready = s.get("/health/ready");
                    TestService.Response decision =
                            s.post("/v1/recall-decisions", Requests.recall("after_sales", "while down", 30));
                    TestService.Response live = s.get("/health/live");
                    if (!EmbeddedPostmaster.readyOtherThan(data, killed)) { // still down after the answers
                        assertEquals(503, ready.status(), ready.body());
                        assertEquals(
                                "down", ready.json().getJsonObject("checks").getString("database"));
                        assertTrue(isUnavailable(decision), decision.status() + " " + decision.body());
                        assertEquals(200, live.status());
                        seenDown++;
                    }
                    Thread.sleep(10);
                }
                assertTrue(seenDown > 0, "the outage was seen");
                waitUntil(
                        () -> s.get("/health/ready").status() == 200,
                        Duration.ofMillis(READY_WITHIN_MS - (System.nanoTime() - t0) / 1_000_000),
                        "readiness within 30 s of the kill");
                recoveryMillis.add((System.nanoTime() - t0) / 1_000_000);
            }
            int atRecovery = acknowledged.size();
            waitUntil(() -> acknowledged.size() >= atRecovery + 50, Duration.ofSeconds(30), "decisions after");
            stop.set(true);
            load.join(30_000);
            assertFalse(load.isAlive());
            assertEquals(List.of(), List.copyOf(unexpected), "only 200 or 503 problem+json with Retry-After");
            System.out.printf(
                    "supervision: %d kills, ready again after %s ms; %d acknowledged, %d answered 503%n",
                    KILLS, recoveryMillis, acknowledged.size(), unavailable.get());

            for (JsonObject[] sent : acknowledged) {
                String id = sent[1].getString("decisionId");
                TestService.Response stored = s.get("/v1/recall-decisions/" + id);
                assertEquals(200, stored.status(), "acknowledged decision " + id + " was lost");
                assertEquals(sent[1].getString("outcome"), stored.json().getString("outcome"));
                assertEquals(sent[0].getString("conversationId"), stored.json().getString("conversationId"));
            }
            JsonObject verify = s.get("/v1/audit/verify").json();
            assertTrue(verify.getBoolean("intact"), verify.encode());
            assertTrue(verify.getLong("entries") >= acknowledged.size(), verify.encode());
        } finally {
            s.close();
            EmbeddedPostmaster.removeDataDir(data);
        }
    }

    /** 503 problem+json with a positive Retry-After. */
    private static boolean isUnavailable(TestService.Response r) {
        String retryAfter = r.header("Retry-After");
        return r.status() == 503
                && r.contentType().startsWith("application/problem+json")
                && retryAfter != null
                && retryAfter.matches("[1-9][0-9]*");
    }

    private static void waitUntil(java.util.function.BooleanSupplier done, Duration timeout, String what)
            throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
