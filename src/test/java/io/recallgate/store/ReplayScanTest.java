package io.recallgate.store;

import static io.recallgate.store.StoreFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recallgate.model.Decision;
import io.recallgate.store.ReplayScan.StoredVerdict;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scan impact analysis replays from, on a real PostgreSQL: only the tenant's decisions of the
 * half-open window, newest first, in pages handed over one after the other (the next only once
 * the previous one is done), facts as stored (null for records written before facts were kept),
 * and a window over the limit refused before any row is handed over.
 */
class ReplayScanTest {

    static final Instant T0 = Instant.parse("2026-11-24T08:00:00Z");

    static StoreFixture fx;
    static ReplayScan scan;
    /** t1's decision ids by minute after T0 (0..6); minutes 5 and 6 have no facts. */
    static final List<String> ids = new ArrayList<>();

    @BeforeAll
    static void up() throws Exception {
        fx = StoreFixture.start();
        fx.reset();
        DecisionLog log = new DecisionLog(fx.vertx, fx.db.pool(), DecisionLog.Options.defaults());
        for (int minute = 0; minute < 7; minute++) {
            StoredDecision s = await(log.append(at(
                    minute < 5
                            ? StoreFixture.record("t1", null, "c-" + minute, "m-" + minute)
                            : StoreFixture.legacyRecord("t1", "c-" + minute, "m-" + minute),
                    T0.plus(Duration.ofMinutes(minute)))));
            ids.add(s.record().decision().decisionId());
        }
        await(log.append(at(StoreFixture.record("t2", null, "c-t2", "m-1"), T0.plusSeconds(90))));
        await(log.drain());
        scan = new ReplayScan(fx.db.pool());
    }

    @AfterAll
    static void down() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void theTenantsWindowComesNewestFirstInPagesHandedOverOneAfterTheOther() {
        List<List<StoredVerdict>> pages = new CopyOnWriteArrayList<>();
        AtomicInteger outstanding = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        long count = await(scan.scan("t1", T0, T0.plus(Duration.ofHours(1)), 100, 3, page -> {
            most.accumulateAndGet(outstanding.incrementAndGet(), Math::max);
            pages.add(page);
            // the caller's work takes a while; the scan must wait for it before the next page
            Promise<Void> done = Promise.promise();
            fx.vertx.setTimer(50, id -> {
                outstanding.decrementAndGet();
                done.complete();
            });
            return done.future();
        }));
        assertEquals(7, count);
        assertEquals(List.of(3, 3, 1), pages.stream().map(List::size).toList());
        assertEquals(1, most.get(), "one page at a time in the caller's hands");
        List<StoredVerdict> all = pages.stream().flatMap(List::stream).toList();
        assertEquals(
                List.of(ids.get(6), ids.get(5), ids.get(4), ids.get(3), ids.get(2), ids.get(1), ids.get(0)),
                all.stream().map(StoredVerdict::decisionId).toList());
        for (StoredVerdict v : all) {
            assertEquals("after_sales", v.scenario());
            assertEquals("deny", v.outcome());
            assertEquals("WINDOW_EXPIRED", v.reason());
        }
        assertNull(all.get(0).facts(), "written before facts were kept");
        assertNull(all.get(1).facts());
        JsonObject facts = new JsonObject(all.get(2).facts());
        assertEquals("c-4", facts.getString("conversationId"));
        assertEquals("中文 and \u00e9 and \"quotes\"", facts.getString("note"));
    }

    @Test
    void theWindowIsHalfOpen() {
        List<String> seen = new ArrayList<>();
        long count =
                await(scan.scan("t1", T0.plus(Duration.ofMinutes(2)), T0.plus(Duration.ofMinutes(4)), 100, 10, page -> {
                    page.forEach(v -> seen.add(v.decisionId()));
                    return Future.succeededFuture();
                }));
        assertEquals(2, count);
        assertEquals(List.of(ids.get(3), ids.get(2)), seen);

        List<StoredVerdict> other = new ArrayList<>();
        assertEquals(1L, await(scan.scan("t2", T0, T0.plus(Duration.ofHours(1)), 100, 10, page -> {
            other.addAll(page);
            return Future.succeededFuture();
        })));
        assertEquals(1, other.size());
        assertFalse(ids.contains(other.get(0).decisionId()));
    }

    @Test
    void aWindowOverTheLimitIsRefusedBeforeAnyRowIsHandedOver() {
        AtomicInteger pages = new AtomicInteger();
        Throwable t = StoreFixture.failure(scan.scan("t1", T0, T0.plus(Duration.ofHours(1)), 6, 3, page -> {
            pages.incrementAndGet();
            return Future.succeededFuture();
        }));
        TooManyRecordsException tooMany = assertInstanceOf(TooManyRecordsException.class, t);
        assertEquals(7, tooMany.count());
        assertEquals(6, tooMany.limit());
        assertEquals(0, pages.get());
        // exactly the limit is fine
        assertEquals(
                7L, await(scan.scan("t1", T0, T0.plus(Duration.ofHours(1)), 7, 3, page -> Future.succeededFuture())));
    }

    @Test
    void anEmptyWindowHandsOverNothingAndTheCallersFailureEndsTheScan() {
        AtomicInteger pages = new AtomicInteger();
        assertEquals(0L, await(scan.scan("t1", T0.minus(Duration.ofDays(1)), T0, 100, 3, page -> {
            pages.incrementAndGet();
            return Future.succeededFuture();
        })));
        assertEquals(0, pages.get());

        Throwable t = StoreFixture.failure(scan.scan("t1", T0, T0.plus(Duration.ofHours(1)), 100, 3, page -> {
            pages.incrementAndGet();
            return Future.failedFuture(new IllegalStateException("the caller failed"));
        }));
        assertInstanceOf(ReplayScan.ReplayFailedException.class, t);
        assertInstanceOf(IllegalStateException.class, t.getCause());
        assertEquals(1, pages.get(), "no page after the one that failed");
        // the connection went back to the pool in a usable state
        assertNotNull(await(fx.db.pool().query("SELECT 1").execute()));
        assertTrue(fx.count("SELECT count(*) FROM decisions") >= 8);
    }

    private static DecisionRecord at(DecisionRecord r, Instant evaluatedAt) {
        Decision d = r.decision();
        return StoreFixture.withDecision(
                r,
                new Decision(
                        d.decisionId(),
                        d.mode(),
                        d.outcome(),
                        d.reasons(),
                        d.sensitive(),
                        d.maskedText(),
                        d.allowedUntil(),
                        d.policyVersion(),
                        evaluatedAt));
    }
}
