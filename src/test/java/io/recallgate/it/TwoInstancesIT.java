package io.recallgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 4: two service instances on one database, as two replicas behind a load balancer.
 * Holds placed or released through one take effect on the other at once; concurrent writes through
 * both keep one gapless, intact chain; concurrent identical requestIds through both give one decision.
 */
class TwoInstancesIT {

    private static final String CARD_TEXT = "我的银行卡号 6222 0210 0112 3456 789 发错了";
    private static TestService a;
    private static TestService b;

    @BeforeAll
    static void start() {
        a = TestService.start();
        b = TestService.start();
    }

    @AfterAll
    static void stop() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    @Test
    void aHoldPlacedOnOneInstanceFreezesTheOtherAtOnceAndItsReleaseUnfreezes() {
        for (int round = 0; round < 10; round++) {
            TestService placer = round % 2 == 0 ? a : b;
            TestService other = placer == a ? b : a;
            String conversation = "c-hold-" + UUID.randomUUID();

            TestService.Response placed = placer.post(
                    "/v1/holds",
                    new JsonObject()
                            .put("conversationId", conversation)
                            .put("reason", "refund dispute #" + round)
                            .put("placedBy", "agent-7"));
            assertEquals(201, placed.status(), placed.body());
            String holdId = placed.json().getString("holdId");

            JsonObject frozen = other.post("/v1/recall-decisions", inConversation(conversation, "sorry, typo"))
                    .json();
            assertEquals("deny", frozen.getString("outcome"), frozen.encode());
            assertEquals("DISPUTE_FROZEN", code(frozen));

            JsonObject frozenSensitive = other.post("/v1/recall-decisions", inConversation(conversation, CARD_TEXT))
                    .json();
            assertEquals("redact", frozenSensitive.getString("outcome"), frozenSensitive.encode());
            assertEquals("DISPUTE_FROZEN", code(frozenSensitive));
            assertEquals("我的银行卡号 **** **** **** ***6 789 发错了", frozenSensitive.getString("maskedText"));

            TestService.Response released = other.post(
                    "/v1/holds/" + holdId + "/release",
                    new JsonObject().put("releasedBy", "agent-7").put("reason", "resolved"));
            assertEquals(200, released.status(), released.body());
            assertNotNull(released.json().getString("releasedAt"));

            JsonObject free = placer.post("/v1/recall-decisions", inConversation(conversation, "sorry, typo"))
                    .json();
            assertEquals("allow", free.getString("outcome"), free.encode());
            assertEquals("WITHIN_WINDOW", code(free));
        }
    }

    @Test
    void aHoldOnListedMessagesFreezesOnlyThoseOnTheOtherInstance() {
        String conversation = "c-hold-" + UUID.randomUUID();
        JsonObject held = inConversation(conversation, "price was 99");
        JsonObject notHeld = inConversation(conversation, "price was 99");
        TestService.Response placed = a.post(
                "/v1/holds",
                new JsonObject()
                        .put("conversationId", conversation)
                        .put(
                                "messageIds",
                                new JsonArray().add(Requests.message(held).getString("id")))
                        .put("reason", "price dispute")
                        .put("placedBy", "agent-9"));
        assertEquals(201, placed.status(), placed.body());
        assertEquals("DISPUTE_FROZEN", code(b.post("/v1/recall-decisions", held).json()));
        assertEquals(
                "WITHIN_WINDOW", code(b.post("/v1/recall-decisions", notHeld).json()));
        TestService.Response list = b.get("/v1/holds?conversationId=" + conversation);
        assertEquals(1, list.json().getJsonArray("holds").size(), list.body());
        assertNull(list.json().getJsonArray("holds").getJsonObject(0).getValue("releasedAt"));
    }

    @Test
    void concurrentWritesThroughBothInstancesKeepOneGaplessIntactChain() throws Exception {
        int threads = 4;
        int perThread = 200;
        long entriesBefore = verify(a).getLong("entries");
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<String>>> results = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    List<String> ids = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        TestService target = (thread + i) % 2 == 0 ? a : b;
                        JsonObject request = Requests.recall(
                                i % 3 == 0 ? "ecommerce" : "after_sales",
                                i % 5 == 0 ? CARD_TEXT : "message " + i,
                                10 + i % 300);
                        TestService.Response r = target.post("/v1/recall-decisions", request);
                        assertEquals(200, r.status(), r.body());
                        ids.add(r.json().getString("decisionId"));
                    }
                    return ids;
                }));
            }
            Set<String> ids = new HashSet<>();
            for (Future<List<String>> f : results) {
                ids.addAll(f.get(120, TimeUnit.SECONDS));
            }
            assertEquals(threads * perThread, ids.size(), "every decision has its own id");

            JsonObject onA = verify(a);
            JsonObject onB = verify(b);
            assertEquals(onA, onB);
            assertEquals(entriesBefore + threads * perThread, onA.getLong("entries"), onA.encode());

            try (Connection c = Jdbc.connect(TestPostgres.url());
                    PreparedStatement st = c.prepareStatement(
                            "SELECT count(*), count(DISTINCT log_index), min(log_index), max(log_index)"
                                    + " FROM decisions WHERE decision_id = ANY (?::uuid[])")) {
                st.setArray(1, c.createArrayOf("text", ids.toArray()));
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    assertEquals(ids.size(), rs.getLong(1), "every acknowledged decision is stored");
                    assertEquals(ids.size(), rs.getLong(2), "log indexes are unique");
                    assertEquals(
                            ids.size(), rs.getLong(4) - rs.getLong(3) + 1, "the log indexes of this run have no gap");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentIdenticalRequestIdsThroughBothInstancesGiveOneDecision() throws Exception {
        int threads = 16;
        int rounds = 5;
        long entriesBefore = verify(b).getLong("entries");
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < rounds; round++) {
                JsonObject request = Requests.recall("after_sales", "oops, wrong chat", 30)
                        .put("requestId", "same-" + UUID.randomUUID());
                CyclicBarrier together = new CyclicBarrier(threads);
                List<Future<TestService.Response>> answers = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    TestService target = t % 2 == 0 ? a : b;
                    answers.add(pool.submit(() -> {
                        together.await(30, TimeUnit.SECONDS);
                        return target.post("/v1/recall-decisions", request);
                    }));
                }
                Set<String> decisionIds = new HashSet<>();
                for (Future<TestService.Response> f : answers) {
                    TestService.Response r = f.get(60, TimeUnit.SECONDS);
                    assertEquals(200, r.status(), r.body());
                    assertEquals("allow", r.json().getString("outcome"));
                    decisionIds.add(r.json().getString("decisionId"));
                }
                assertEquals(1, decisionIds.size(), "one decision for one requestId: " + decisionIds);

                String query = "/v1/recall-decisions?conversationId=" + request.getString("conversationId")
                        + "&messageId=" + Requests.message(request).getString("id");
                assertEquals(
                        1,
                        Jdbc.recordsFor(
                                TestPostgres.url(),
                                request.getString("conversationId"),
                                Requests.message(request).getString("id")),
                        "one record for one requestId");
                for (TestService s : List.of(a, b)) {
                    JsonObject stored = s.get(query).json();
                    assertEquals(decisionIds.iterator().next(), stored.getString("decisionId"));
                }
            }
            JsonObject after = verify(b);
            assertTrue(after.getBoolean("intact"), after.encode());
            assertEquals(entriesBefore + rounds, after.getLong("entries"), "one audit entry per requestId");
        } finally {
            pool.shutdownNow();
        }
    }

    /** An enforce request by the sender, 30 s after sending, for a new message in the conversation. */
    private static JsonObject inConversation(String conversation, String text) {
        return Requests.recall("after_sales", text, 30).put("conversationId", conversation);
    }

    private static String code(JsonObject decision) {
        return decision.getJsonArray("reasons").getJsonObject(0).getString("code");
    }

    private static JsonObject verify(TestService s) {
        TestService.Response r = s.get("/v1/audit/verify");
        assertEquals(200, r.status(), r.body());
        assertTrue(r.json().getBoolean("intact"), r.body());
        return r.json();
    }
}
