package io.recallgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM under load, on a real OS process: the service stops accepting, answers what it has
 * accepted, writes every acknowledged decision, and exits 0. No client sees a 5xx: each request
 * either got its 200 or was never accepted (connection refused or closed before any response) —
 * and "never accepted" is checked too: no decision exists for a request that got no answer.
 */
class GracefulShutdownIT {

    private static final int CLIENTS = 6;

    /** What one request asked: its first message, to look it up afterwards. */
    private record Sent(String conversationId, String messageId) {
        static Sent of(JsonObject request) {
            return new Sent(
                    request.getString("conversationId"),
                    Requests.message(request).getString("id"));
        }
    }

    @Test
    void sigtermDrainsInFlightRequestsAndExitsZero() throws Exception {
        ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>(); // decision ids answered with 200
        ConcurrentLinkedQueue<Sent> unanswered = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger inFlightAtSignal = new AtomicInteger(); // sent before SIGTERM, answered 200 after it
        AtomicBoolean signalled = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        int exit;
        String stdout;

        try (ServiceProcess p = ServiceProcess.start(ServiceProcess.serveArgs())) {
            int port = p.awaitPort(90);
            URI decide = URI.create("http://127.0.0.1:" + port + "/v1/recall-decisions");
            URI batch = URI.create("http://127.0.0.1:" + port + "/v1/recall-decisions/batch");
            CountDownLatch warm = new CountDownLatch(CLIENTS * 5);
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                boolean batches = c % 3 == 0; // some clients send batches, which stay in flight longer
                Thread t = new Thread(
                        () -> {
                            // HTTP/1.1 keep-alive, as platforms call the service. (The JDK client's HTTP/2, before
                            // JDK 24, fails streams still in flight when a server sends GOAWAY.)
                            HttpClient http = HttpClient.newBuilder()
                                    .version(HttpClient.Version.HTTP_1_1)
                                    .connectTimeout(Duration.ofSeconds(5))
                                    .build();
                            while (!stop.get()) {
                                boolean sentBeforeSignal = !signalled.get();
                                JsonObject body;
                                Sent sent;
                                if (batches) {
                                    JsonArray items = new JsonArray();
                                    for (int i = 0; i < 20; i++) {
                                        items.add(Requests.recall("after_sales", "typo " + i, 30));
                                    }
                                    body = new JsonObject().put("requests", items);
                                    sent = Sent.of(items.getJsonObject(0));
                                } else {
                                    body = Requests.recall("ecommerce", "卡号 6222 0210 0112 3456 789", 30);
                                    sent = Sent.of(body);
                                }
                                HttpRequest request = HttpRequest.newBuilder(batches ? batch : decide)
                                        .timeout(Duration.ofSeconds(30))
                                        .header("content-type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString(body.encode()))
                                        .build();
                                try {
                                    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                                    if (r.statusCode() != 200) {
                                        problems.add(r.statusCode() + " " + r.body());
                                        continue;
                                    }
                                    JsonObject answer = new JsonObject(r.body());
                                    if (batches) {
                                        answer.getJsonArray("decisions")
                                                .forEach(d ->
                                                        acknowledged.add(((JsonObject) d).getString("decisionId")));
                                    } else {
                                        acknowledged.add(answer.getString("decisionId"));
                                    }
                                    ok.incrementAndGet();
                                    if (sentBeforeSignal && signalled.get()) {
                                        inFlightAtSignal.incrementAndGet();
                                    }
                                    warm.countDown();
                                } catch (HttpTimeoutException e) {
                                    problems.add("accepted but never answered: " + e);
                                } catch (IOException e) {
                                    // refused, or closed before a response: never accepted (checked below)
                                    unanswered.add(sent);
                                    if (!signalled.get()) {
                                        problems.add("connection failed before SIGTERM: " + e);
                                    }
                                    try {
                                        Thread.sleep(20);
                                    } catch (InterruptedException ie) {
                                        return;
                                    }
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                        },
                        "load-" + c);
                clients.add(t);
                t.start();
            }
            assertTrue(warm.await(60, TimeUnit.SECONDS), "load is flowing: " + problems);
            Thread.sleep(500);

            signalled.set(true);
            p.sigterm();
            exit = p.awaitExit(60);
            Thread.sleep(300); // the clients now meet a closed port
            stop.set(true);
            for (Thread t : clients) {
                t.join(40_000);
            }
            stdout = p.stdout();
            assertEquals(0, exit, "exit code after SIGTERM; stderr: " + p.stderr());
        }

        assertTrue(
                problems.isEmpty(),
                problems.size() + " requests failed otherwise than allowed: "
                        + problems.stream().limit(5).toList());
        assertTrue(!unanswered.isEmpty(), "some requests met the stopped service");
        assertTrue(ok.get() >= CLIENTS * 5, "decisions answered: " + ok.get());
        assertTrue(
                stdout.contains("Recall Gate stopped"),
                "the drain finished: "
                        + stdout.lines().filter(l -> !l.contains("\"access\"")).toList());

        try (TestService fresh = TestService.start()) {
            // every acknowledged decision is in the log
            List<String> missing = new ArrayList<>();
            for (String id : acknowledged) {
                TestService.Response r = fresh.get("/v1/recall-decisions/" + id);
                if (r.status() != 200 || !id.equals(r.json().getString("decisionId"))) {
                    missing.add(id + " " + r.status());
                }
            }
            assertTrue(
                    missing.isEmpty(),
                    missing.size() + " of " + acknowledged.size() + " acknowledged decisions are missing: "
                            + missing.stream().limit(5).toList());

            // and nothing was decided for a request that got no answer: it was never accepted
            List<Sent> decidedButUnanswered = new ArrayList<>();
            for (Sent s : unanswered) {
                TestService.Response r = fresh.get(
                        "/v1/recall-decisions?conversationId=" + s.conversationId() + "&messageId=" + s.messageId());
                if (r.status() == 200) {
                    decidedButUnanswered.add(s);
                } else {
                    assertEquals(404, r.status(), r.body());
                }
            }
            assertTrue(
                    decidedButUnanswered.isEmpty(),
                    decidedButUnanswered.size() + " of " + unanswered.size()
                            + " unanswered requests were decided and recorded: "
                            + decidedButUnanswered.stream().limit(5).toList());
        }
        System.out.println("shutdown under load: " + ok.get() + " answered (" + inFlightAtSignal.get()
                + " of them in flight at SIGTERM), " + unanswered.size() + " never accepted, "
                + acknowledged.size() + " decisions verified");
    }
}
