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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 4, crash: the service is a separate OS process, killed with SIGKILL while clients are
 * sending enforce requests. After a restart on the same database every decision a client was
 * given (HTTP 200) is stored with the same outcome, the chain verifies, and a retry of a request
 * that was cut off (same requestId) is answered without a second record.
 */
class CrashDurabilityIT {

    private static final int CLIENTS = 6;
    static final String CARD = "6222 0210 0112 3456 789";
    static final String PHONE = "13800138000";
    static final String RESIDENT_ID = "11010519491231002X";

    /** What a client sent and, if it got a 200, what it was told. */
    private record Sent(JsonObject request, JsonObject decision) {}

    @Test
    void everyAcknowledgedDecisionSurvivesSigkill() throws Exception {
        Path rules = Files.createTempDirectory("recallgate-crash-rules");
        TestService.copyTree(Path.of("rules"), rules);
        Path data = Files.createTempDirectory("recallgate-crash-data");
        List<String> flags = List.of(
                "--http-port",
                "0",
                "--http-instances",
                "2",
                "--rules-dir",
                rules.toString(),
                "--database-url",
                TestPostgres.url(),
                "--data-dir",
                data.toString(),
                "--log-signing-key-file",
                TestKeys.file().toString());

        ConcurrentLinkedQueue<Sent> acknowledged = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<JsonObject> cutOff = new ConcurrentLinkedQueue<>();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger otherStatus = new AtomicInteger();
        String firstOutput;
        int inFlightAtKill;
        String run = "crash-" + System.nanoTime();
        try (ServiceProcess first = ServiceProcess.serve(flags)) {
            Http http = new Http(first.base());
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger counter = new AtomicInteger();
            List<Thread> clients = new ArrayList<>();
            for (int t = 0; t < CLIENTS; t++) {
                Thread client = new Thread(
                        () -> {
                            while (!stop.get()) {
                                int n = counter.incrementAndGet();
                                JsonObject request = request(run, n);
                                inFlight.incrementAndGet();
                                try {
                                    TestService.Response r = http.postOrThrow("/v1/recall-decisions", request);
                                    if (r.status() == 200) {
                                        acknowledged.add(new Sent(request, r.json()));
                                    } else {
                                        if (otherStatus.incrementAndGet() == 1) {
                                            System.out.println("crash: first non-200: " + r.status() + " " + r.body());
                                        }
                                        cutOff.add(request);
                                    }
                                } catch (IOException e) {
                                    cutOff.add(request); // refused or cut off by the kill: not acknowledged
                                    stop.set(true);
                                } catch (InterruptedException e) {
                                    return;
                                } finally {
                                    inFlight.decrementAndGet();
                                }
                            }
                        },
                        "crash-client-" + t);
                clients.add(client);
                client.start();
            }
            // ~2 s of load, and enough decisions to make the check mean something on a slow machine
            long loadStart = System.nanoTime();
            while (System.nanoTime() - loadStart < 1_500_000_000L
                    || acknowledged.size() < 200 && System.nanoTime() - loadStart < 30_000_000_000L) {
                Thread.sleep(20);
            }
            int beforeKill = acknowledged.size();
            inFlightAtKill = inFlight.get();
            first.kill();
            Thread.sleep(500);
            stop.set(true);
            for (Thread c : clients) {
                c.join(30_000);
                assertFalse(c.isAlive(), "a client thread hung");
            }
            assertTrue(beforeKill >= 200, "the load should have produced decisions before the kill, got " + beforeKill);
            assertTrue(inFlightAtKill > 0, "the process must be killed while requests are in flight");
            firstOutput = first.output();
        }
        assertEquals(0, otherStatus.get(), "only 200s or cut-off connections are expected before the kill");
        System.out.printf(
                "crash: %d acknowledged, %d cut off, %d in flight at SIGKILL%n",
                acknowledged.size(), cutOff.size(), inFlightAtKill);

        try (ServiceProcess second = ServiceProcess.serve(flags)) {
            Http http = new Http(second.base());
            Map<String, Long> seqs = new ConcurrentHashMap<>();
            for (Sent s : acknowledged) {
                String id = s.decision().getString("decisionId");
                TestService.Response stored = http.get("/v1/recall-decisions/" + id);
                assertEquals(200, stored.status(), "acknowledged decision " + id + " was lost: " + stored.body());
                JsonObject row = stored.json();
                assertEquals(s.decision().getString("outcome"), row.getString("outcome"), id);
                assertEquals(code(s.decision()), code(row), id);
                assertEquals(s.request().getString("conversationId"), row.getString("conversationId"), id);
                seqs.put(id, row.getLong("logIndex"));
            }
            assertEquals(acknowledged.size(), Set.copyOf(seqs.values()).size(), "every decision has its own log index");

            // a request whose answer never arrived may or may not have been recorded; its retry
            // with the same requestId is answered, and there is still one record for the message
            for (JsonObject request : cutOff) {
                TestService.Response retry = http.post("/v1/recall-decisions", request);
                assertEquals(200, retry.status(), retry.body());
                TestService.Response list =
                        http.get("/v1/recall-decisions?conversationId=" + request.getString("conversationId")
                                + "&messageId=" + Requests.message(request).getString("id"));
                assertEquals(
                        1,
                        Jdbc.recordsFor(
                                TestPostgres.url(),
                                request.getString("conversationId"),
                                Requests.message(request).getString("id")),
                        list.body());
                assertEquals(retry.json().getString("decisionId"), list.json().getString("decisionId"));
            }

            TestService.Response verify = http.get("/v1/audit/verify");
            assertEquals(200, verify.status(), verify.body());
            assertTrue(verify.json().getBoolean("intact"), verify.body());
            assertTrue(verify.json().getLong("entries") >= acknowledged.size() + cutOff.size(), verify.body());

            // the restarted service goes on appending to the same log
            TestService.Response after = http.post("/v1/recall-decisions", request(run, -1));
            assertEquals(200, after.status(), after.body());
            long seq = http.get("/v1/recall-decisions/" + after.json().getString("decisionId"))
                    .json()
                    .getLong("logIndex");
            assertTrue(seq
                    > seqs.values().stream().mapToLong(Long::longValue).max().orElse(0));
            assertTrue(http.get("/v1/audit/verify").json().getBoolean("intact"));
        }

        for (String number : List.of(CARD, CARD.replace(" ", ""), PHONE, RESIDENT_ID)) {
            assertFalse(firstOutput.contains(number), "the service's output holds a sensitive number in clear");
        }
    }

    private static String code(JsonObject decision) {
        return decision.getJsonArray("reasons").getJsonObject(0).getString("code");
    }

    /** A realistic enforce request with fresh ids; some texts carry a card, phone or ID number. */
    static JsonObject request(String run, int n) {
        String[] scenarios = {"after_sales", "ecommerce", "tech_support", "live_chat"};
        String text = switch (Math.floorMod(n, 5)) {
            case 0 -> "我的银行卡号 " + CARD + " 发错了，请帮我撤回这条消息";
            case 1 -> "call me back at " + PHONE + " please, about order 7781";
            case 2 -> "身份证号 " + RESIDENT_ID + " 不该发在这里";
            default -> "sorry, I sent the wrong photo of the receipt, message " + n;
        };
        JsonObject r = Requests.recall(scenarios[Math.floorMod(n, scenarios.length)], text, 30 + Math.floorMod(n, 200));
        return r.put("requestId", run + "-" + n).put("mode", "enforce");
    }
}
