package io.recallgate.store;

import static io.recallgate.store.StoreFixture.await;
import static io.recallgate.store.StoreFixture.failure;
import static io.recallgate.store.StoreFixture.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recallgate.tlog.Checkpoint;
import io.recallgate.tlog.InclusionProofs;
import io.recallgate.tlog.ProofVerifier;
import io.recallgate.tlog.SignedNote;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
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

    private List<StoredDecision> append(String tenant, String prefix, int n) {
        List<Future<StoredDecision>> fs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            fs.add(log.append(record(tenant, prefix + i, "c-1", "m-" + i)));
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

    private static boolean verifies(TenantLogs.InclusionProof p, Checkpoint cp) {
        List<byte[]> proof = new ArrayList<>();
        p.proof().forEach(h -> proof.add(Base64.getDecoder().decode(h)));
        return InclusionProofs.verify(
                p.logIndex(), p.treeSize(), Base64.getDecoder().decode(p.leafHash()), proof, cp.root());
    }

    @Test
    void removesOldPrefixKeepsLogVerifiableAndProofsWorking() throws Exception {
        int old = Retention.CHUNK * 2 + 150; // more than one chunk
        List<StoredDecision> removed = append("t1", "old-", old);
        append("t2", "old-", 7);
        Checkpoint early = Checkpoint.parse(SignedNote.open(fx.checkpoint("t1"), fx.signer.verifier()));
        Instant cutoff = pause();
        List<StoredDecision> young = append("t1", "new-", 40);

        Retention retention = new Retention(fx.vertx, fx.db.pool(), 365);
        assertEquals(old + 7, await(retention.removeOlderThan(cutoff)));
        assertEquals(40, fx.count("SELECT count(*) FROM decisions"));
        assertEquals(old, fx.count("SELECT min(log_index) FROM decisions WHERE tenant = 't1'"));
        assertEquals(old, fx.count("SELECT retained_from FROM tlog_retention WHERE tenant = 't1'"));

        AuditVerifier.AuditReport r = fx.verify();
        assertTrue(r.intact(), r.toString());
        assertEquals(40, r.entries());
        assertTrue(fx.verify("t2").intact());

        // proofs for retained decisions verify against a checkpoint signed after the removal...
        Thread.sleep(TenantLogs.SIGNING_INTERVAL.toMillis());
        Checkpoint now = Checkpoint.parse(SignedNote.open(fx.checkpoint("t1"), fx.signer.verifier()));
        assertEquals(old + 40, now.size());
        StoredDecision first = young.get(0);
        assertTrue(verifies(await(fx.logs.inclusion("t1", first.decisionId(), now.size())), now));
        // ...and the checkpoint signed before it is still provably a prefix of today's log
        TenantLogs.ConsistencyProof c = await(fx.logs.consistency("t1", early.size(), now.size()));
        List<byte[]> proof = new ArrayList<>();
        c.proof().forEach(h -> proof.add(Base64.getDecoder().decode(h)));
        assertTrue(ProofVerifier.verifyConsistency(early.size(), now.size(), early.root(), now.root(), proof));
        // a removed decision has no proof to give: it is gone
        assertNull(await(fx.logs.inclusion("t1", removed.get(0).decisionId(), now.size())));

        // nothing more is old enough; appending continues the log
        assertEquals(0, await(retention.removeOlderThan(cutoff)));
        append("t1", "later-", 5);
        assertTrue(fx.verify().intact());

        // tampering right after the boundary is still caught
        fx.sql("UPDATE decisions SET outcome = 'allow' WHERE tenant = 't1' AND log_index = $1", (long) old);
        assertEquals(old, fx.verify().firstBrokenSeq());
        // and a row retention removed cannot come back unnoticed
        fx.sql("UPDATE decisions SET outcome = 'deny' WHERE tenant = 't1' AND log_index = $1", (long) old);
        assertTrue(fx.verify().intact());
        fx.sql("UPDATE decisions SET log_index = 3 WHERE tenant = 't1' AND log_index = $1", (long) old + 39);
        assertEquals(3L, fx.verify().firstBrokenSeq());
    }

    @Test
    void removingEverythingLeavesAnIntactEmptyLogThatGrowsOn() throws Exception {
        append("t1", "a-", 30);
        Instant cutoff = pause();
        assertEquals(30, await(new Retention(fx.vertx, fx.db.pool(), 1).removeOlderThan(cutoff)));
        AuditVerifier.AuditReport empty = fx.verify();
        assertTrue(empty.intact(), empty.toString());
        assertEquals(0, empty.entries());
        List<StoredDecision> next = append("t1", "b-", 3);
        assertEquals(30, next.get(0).logIndex());
        assertTrue(fx.verify().intact());
        fx.sql("DELETE FROM decisions WHERE tenant = 't1' AND log_index = 30");
        assertEquals(30, fx.verify().firstBrokenSeq());
    }

    @Test
    void aTamperedOldEntryIsNotErased() throws Exception {
        append("t1", "a-", 10);
        Instant cutoff = pause();
        fx.sql("UPDATE decisions SET requester_id = 'x' WHERE tenant = 't1' AND log_index = 4");
        Throwable t = failure(new Retention(fx.vertx, fx.db.pool(), 1).removeOlderThan(cutoff));
        assertInstanceOf(IllegalStateException.class, t);
        assertTrue(t.getMessage().contains("log index 4"), t.getMessage());
        assertEquals(10, fx.count("SELECT count(*) FROM decisions"), "nothing removed");
        assertEquals(0, fx.count("SELECT count(*) FROM tlog_retention WHERE retained_from > 0"));
    }

    @Test
    void scheduledRunRemovesNothingYoung() throws Exception {
        append("t1", "a-", 5);
        Retention retention = new Retention(fx.vertx, fx.db.pool(), 365);
        assertEquals(0, await(retention.runOnce()));
        retention.start(Duration.ofHours(1));
        Thread.sleep(300);
        retention.stop();
        assertEquals(5, fx.count("SELECT count(*) FROM decisions"));
        assertTrue(fx.verify().intact());
    }
}
