package io.recallgate.store;

import static io.recallgate.store.StoreFixture.await;
import static io.recallgate.store.StoreFixture.failure;
import static io.recallgate.store.StoreFixture.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RetentionTest {
    static StoreFixture fx;
    static DecisionLog log;

    @BeforeAll
    static void up() throws Exception {
        fx = StoreFixture.start();
        log = new DecisionLog(fx.vertx, fx.db.pool(), new DecisionLog.Options(20_000, 500, Duration.ofSeconds(30)));
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
    }

    private List<StoredDecision> append(String prefix, int n) {
        List<Future<StoredDecision>> fs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            fs.add(log.append(record(prefix + i)));
        }
        List<StoredDecision> out = new ArrayList<>();
        fs.forEach(f -> out.add(await(f)));
        return out;
    }

    /** A cutoff strictly between two appends (the database and the JVM share the clock). */
    private static Instant pause() throws InterruptedException {
        Thread.sleep(30);
        Instant cut = Instant.now();
        Thread.sleep(30);
        return cut;
    }

    @Test
    void removesOldPrefixKeepsChainVerifiable() throws Exception {
        int old = Retention.CHUNK * 2 + 150; // more than one chunk
        List<StoredDecision> first = append("old-", old);
        Instant cutoff = pause();
        append("new-", 40);

        Retention retention = new Retention(fx.vertx, fx.db.pool(), 365);
        assertEquals(old, await(retention.removeOlderThan(cutoff)));
        assertEquals(40, fx.count("SELECT count(*) FROM decisions"));
        assertEquals(old + 1, fx.count("SELECT min(seq) FROM decisions"));
        Row cp = fx.sql("SELECT checkpoint_seq, checkpoint_hash FROM audit_chain")
                .iterator()
                .next();
        assertEquals(old, cp.getLong("checkpoint_seq"));
        assertEquals(first.get(old - 1).hash(), cp.getString("checkpoint_hash"));

        AuditVerifier.AuditReport r = fx.verify();
        assertTrue(r.intact(), r.toString());
        assertEquals(40, r.entries());

        // nothing more is old enough; appending continues the chain
        assertEquals(0, await(retention.removeOlderThan(cutoff)));
        append("later-", 5);
        assertTrue(fx.verify().intact());

        // tampering right after the checkpoint is still caught
        fx.sql("UPDATE decisions SET outcome = 'allow' WHERE seq = $1", old + 1);
        assertEquals(old + 1, fx.verify().firstBrokenSeq());
    }

    @Test
    void removingEverythingLeavesAnIntactEmptyChainThatGrowsOn() throws Exception {
        append("a-", 30);
        Instant cutoff = pause();
        assertEquals(30, await(new Retention(fx.vertx, fx.db.pool(), 1).removeOlderThan(cutoff)));
        AuditVerifier.AuditReport empty = fx.verify();
        assertTrue(empty.intact(), empty.toString());
        assertEquals(0, empty.entries());
        List<StoredDecision> next = append("b-", 3);
        assertEquals(31, next.get(0).seq());
        assertTrue(fx.verify().intact());
        // a row deleted right after the checkpoint: gap at 31
        fx.sql("DELETE FROM decisions WHERE seq = 31");
        assertEquals(31, fx.verify().firstBrokenSeq());
    }

    @Test
    void aTamperedOldEntryIsNotErased() throws Exception {
        append("a-", 10);
        Instant cutoff = pause();
        fx.sql("UPDATE decisions SET requester_id = 'x' WHERE seq = 4");
        Throwable t = failure(new Retention(fx.vertx, fx.db.pool(), 1).removeOlderThan(cutoff));
        assertInstanceOf(IllegalStateException.class, t);
        assertTrue(t.getMessage().contains("seq 4"), t.getMessage());
        assertEquals(10, fx.count("SELECT count(*) FROM decisions"), "nothing removed");
        assertEquals(0, fx.count("SELECT checkpoint_seq FROM audit_chain"));
    }

    @Test
    void scheduledRunRemovesNothingYoung() throws Exception {
        append("a-", 5);
        Retention retention = new Retention(fx.vertx, fx.db.pool(), 365);
        assertEquals(0, await(retention.runOnce()));
        retention.start(Duration.ofHours(1));
        Thread.sleep(300);
        retention.stop();
        assertEquals(5, fx.count("SELECT count(*) FROM decisions"));
        assertTrue(fx.verify().intact());
    }
}
