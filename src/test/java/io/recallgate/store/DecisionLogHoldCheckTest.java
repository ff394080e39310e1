package io.recallgate.store;

import static io.recallgate.store.StoreFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recallgate.metrics.Metrics;
import io.recallgate.model.Decision;
import io.recallgate.model.Outcome;
import io.recallgate.model.Reason;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Enforce records are checked against the active holds under the tenant's lock, in the
 * transaction that writes them: a record decided with other holds than those active then is
 * written as decided again (its facts, answer and leaf agree), one decided with the right holds is
 * written as it is.
 */
class DecisionLogHoldCheckTest {
    static StoreFixture fx;
    static HoldStore holds;
    DecisionLog log;
    Redone redone;

    /** Counts the one-round-trip writes that were refused and written again the careful way. */
    static final class Redone implements Metrics {
        final AtomicInteger count = new AtomicInteger();

        @Override
        public void recordWriteRedone() {
            count.incrementAndGet();
        }
    }

    @BeforeAll
    static void up() throws Exception {
        fx = StoreFixture.start();
        holds = new HoldStore(fx.db.pool());
    }

    @AfterAll
    static void down() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    @BeforeEach
    void clean() {
        fx.reset();
        redone = new Redone();
        log = new DecisionLog(fx.vertx, fx.db.pool(), DecisionLog.Options.defaults(), redone);
    }

    /** A check that, like DecisionService, decides again (here: deny, DISPUTE_FROZEN) when the holds differ. */
    static class Check implements HoldCheck {
        final DecisionRecord first;
        final List<String> decidedWith;
        final List<List<String>> asked = new CopyOnWriteArrayList<>();

        Check(DecisionRecord first, List<String> decidedWith) {
            this.first = first;
            this.decidedWith = decidedWith;
        }

        @Override
        public DecisionRecord withHolds(List<String> holdIds) {
            asked.add(holdIds);
            if (holdIds.equals(decidedWith)) {
                return first;
            }
            Decision d = first.decision();
            Decision again = new Decision(
                    d.decisionId(),
                    d.mode(),
                    holdIds.isEmpty() ? Outcome.ALLOW : Outcome.DENY,
                    List.of(new Reason(holdIds.isEmpty() ? "WITHIN_WINDOW" : "DISPUTE_FROZEN", "rule", "sentence")),
                    d.sensitive(),
                    null,
                    d.allowedUntil(),
                    d.policyVersion(),
                    d.evaluatedAt());
            return new DecisionRecord(
                    first.tenant(),
                    first.requestId(),
                    first.scenario(),
                    first.conversationId(),
                    first.messageId(),
                    first.requesterId(),
                    first.textDigest(),
                    again,
                    first.facts().copy().put("held", !holdIds.isEmpty()).put("holdIds", new JsonArray(holdIds)),
                    first.trace());
        }
    }

    /** A check that tells the log which holds it was decided with, as DecisionService's does. */
    static final class Known extends Check {
        Known(DecisionRecord first, List<String> decidedWith) {
            super(first, decidedWith);
        }

        @Override
        public List<String> decidedWith() {
            return decidedWith;
        }
    }

    @Test
    void aHoldPlacedSinceTheLogsLastWriteIsSeenByAWriteSentInOneRoundTrip() {
        // the log's first write reads the head under the lock; the next ones are sent in one round
        // trip, the head predicted and no hold read, unless the insert finds a hold on the conversation
        DecisionRecord warm = StoreFixture.record("t1", null, "c-0", "m-0");
        await(log.append(warm, new Known(warm, List.of())));
        DecisionRecord quick = StoreFixture.record("t1", null, "c-2", "m-1");
        Known quickCheck = new Known(quick, List.of());
        assertSame(quick.decision(), await(log.append(quick, quickCheck)).decision());
        assertEquals(List.of(List.of()), quickCheck.asked);
        assertEquals(0, redone.count.get(), "nothing refused yet");

        Hold h = await(holds.place("t1", "c-1", List.of("m-1"), "dispute", "agent"));
        DecisionRecord first = StoreFixture.record("t1", null, "c-1", "m-1");
        Known check = new Known(first, List.of());
        StoredDecision stored = await(log.append(first, check));
        assertEquals(List.of(h.holdId()), check.asked.get(check.asked.size() - 1), "asked with the hold at last");
        assertEquals("DISPUTE_FROZEN", stored.decision().decisiveReason().code());
        assertEquals(2, stored.logIndex());
        assertEquals(1, redone.count.get(), "the quick write found the hold, was refused and written again");
        // a hold on another message of the conversation: written as decided (read under the lock)
        DecisionRecord other = StoreFixture.record("t1", null, "c-1", "m-2");
        assertSame(
                other.decision(),
                await(log.append(other, new Known(other, List.of()))).decision());
        assertTrue(fx.verify().intact(), "the stored rows and the tree agree");
    }

    @Test
    void aHoldCommittedWhileAOneRoundTripWriteWaitsForTheLockIsSeenByIt() throws Exception {
        // the insert that checks the holds and moves the head is a statement of its own after the
        // lock's, so its snapshot is taken once the lock is held and has a hold placed under the lock
        // meanwhile (an UPDATE that waited for its row would re-check that row only, not the holds)
        log = new DecisionLog(
                fx.vertx, fx.db.pool(), new DecisionLog.Options(100, 500, Duration.ofSeconds(40)), redone);
        DecisionRecord warm = StoreFixture.record("t1", null, "c-0", "m-0");
        await(log.append(warm, new Known(warm, List.of())));
        PgConnection placer = await(PgConnection.connect(fx.vertx, fx.db.connectOptions()));
        try {
            await(placer.query("BEGIN").execute());
            await(placer.preparedQuery("SELECT 1 FROM tlog_heads WHERE tenant = $1 FOR UPDATE")
                    .execute(Tuple.of("t1")));
            DecisionRecord first = StoreFixture.record("t1", null, "c-1", "m-1");
            Known check = new Known(first, List.of());
            Future<StoredDecision> written = log.append(first, check);
            for (int i = 0; i < 1_000 && waitingForTheLock() == 0; i++) {
                Thread.sleep(10);
            }
            assertEquals(1, waitingForTheLock(), "the write waits for the lock");
            UUID hold = UUID.randomUUID();
            await(placer.preparedQuery(
                            "INSERT INTO holds (hold_id, tenant, conversation_id, message_ids, reason,"
                                    + " placed_by, placed_at) VALUES ($1, 't1', 'c-1', '{}', 'dispute', 'agent', clock_timestamp())")
                    .execute(Tuple.of(hold)));
            await(placer.query("COMMIT").execute());
            StoredDecision stored = await(written);
            assertEquals("DISPUTE_FROZEN", stored.decision().decisiveReason().code());
            assertEquals(List.of(hold.toString()), check.asked.get(check.asked.size() - 1));
            assertEquals(1, stored.logIndex());
            assertEquals(1, redone.count.get(), "refused under the lock and written again");
        } finally {
            placer.close();
        }
        assertEquals(2, fx.count("SELECT count(*) FROM decisions"), "the refused write left no row");
        assertTrue(fx.verify().intact());
    }

    /** Transactions waiting for a tenant's lock. */
    private static long waitingForTheLock() {
        return fx.count("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                + " AND query LIKE '% FROM tlog_heads WHERE tenant = $1 FOR UPDATE'");
    }

    @Test
    void anotherWriterBetweenTwoWritesSendsTheNextOneTheCarefulWay() {
        DecisionLog replica = new DecisionLog(fx.vertx, fx.db.pool());
        List<Long> indexes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            DecisionLog writer = i % 3 == 2 ? replica : log;
            DecisionRecord r = StoreFixture.record("t1", null, "c-" + i, "m-1");
            StoredDecision s = await(writer.append(r, new Known(r, List.of())));
            assertSame(r.decision(), s.decision());
            indexes.add(s.logIndex());
        }
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), indexes);
        assertTrue(redone.count.get() >= 1, "a write after the other writer's was refused and written again");
        assertTrue(fx.verify().intact());
    }

    @Test
    void aRecordDecidedWithoutAHoldThatIsActiveNowIsWrittenAsDecidedAgainWithIt() {
        Hold h = await(holds.place("t1", "c-1", List.of(), "dispute", "agent"));
        DecisionRecord first = StoreFixture.record("t1", null, "c-1", "m-1");
        Check check = new Check(first, List.of());
        StoredDecision stored = await(log.append(first, check));

        assertEquals(List.of(List.of(h.holdId())), check.asked);
        assertEquals("DISPUTE_FROZEN", stored.decision().decisiveReason().code());
        assertEquals(first.decisionId(), stored.decisionId(), "the same decision, decided again");
        Row row = fx.sql(
                        "SELECT outcome, facts, n.hash AS leaf FROM decisions d JOIN tlog_nodes n ON n.tenant = d.tenant"
                                + " AND n.level = 0 AND n.idx = d.log_index WHERE d.decision_id = $1::uuid",
                        stored.decisionId())
                .iterator()
                .next();
        assertEquals("deny", row.getString("outcome"));
        assertEquals(
                new JsonArray().add(h.holdId()),
                new io.vertx.core.json.JsonObject(row.getValue("facts").toString()).getJsonArray("holdIds"));
        byte[] leaf = LogEntry.leafHash(stored.record(), null);
        assertEquals(Base64.getEncoder().encodeToString(leaf), stored.leafHash());
        assertEquals(
                stored.leafHash(),
                Base64.getEncoder().encodeToString(row.getBuffer("leaf").getBytes()));
        assertTrue(fx.verify().intact(), "the stored row and the tree agree");
    }

    @Test
    void aRecordDecidedWithAHoldReleasedSinceIsDecidedAgainWithoutIt() {
        Hold h = await(holds.place("t1", "c-1", List.of("m-1"), "dispute", "agent"));
        await(holds.release("t1", h.holdId(), "agent", "resolved"));
        DecisionRecord first = StoreFixture.record("t1", null, "c-1", "m-1");
        Check check = new Check(first, List.of(h.holdId()));
        StoredDecision stored = await(log.append(first, check));
        assertEquals(List.of(List.of()), check.asked);
        assertEquals("WITHIN_WINDOW", stored.decision().decisiveReason().code());
        assertTrue(fx.verify().intact());
    }

    @Test
    void aRecordDecidedWithTheActiveHoldsIsWrittenAsItIs() {
        Hold whole = await(holds.place("t1", "c-1", List.of(), "dispute", "agent"));
        Hold listed = await(holds.place("t1", "c-1", List.of("m-1"), "dispute", "agent"));
        DecisionRecord first = StoreFixture.record("t1", null, "c-1", "m-1");
        Check check = new Check(first, List.of(whole.holdId(), listed.holdId()));
        StoredDecision stored = await(log.append(first, check));
        assertEquals(List.of(List.of(whole.holdId(), listed.holdId())), check.asked, "oldest first");
        assertSame(first.decision(), stored.decision());
    }

    @Test
    void eachRecordOfABatchIsCheckedAgainstTheHoldsOnItsOwnMessage() {
        Hold onM2 = await(holds.place("t1", "c-1", List.of("m-2"), "dispute", "agent"));
        Hold onC3 = await(holds.place("t1", "c-3", List.of(), "dispute", "agent"));
        await(holds.place("t2", "c-1", List.of(), "another tenant's", "agent"));
        List<DecisionRecord> records = new ArrayList<>();
        List<HoldCheck> checks = new ArrayList<>();
        List<Check> mine = new ArrayList<>();
        String[][] messages = {{"c-1", "m-1"}, {"c-1", "m-2"}, {"c-2", "m-2"}, {"c-3", "m-7"}};
        for (String[] m : messages) {
            DecisionRecord r = StoreFixture.record("t1", null, m[0], m[1]);
            Check c = new Check(r, List.of());
            records.add(r);
            checks.add(c);
            mine.add(c);
        }
        List<StoredDecision> stored = await(log.appendAll(records, checks));
        assertEquals(List.of(List.of()), mine.get(0).asked);
        assertEquals(List.of(List.of(onM2.holdId())), mine.get(1).asked);
        assertEquals(List.of(List.of()), mine.get(2).asked);
        assertEquals(List.of(List.of(onC3.holdId())), mine.get(3).asked);
        assertSame(records.get(0).decision(), stored.get(0).decision());
        assertEquals("DISPUTE_FROZEN", stored.get(1).decision().decisiveReason().code());
        assertEquals("DISPUTE_FROZEN", stored.get(3).decision().decisiveReason().code());
        assertTrue(fx.verify().intact());
    }

    @Test
    void recordsAppendedWithoutACheckAreNotChecked() {
        await(holds.place("t1", "c-1", List.of(), "dispute", "agent"));
        DecisionRecord first = StoreFixture.record("t1", null, "c-1", "m-1");
        assertSame(first.decision(), await(log.append(first)).decision());
    }
}
