package io.recallgate.store;

import static io.recallgate.store.StoreFixture.await;
import static io.recallgate.store.StoreFixture.failure;
import static io.recallgate.store.StoreFixture.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recallgate.metrics.Metrics;
import io.recallgate.model.Decision;
import io.recallgate.model.Mode;
import io.recallgate.model.Outcome;
import io.recallgate.model.Reason;
import io.recallgate.model.SensitiveFinding;
import io.recallgate.model.SensitiveType;
import io.vertx.core.Future;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Row;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DecisionLogTest {
    static StoreFixture fx;
    /** A second "service instance": its own pool on the same database. */
    static Database second;

    @BeforeAll
    static void up() throws Exception {
        fx = StoreFixture.start();
        second = Database.start(fx.vertx, fx.url(), Files.createDirectories(fx.dir.resolve("second")));
    }

    @AfterAll
    static void down() throws Exception {
        if (second != null) {
            second.close();
        }
        if (fx != null) {
            fx.close();
        }
    }

    @BeforeEach
    void clean() {
        fx.reset();
    }

    @Test
    void storedFieldsRoundTrip() {
        DecisionLog log = new DecisionLog(fx.vertx, fx.db.pool());
        String id = UUID.randomUUID().toString();
        Decision d = new Decision(
                id,
                Mode.ENFORCE,
                Outcome.ALLOW,
                List.of(
                        new Reason("SENSITIVE_CONTENT", "after_sales: personal data", "可以撤回"),
                        new Reason("SECOND", null, "x")),
                List.of(
                        new SensitiveFinding(SensitiveType.CN_MOBILE, 3, 14),
                        new SensitiveFinding(SensitiveType.EMAIL, 20, 31)),
                "masked",
                Instant.parse("2026-11-25T08:00:00.123456789Z"),
                "sha256:3f1c",
                Instant.parse("2026-11-24T08:01:00.000001999Z"));
        DecisionRecord r = new DecisionRecord(
                "t1", "req-1", "after_sales", "c-9", "m-17", "u-42", "hmac-sha256:00ff", d, null, null);

        StoredDecision appended = await(log.append(r));
        assertEquals(0, appended.logIndex());
        assertNull(appended.legacy());
        assertEquals(
                java.util.Base64.getEncoder().encodeToString(LogEntry.leafHash(r, null)),
                appended.leafHash(),
                "the leaf is the hash of the entry");

        StoredDecision read = await(log.findById("t1", id));
        assertNotNull(read);
        assertEquals(appended, read);
        DecisionRecord back = read.record();
        assertEquals("t1", back.tenant());
        assertEquals("req-1", back.requestId());
        assertEquals("after_sales", back.scenario());
        assertEquals("c-9", back.conversationId());
        assertEquals("m-17", back.messageId());
        assertEquals("u-42", back.requesterId());
        assertEquals("hmac-sha256:00ff", back.textDigest());
        Decision bd = back.decision();
        assertEquals(id, bd.decisionId());
        assertEquals(Outcome.ALLOW, bd.outcome());
        assertEquals(d.reasons(), bd.reasons());
        assertEquals(d.sensitive(), bd.sensitive());
        assertNull(bd.maskedText(), "masked text is never stored");
        assertEquals(Instant.parse("2026-11-25T08:00:00.123456Z"), bd.allowedUntil());
        assertEquals(Instant.parse("2026-11-24T08:01:00.000001Z"), bd.evaluatedAt());
        assertEquals("sha256:3f1c", bd.policyVersion());

        assertEquals(List.of(read), await(log.findByMessage("t1", "c-9", "m-17")));
        assertNull(await(log.findById("t2", id)), "another tenant's decision is invisible");
        assertEquals(List.of(), await(log.findByMessage("t2", "c-9", "m-17")));
        assertNull(await(log.findById("t1", UUID.randomUUID().toString())));
        assertNull(await(log.findById("t1", "not-a-uuid")));
    }

    @Test
    void noClearTextInTheRow() {
        TextDigester digester = new TextDigester("unit-test-digest-key-0123456789".getBytes());
        String text = "我的银行卡号 6222021001123456789 发错了";
        String digest = digester.digest(text);
        Decision d = new Decision(
                null,
                Mode.ENFORCE,
                Outcome.REDACT,
                List.of(new Reason("SENSITIVE_REDACTED", "ecommerce: mask", "已屏蔽")),
                List.of(new SensitiveFinding(SensitiveType.BANK_CARD, 7, 26)),
                "我的银行卡号 ***************6789 发错了",
                null,
                "sha256:p",
                Instant.now());
        StoredDecision s = await(new DecisionLog(fx.vertx, fx.db.pool())
                .append(new DecisionRecord("t1", null, "ecommerce", "c-1", "m-1", "u-1", digest, d, null, null)));

        String row = fx.sql("SELECT d::text FROM decisions d WHERE log_index = $1", s.logIndex())
                .iterator()
                .next()
                .getString(0);
        assertTrue(row.contains(digest), "the digest is stored: " + row);
        assertFalse(row.contains("6222021001123456789"), row);
        assertFalse(row.contains("发错了"), row);
        assertFalse(row.contains("****"), row);
    }

    @Test
    void retryWithSameRequestIdReturnsFirstAndWritesNothing() {
        DecisionLog log = new DecisionLog(fx.vertx, fx.db.pool());
        StoredDecision first = await(log.append(record("same")));
        StoredDecision retry = await(log.append(record("same")));
        assertEquals(first.decisionId(), retry.decisionId());
        assertEquals(first.logIndex(), retry.logIndex());
        assertEquals(1, fx.count("SELECT count(*) FROM decisions"));
        // the same requestId in another tenant is another request, the first of that tenant's log
        StoredDecision other = await(log.append(record("t2", "same", "c-1", "m-1")));
        assertEquals(0, other.logIndex());
        assertTrue(fx.verify().intact());
        assertTrue(fx.verify("t2").intact());
    }

    @Test
    void concurrentIdenticalRequestIdsOnTwoInstancesStoreOneRow() {
        DecisionLog a = new DecisionLog(fx.vertx, fx.db.pool());
        DecisionLog b = new DecisionLog(fx.vertx, second.pool());
        for (int round = 0; round < 5; round++) {
            String requestId = "dup-" + round;
            List<Future<StoredDecision>> futures = new ArrayList<>();
            Set<String> submitted = new HashSet<>();
            for (int i = 0; i < 20; i++) {
                DecisionRecord r = record(requestId);
                submitted.add(r.decisionId());
                futures.add((i % 2 == 0 ? a : b).append(r));
            }
            Set<String> returned = new HashSet<>();
            for (Future<StoredDecision> f : futures) {
                returned.add(await(f).decisionId());
            }
            assertEquals(1, returned.size(), "every caller gets the same decision: " + returned);
            assertTrue(submitted.containsAll(returned));
            assertEquals(1, fx.count("SELECT count(*) FROM decisions WHERE request_id = $1", requestId));
            assertEquals(
                    returned.iterator().next(),
                    fx.sql("SELECT decision_id::text FROM decisions WHERE request_id = $1", requestId)
                            .iterator()
                            .next()
                            .getString(0));
        }
        assertEquals(5, fx.count("SELECT count(*) FROM decisions"));
        assertTrue(fx.verify().intact());
    }

    @Test
    void twoInstancesAppendingConcurrentlyKeepOneGaplessChain() {
        List<Integer> batches = new CopyOnWriteArrayList<>();
        DecisionLog a = new DecisionLog(fx.vertx, fx.db.pool(), DecisionLog.Options.defaults(), batchSizes(batches));
        DecisionLog b = new DecisionLog(fx.vertx, second.pool(), DecisionLog.Options.defaults(), batchSizes(batches));
        int perInstance = 1_500;
        List<Future<StoredDecision>> futures = new ArrayList<>();
        for (int i = 0; i < perInstance; i++) {
            futures.add(a.append(record("a-" + i)));
            futures.add(b.append(record("b-" + i)));
        }
        Set<Long> indexes = new HashSet<>();
        for (Future<StoredDecision> f : futures) {
            indexes.add(await(f).logIndex());
        }
        int total = 2 * perInstance;
        assertEquals(total, indexes.size(), "every append got its own log index");
        assertEquals(total, fx.count("SELECT count(*) FROM decisions"));
        assertEquals(0, fx.count("SELECT min(log_index) FROM decisions"));
        assertEquals(total - 1, fx.count("SELECT max(log_index) FROM decisions"));
        assertEquals(total, fx.count("SELECT tree_size FROM tlog_heads WHERE tenant = 't1'"));
        assertTrue(batches.stream().anyMatch(n -> n > 1), "group commit batched appends: " + batches);
        assertEquals(total, batches.stream().mapToInt(Integer::intValue).sum());
        AuditVerifier.AuditReport report = fx.verify();
        assertTrue(report.intact(), report.toString());
        assertEquals(total, report.entries());
        assertEquals(0, a.queueDepth());
    }

    @Test
    void fullQueueFailsAtOnceWithStoreBusyAndLosesNothingAccepted() {
        DecisionLog log =
                new DecisionLog(fx.vertx, fx.db.pool(), new DecisionLog.Options(5, 1, Duration.ofSeconds(30)));
        // hold the tenant's log lock from outside so that nothing can be flushed
        await(log.append(record("first")));
        PgConnection blocker = await(PgConnection.connect(fx.vertx, fx.db.connectOptions()));
        try {
            await(blocker.query("BEGIN").execute());
            await(blocker.query("SELECT * FROM tlog_heads WHERE tenant = 't1' FOR UPDATE")
                    .execute());
            List<Future<StoredDecision>> accepted = new ArrayList<>();
            int busy = 0;
            for (int i = 0; i < 12; i++) {
                Future<StoredDecision> f = log.append(record("q-" + i));
                if (f.failed()) {
                    assertInstanceOf(StoreBusyException.class, f.cause());
                    assertTrue(((StoreBusyException) f.cause()).retryAfterSeconds() > 0);
                    busy++;
                } else {
                    accepted.add(f);
                }
            }
            assertTrue(busy >= 6, "at most 5 queued + 1 in flight are accepted, refused: " + busy);
            assertTrue(log.queueDepth() <= 5);
            await(blocker.query("ROLLBACK").execute());
            for (Future<StoredDecision> f : accepted) {
                assertNotNull(await(f));
            }
            assertEquals(accepted.size() + 1, fx.count("SELECT count(*) FROM decisions"));
        } finally {
            blocker.close();
        }
    }

    @Test
    void drainWritesWhatIsQueuedThenRefuses() {
        DecisionLog log = new DecisionLog(fx.vertx, fx.db.pool());
        List<Future<StoredDecision>> futures = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            futures.add(log.append(record("d-" + i)));
        }
        await(log.drain());
        assertTrue(futures.stream().allMatch(Future::succeeded), "everything queued before drain is committed");
        assertEquals(300, fx.count("SELECT count(*) FROM decisions"));
        assertInstanceOf(StoreUnavailableException.class, failure(log.append(record("late"))));
    }

    @Test
    void previewDecisionsAndNulCharactersAreRefused() {
        Decision preview = new Decision(
                null,
                Mode.PREVIEW,
                Outcome.ALLOW,
                List.of(new Reason("X", "r", "m")),
                List.of(),
                null,
                null,
                "v",
                Instant.now());
        try {
            new DecisionRecord("t1", null, "s", "c", "m", "u", null, preview, null, null);
            throw new AssertionError("preview accepted");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage().contains("enforce"));
        }
        try {
            record("t1", "bad\0id", "c", "m");
            throw new AssertionError("NUL accepted");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage().contains("U+0000"));
        }
    }

    @Test
    void headAndNodesFollowTheAppends() {
        DecisionLog log = new DecisionLog(fx.vertx, fx.db.pool());
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            DecisionRecord r = record("x" + i);
            leaves.add(LogEntry.leafHash(r, null));
            assertEquals(i, await(log.append(r)).logIndex());
        }
        io.recallgate.tlog.CompactRange expected = new io.recallgate.tlog.CompactRange();
        leaves.forEach(l -> expected.append(l, (a, b, c) -> {}));
        Row head = fx.sql("SELECT tree_size, root FROM tlog_heads WHERE tenant = 't1'")
                .iterator()
                .next();
        assertEquals(5L, head.getLong("tree_size"));
        assertTrue(
                java.util.Arrays.equals(expected.root(), head.getBuffer("root").getBytes()));
        // 5 leaves, 2 nodes at level 1, 1 at level 2
        assertEquals(8, fx.count("SELECT count(*) FROM tlog_nodes WHERE tenant = 't1'"));
    }

    /** A record of t1 that reuses a stored decision's id: the database refuses its row (unique key). */
    private static DecisionRecord clashing(StoredDecision stored, String requestId) {
        DecisionRecord r = record(requestId);
        Decision d = r.decision();
        return StoreFixture.withDecision(
                r,
                new Decision(
                        stored.decisionId(),
                        d.mode(),
                        d.outcome(),
                        d.reasons(),
                        d.sensitive(),
                        null,
                        d.allowedUntil(),
                        d.policyVersion(),
                        d.evaluatedAt()));
    }

    /** Metrics that keep the size of every group-commit transaction. */
    private static Metrics batchSizes(List<Integer> batches) {
        return new Metrics() {
            @Override
            public void recordBatch(int records) {
                batches.add(records);
            }
        };
    }

    /** Holds t1's log lock from outside, so that what is appended meanwhile is flushed as one group. */
    private static PgConnection lockTenant(String tenant) {
        PgConnection blocker = await(PgConnection.connect(fx.vertx, fx.db.connectOptions()));
        await(blocker.query("BEGIN").execute());
        await(blocker.preparedQuery("SELECT * FROM tlog_heads WHERE tenant = $1 FOR UPDATE")
                .execute(io.vertx.sqlclient.Tuple.of(tenant)));
        return blocker;
    }

    @Test
    void aRowTheDatabaseRefusesFailsOnlyItsOwnRequest() {
        List<Integer> batches = new CopyOnWriteArrayList<>();
        DecisionLog log = new DecisionLog(
                fx.vertx,
                fx.db.pool(),
                new DecisionLog.Options(1000, 500, Duration.ofSeconds(30)),
                batchSizes(batches));
        StoredDecision taken = await(log.append(record("taken")));
        PgConnection blocker = lockTenant("t1");
        List<Future<StoredDecision>> good = new ArrayList<>();
        Future<StoredDecision> bad;
        Future<List<StoredDecision>> goodBatch;
        try {
            // the first flush takes one record and waits for the lock; the rest queue behind it
            good.add(log.append(record("g-0")));
            for (int i = 1; i < 10; i++) {
                good.add(log.append(record("g-" + i)));
            }
            bad = log.append(clashing(taken, "bad"));
            goodBatch = log.appendAll(List.of(record("gb-1"), record("gb-2")));
            for (int i = 10; i < 20; i++) {
                good.add(log.append(record("g-" + i)));
            }
        } finally {
            await(blocker.query("ROLLBACK").execute());
            blocker.close();
        }
        assertInstanceOf(StoreUnavailableException.class, failure(bad));
        for (Future<StoredDecision> f : good) {
            assertNotNull(await(f), "another request of the same group commit succeeds");
        }
        assertEquals(2, await(goodBatch).size());
        // "taken", then at most three group commits for the 23 requests queued behind the lock
        assertTrue(batches.size() <= 4, "they shared group commits: " + batches);
        assertEquals(1 + 20 + 2, fx.count("SELECT count(*) FROM decisions"));
        assertTrue(fx.verify().intact());
    }

    @Test
    void writesInFlightBehindOneThatFailsAreWrittenAgainAndTheTreeStaysWhole() throws Exception {
        // appends trickle in, so a lane has a one-round-trip write waiting at the lock behind
        // another, computed from the head its predecessor leaves; now and then one of them fails for
        // a row, and the one behind it finds another head than predicted and is written again
        java.util.concurrent.atomic.AtomicInteger redone = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger transactions = new java.util.concurrent.atomic.AtomicInteger();
        DecisionLog log = new DecisionLog(fx.vertx, fx.db.pool(), DecisionLog.Options.defaults(), new Metrics() {
            @Override
            public void recordBatch(int records) {
                transactions.incrementAndGet();
            }

            @Override
            public void recordWriteRedone() {
                redone.incrementAndGet();
            }
        });
        StoredDecision taken = await(log.append(record("taken")));
        List<Future<StoredDecision>> good = new ArrayList<>();
        List<Future<StoredDecision>> bad = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            if (i % 150 == 75) {
                bad.add(log.append(clashing(taken, "bad-" + i)));
            } else {
                good.add(log.append(record("g-" + i)));
            }
            if (i % 3 == 0) {
                Thread.sleep(1);
            }
        }
        for (Future<StoredDecision> f : bad) {
            assertInstanceOf(StoreUnavailableException.class, failure(f));
        }
        Set<Long> indexes = new HashSet<>();
        for (Future<StoredDecision> f : good) {
            indexes.add(await(f).logIndex());
        }
        assertEquals(good.size(), indexes.size());
        assertEquals(1 + good.size(), fx.count("SELECT count(*) FROM decisions"));
        assertEquals(good.size(), fx.count("SELECT max(log_index) FROM decisions"), "gapless");
        assertTrue(transactions.get() > 10, "written in many group commits: " + transactions.get());
        // after one fails, the lane writes the careful way for a second (QUICK_PAUSE_NANOS)
        assertTrue(redone.get() >= 1, "the failed one and those behind it were written again");
        AuditVerifier.AuditReport report = fx.verify();
        assertTrue(report.intact(), report.toString());
        assertEquals(1 + good.size(), report.entries());
        assertEquals(0, log.queueDepth());
    }

    @Test
    void aBatchIsCommittedWholeOrNotAtAll() {
        DecisionLog log = new DecisionLog(fx.vertx, fx.db.pool());
        StoredDecision taken = await(log.append(record("taken")));
        List<DecisionRecord> six = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            six.add(i == 4 ? clashing(taken, "b-" + i) : record("b-" + i));
        }
        PgConnection blocker = lockTenant("t1");
        Future<List<StoredDecision>> batch;
        Future<StoredDecision> beside;
        try {
            log.append(record("first-in-flight"));
            batch = log.appendAll(six);
            beside = log.append(record("beside"));
        } finally {
            await(blocker.query("ROLLBACK").execute());
            blocker.close();
        }
        assertInstanceOf(StoreUnavailableException.class, failure(batch));
        assertNotNull(await(beside));
        assertEquals(0, fx.count("SELECT count(*) FROM decisions WHERE request_id LIKE 'b-%'"), "never 5 of 6");
        assertTrue(fx.verify().intact());

        // the same batch without the bad row: all six, consecutive, in order
        six.set(4, record("b-4"));
        List<StoredDecision> stored = await(log.appendAll(six));
        for (int i = 1; i < 6; i++) {
            assertEquals(stored.get(0).logIndex() + i, stored.get(i).logIndex());
        }
        // retried whole: the first decisions come back, nothing is written twice
        List<StoredDecision> again = await(log.appendAll(six));
        assertEquals(stored, again);
        assertEquals(6, fx.count("SELECT count(*) FROM decisions WHERE request_id LIKE 'b-%'"));
    }

    @Test
    void aFlushThatTimesOutIsRolledBackNotCommittedLater() throws Exception {
        // database-side timeouts are a quarter of the flush timeout: 500 ms here
        DecisionLog log =
                new DecisionLog(fx.vertx, fx.db.pool(), new DecisionLog.Options(100, 500, Duration.ofSeconds(2)));
        await(log.append(record("before")));
        PgConnection blocker = lockTenant("t1");
        Future<StoredDecision> late;
        try {
            late = log.append(record("late"));
            Throwable t = failure(late);
            assertInstanceOf(StoreUnavailableException.class, t, "503 for the client");
            Thread.sleep(2_500); // longer than the flush timeout: the lock is still held
        } finally {
            await(blocker.query("ROLLBACK").execute());
            blocker.close();
        }
        Thread.sleep(500);
        assertEquals(0, fx.count("SELECT count(*) FROM decisions WHERE request_id = 'late'"), "rolled back");
        // the client's retry with the same requestId is then written once
        StoredDecision retried = await(log.append(record("late")));
        assertEquals(1, retried.logIndex());
        assertTrue(fx.verify().intact());
    }

    @Test
    void tenantsAppendInParallelUnderTheirOwnLocks() {
        DecisionLog log = new DecisionLog(fx.vertx, fx.db.pool());
        await(log.append(record("t1", "a", "c", "m")));
        PgConnection blocker = lockTenant("t1");
        Future<StoredDecision> t1;
        try {
            // t1 is held up; t2 commits regardless
            t1 = log.append(record("t1", "b", "c", "m"));
            StoredDecision t2 = await(log.append(record("t2", "x", "c", "m")));
            assertEquals(0, t2.logIndex());
            assertFalse(t1.isComplete(), "t1 waits for its own lock only");
        } finally {
            await(blocker.query("ROLLBACK").execute());
            blocker.close();
        }
        assertEquals(1, await(t1).logIndex());
    }
}
