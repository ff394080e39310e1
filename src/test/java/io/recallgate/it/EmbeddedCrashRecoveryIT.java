package io.recallgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 §1: the default install comes back after a crash. The service runs as a child JVM on
 * the EMBEDDED database (no database URL) and is killed with SIGKILL under load, three times. A
 * SIGKILL leaves the embedded postmaster running on the data directory; each restart must stop it,
 * listen within 30 s, still hold every decision a client was given (HTTP 200), and its audit log
 * must verify.
 */
class EmbeddedCrashRecoveryIT {

    private static final int ROUNDS = 3;
    private static final int CLIENTS = 4;
    private static final long LISTEN_WITHIN_MS = 30_000;

    /** What a client sent and what it was told with a 200. */
    private record Sent(JsonObject request, JsonObject decision) {}

    @Test
    void theEmbeddedDefaultComesBackAfterEverySigkillWithEveryAcknowledgedDecision() throws Exception {
        Path rules = Files.createTempDirectory("recallgate-embedded-crash-rules");
        TestService.copyTree(Path.of("rules"), rules);
        Path data = Files.createTempDirectory("recallgate-embedded-crash-data");
        List<String> serve = List.of(
                "serve",
                "--http-port",
                "0",
                "--http-instances",
                "2",
                "--rules-dir",
                rules.toString(),
                "--data-dir",
                data.toString());
        List<Sent> acknowledged = new ArrayList<>();
        List<Long> listenMillis = new ArrayList<>();
        String run = "embedded-crash-" + System.nanoTime();
        ServiceProcess service = ServiceProcess.serve(serve.subList(1, serve.size()));
        try {
            for (int round = 1; round <= ROUNDS; round++) {
                acknowledged.addAll(loadUntilKilled(service, run + "-" + round));
                long postmaster = EmbeddedPostmaster.pid(data).orElseThrow();
                assertTrue(
                        EmbeddedPostmaster.alive(postmaster),
                        "SIGKILL of the service leaves its postmaster running: the case under test");

                long t0 = System.nanoTime();
                service = ServiceProcess.start(serve);
                service.awaitPort(120);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                listenMillis.add(ms);
                assertTrue(ms < LISTEN_WITHIN_MS, "round " + round + ": listening after " + ms + " ms");
                assertFalse(EmbeddedPostmaster.alive(postmaster), "the left-over postmaster was stopped");

                Http http = new Http(service.base());
                for (Sent s : acknowledged) {
                    String id = s.decision().getString("decisionId");
                    TestService.Response stored = http.get("/v1/recall-decisions/" + id);
                    assertEquals(200, stored.status(), "round " + round + ": acknowledged " + id + " was lost");
                    assertEquals(
                            s.decision().getString("outcome"), stored.json().getString("outcome"), id);
                    assertEquals(
                            s.request().getString("conversationId"),
                            stored.json().getString("conversationId"),
                            id);
                }
                TestService.Response verify = http.get("/v1/audit/verify");
                assertEquals(200, verify.status(), verify.body());
                assertTrue(verify.json().getBoolean("intact"), "round " + round + ": " + verify.body());
                assertTrue(verify.json().getLong("entries") >= acknowledged.size(), verify.body());
            }
            System.out.printf(
                    "embedded crash: %d rounds, %d acknowledged, restart to listening %s ms%n",
                    ROUNDS, acknowledged.size(), listenMillis);

            service.sigterm();
            assertEquals(0, service.awaitExit(60), service.output());
            assertTrue(EmbeddedPostmaster.pid(data).isEmpty(), "a clean stop stops the embedded PostgreSQL");
        } finally {
            service.close();
            EmbeddedPostmaster.removeDataDir(data);
        }
    }

    /**
     * Clients send enforce requests until at least 100 were acknowledged (and at least a second
     * passed); then the service is killed while requests are in flight.
     */
    private static List<Sent> loadUntilKilled(ServiceProcess service, String run) throws Exception {
        Http http = new Http(service.base());
        ConcurrentLinkedQueue<Sent> acknowledged = new ConcurrentLinkedQueue<>();
        AtomicInteger other = new AtomicInteger();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger counter = new AtomicInteger();
        List<Thread> clients = new ArrayList<>();
        for (int t = 0; t < CLIENTS; t++) {
            Thread client = new Thread(
                    () -> {
                        while (!stop.get()) {
                            JsonObject request = CrashDurabilityIT.request(run, counter.incrementAndGet());
                            inFlight.incrementAndGet();
                            try {
                                TestService.Response r = http.postOrThrow("/v1/recall-decisions", request);
                                if (r.status() == 200) {
                                    acknowledged.add(new Sent(request, r.json()));
                                } else {
                                    other.incrementAndGet();
                                }
                            } catch (IOException e) {
                                stop.set(true); // cut off by the kill: not acknowledged
                            } catch (InterruptedException e) {
                                return;
                            } finally {
                                inFlight.decrementAndGet();
                            }
                        }
                    },
                    "embedded-crash-client-" + t);
            clients.add(client);
            client.start();
        }
        long start = System.nanoTime();
        while (System.nanoTime() - start < 1_000_000_000L
                || acknowledged.size() < 100 && System.nanoTime() - start < 30_000_000_000L) {
            Thread.sleep(20);
        }
        int inFlightAtKill = inFlight.get();
        service.kill();
        stop.set(true);
        for (Thread c : clients) {
            c.join(30_000);
            assertFalse(c.isAlive(), "a client thread hung");
        }
        assertEquals(0, other.get(), "before the kill every answer is a 200");
        assertTrue(acknowledged.size() >= 100, "decisions before the kill: " + acknowledged.size());
        assertTrue(inFlightAtKill > 0, "killed while requests were in flight");
        return List.copyOf(acknowledged);
    }
}
