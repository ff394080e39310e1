package io.recallgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 4: the database goes away and comes back while clients keep sending decisions. While it
 * is down the decision endpoints answer 503 problem+json with Retry-After and readiness is 503;
 * when it is back the same service process answers again by itself; no acknowledged record is lost.
 * The database is a PostgreSQL of this test's own, so that it can be stopped.
 */
class DatabaseOutageIT {

    @Test
    void answers503WhileTheDatabaseIsDownAndRecoversByItselfLosingNothingAcknowledged() throws Exception {
        Path dir = Files.createTempDirectory("recallgate-outage-pg");
        int port = freePort();
        EmbeddedPostgres pg = startPostgres(dir, port);
        String url = "postgresql://postgres:postgres@127.0.0.1:" + port + "/postgres";
        TestService service = null;
        try {
            service = TestService.start(Map.of("database-url", url));
            TestService s = service;

            ConcurrentLinkedQueue<JsonObject[]> acknowledged = new ConcurrentLinkedQueue<>();
            AtomicInteger unavailable = new AtomicInteger();
            ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
            AtomicBoolean stop = new AtomicBoolean();
            Thread load = new Thread(
                    () -> {
                        int n = 0;
                        while (!stop.get()) {
                            JsonObject request = Requests.recall(
                                            n % 2 == 0 ? "after_sales" : "ecommerce", "message " + n, 30)
                                    .put("requestId", "outage-" + n);
                            n++;
                            try {
                                TestService.Response r = s.post("/v1/recall-decisions", request);
                                if (r.status() == 200) {
                                    acknowledged.add(new JsonObject[] {request, r.json()});
                                } else if (r.status() == 503
                                        && r.contentType().startsWith("application/problem+json")
                                        && r.header("Retry-After") != null) {
                                    unavailable.incrementAndGet();
                                } else {
                                    unexpected.add(r.status() + " " + r.contentType() + " " + r.body());
                                }
                            } catch (RuntimeException e) {
                                unexpected.add(e.toString());
                            }
                        }
                    },
                    "outage-load");
            load.start();

            waitUntil(() -> acknowledged.size() >= 50, Duration.ofSeconds(30), "decisions before the outage");
            JsonObject[] early = acknowledged.peek();
            assertEquals(200, s.get("/health/ready").status());

            pg.close(); // the database stops; the service keeps running
            int ackedBeforeOutage = acknowledged.size();

            long t0 = System.nanoTime();
            assertUnavailable(s.post("/v1/recall-decisions", Requests.recall("after_sales", "during", 30)));
            assertUnavailable(s.post(
                    "/v1/recall-decisions",
                    Requests.recall("after_sales", "during", 30).put("mode", "preview")));
            assertUnavailable(s.post(
                    "/v1/recall-decisions/batch",
                    new JsonObject()
                            .put(
                                    "requests",
                                    new io.vertx.core.json.JsonArray()
                                            .add(Requests.recall("after_sales", "during", 30)))));
            assertUnavailable(s.get("/v1/recall-decisions/" + early[1].getString("decisionId")));
            assertUnavailable(s.get("/v1/recall-decisions?conversationId=" + early[0].getString("conversationId")
                    + "&messageId=" + Requests.message(early[0]).getString("id")));
            TestService.Response ready = s.get("/health/ready");
            assertEquals(503, ready.status(), ready.body());
            assertEquals("application/problem+json", ready.header("Content-Type"));
            assertEquals("2", ready.header("Retry-After"));
            assertEquals(503, ready.json().getInteger("status"));
            assertEquals("down", ready.json().getJsonObject("checks").getString("database"));
            assertEquals("up", ready.json().getJsonObject("checks").getString("rules"));
            assertEquals(200, s.get("/health/live").status());
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(millis < 10_000, "answers while the database is down must come quickly, took " + millis + " ms");
            Thread.sleep(1_000);
            int ackedDuringOutage = acknowledged.size() - ackedBeforeOutage;
            assertTrue(unavailable.get() > 0, "the load saw the outage");

            pg = startPostgres(dir, port); // the same files and port; the service is not restarted
            waitUntil(() -> s.get("/health/ready").status() == 200, Duration.ofSeconds(30), "readiness after restart");
            int ackedBeforeRecovery = acknowledged.size();
            waitUntil(
                    () -> acknowledged.size() >= ackedBeforeRecovery + 50,
                    Duration.ofSeconds(30),
                    "decisions after the database came back");
            stop.set(true);
            load.join(30_000);
            assertFalse(load.isAlive());
            assertEquals(List.of(), List.copyOf(unexpected), "only 200 or 503 problem+json with Retry-After");
            System.out.printf(
                    "outage: %d acknowledged (%d while down), %d answered 503%n",
                    acknowledged.size(), ackedDuringOutage, unavailable.get());

            Set<String> ackedIds = new HashSet<>();
            for (JsonObject[] sent : acknowledged) {
                String id = sent[1].getString("decisionId");
                ackedIds.add(id);
                TestService.Response stored = s.get("/v1/recall-decisions/" + id);
                assertEquals(200, stored.status(), "acknowledged decision " + id + " was lost");
                assertEquals(sent[1].getString("outcome"), stored.json().getString("outcome"));
            }
            Set<String> storedIds = new HashSet<>();
            try (Connection c = Jdbc.connect(url);
                    Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT decision_id FROM decisions")) {
                while (rs.next()) {
                    storedIds.add(rs.getString(1));
                }
            }
            assertTrue(storedIds.containsAll(ackedIds));
            // a write cut off by the shutdown may have committed without its answer arriving
            assertTrue(storedIds.size() <= ackedIds.size() + unavailable.get(), storedIds.size() + " stored");
            JsonObject verify = s.get("/v1/audit/verify").json();
            assertTrue(verify.getBoolean("intact"), verify.encode());
            assertEquals(storedIds.size(), verify.getLong("entries"), verify.encode());
        } finally {
            if (service != null) {
                service.close();
            }
            pg.close();
        }
    }

    private static void assertUnavailable(TestService.Response r) {
        assertEquals(503, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        assertEquals(503, r.json().getInteger("status"));
        String retryAfter = r.header("Retry-After");
        assertNotNull(retryAfter, "503 without Retry-After");
        assertTrue(Integer.parseInt(retryAfter) > 0, retryAfter);
    }

    private static EmbeddedPostgres startPostgres(Path dir, int port) throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setServerConfig("synchronous_commit", "on")
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
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
