package io.recallgate.store;

import static io.recallgate.store.StoreFixture.await;
import static io.recallgate.store.StoreFixture.failure;
import static io.recallgate.store.StoreFixture.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recallgate.tlog.Checkpoint;
import io.recallgate.tlog.InclusionProofs;
import io.recallgate.tlog.Merkle;
import io.recallgate.tlog.ProofVerifier;
import io.recallgate.tlog.SignedNote;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Checkpoints and proofs served from the real database, checked with RFC 9162's verifiers. */
class TenantLogsTest {
    static StoreFixture fx;
    static DecisionLog log;

    @BeforeAll
    static void up() throws Exception {
        fx = StoreFixture.start();
        log = new DecisionLog(fx.vertx, fx.db.pool());
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

    static List<byte[]> decode(List<String> hashes) {
        List<byte[]> out = new ArrayList<>();
        hashes.forEach(h -> out.add(Base64.getDecoder().decode(h)));
        return out;
    }

    /** The root of the first {@code size} leaves, from the decisions' own entries (not from the database's tree). */
    static byte[] root(List<StoredDecision> all, int size) {
        io.recallgate.tlog.CompactRange r = new io.recallgate.tlog.CompactRange();
        for (int i = 0; i < size; i++) {
            r.append(LogEntry.leafHash(all.get(i).record(), null), (a, b, c) -> {});
        }
        return r.root();
    }

    @Test
    void everyInclusionAndConsistencyProofVerifiesForGrowingTrees() {
        Random random = new Random(42);
        List<StoredDecision> all = new ArrayList<>();
        while (all.size() < 45) {
            int n = 1 + random.nextInt(7); // group commits of varying size
            List<io.vertx.core.Future<StoredDecision>> fs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                fs.add(log.append(record("t1", "r" + all.size() + "-" + i, "c", "m")));
            }
            fs.forEach(f -> all.add(await(f)));
            int size = all.size();
            byte[] root = root(all, size);
            for (int index = 0; index < size; index++) {
                TenantLogs.InclusionProof p =
                        await(fx.logs.inclusion("t1", all.get(index).decisionId(), size));
                assertEquals(index, p.logIndex());
                List<byte[]> proof = decode(p.proof());
                byte[] leaf = Base64.getDecoder().decode(p.leafHash());
                assertTrue(InclusionProofs.verify(index, size, leaf, proof, root), index + " in " + size);
                if (!proof.isEmpty()) {
                    proof.get(random.nextInt(proof.size()))[random.nextInt(32)] ^= 1;
                    assertFalse(InclusionProofs.verify(index, size, leaf, proof, root));
                }
            }
            for (int from = 0; from <= size; from++) {
                TenantLogs.ConsistencyProof c = await(fx.logs.consistency("t1", from, size));
                List<byte[]> proof = decode(c.proof());
                assertTrue(
                        ProofVerifier.verifyConsistency(from, size, root(all, from), root, proof),
                        from + " to " + size);
                if (!proof.isEmpty()) {
                    proof.get(random.nextInt(proof.size()))[random.nextInt(32)] ^= 1;
                    assertFalse(ProofVerifier.verifyConsistency(from, size, root(all, from), root, proof));
                }
            }
        }
    }

    @Test
    void aCheckpointVerifiesWithTheServedKeyAndCoversEveryAcknowledgedDecision() throws Exception {
        String empty = fx.checkpoint("t1");
        Checkpoint e = Checkpoint.parse(SignedNote.open(empty, fx.signer.verifier()));
        assertEquals("test.local/t1", e.origin());
        assertEquals(0, e.size());
        assertTrue(java.util.Arrays.equals(Merkle.emptyRoot(), e.root()));

        List<StoredDecision> all = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            all.add(await(log.append(record("r" + i))));
        }
        // acknowledged: the next checkpoint covers them, even within the same second
        String note = fx.checkpoint("t1");
        Checkpoint cp = Checkpoint.parse(SignedNote.open(note, NoteKeysFromServed.of(fx.logs.verifierKey())));
        assertEquals(5, cp.size());
        assertTrue(java.util.Arrays.equals(root(all, 5), cp.root()));
        // cached while the tree does not grow: the very same note, no new signature
        assertSame(note, fx.checkpoint("t1"));
        assertEquals(
                note,
                await(fx.db.pool()
                                .query("SELECT note FROM tlog_checkpoints WHERE tenant = 't1'")
                                .execute())
                        .iterator()
                        .next()
                        .getString(0));
        // an altered body or size does not verify
        assertInstanceOf(
                SignedNote.NoteException.class,
                failureOf(() -> SignedNote.open(note.replace("\n5\n", "\n6\n"), fx.signer.verifier())));
        // one signature a second: the next one waits for the second to pass
        await(log.append(record("r5")));
        long t0 = System.nanoTime();
        String later = fx.checkpoint("t1");
        assertEquals(
                6,
                Checkpoint.parse(SignedNote.open(later, fx.signer.verifier())).size());
        long waitedMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(waitedMs >= 500, "signed again only after a second: waited " + waitedMs + " ms");
    }

    @Test
    void tenantsSeeOnlyTheirOwnLog() throws Exception {
        StoredDecision a = await(log.append(record("t1", "a", "c", "m")));
        await(log.append(record("t2", "b", "c", "m")));
        await(log.append(record("t2", "c", "c", "m")));
        assertNull(await(fx.logs.inclusion("t2", a.decisionId(), 1)), "another tenant's decision is unknown");
        assertEquals(
                1,
                Checkpoint.parse(SignedNote.open(fx.checkpoint("t1"), fx.signer.verifier()))
                        .size());
        Checkpoint t2 = Checkpoint.parse(SignedNote.open(fx.checkpoint("t2"), fx.signer.verifier()));
        assertEquals("test.local/t2", t2.origin());
        assertEquals(2, t2.size());
        assertInstanceOf(TenantLogs.BadProofRequest.class, failure(fx.logs.consistency("t1", 1, 2)));
        assertInstanceOf(TenantLogs.BadProofRequest.class, failure(fx.logs.inclusion("t1", a.decisionId(), 2)));
    }

    interface Thrower {
        void run() throws Exception;
    }

    static Exception failureOf(Thrower t) {
        try {
            t.run();
        } catch (Exception e) {
            return e;
        }
        throw new AssertionError("expected a failure");
    }

    /** The served verifier key parsed the way a client parses it. */
    static final class NoteKeysFromServed {
        static io.recallgate.tlog.NoteKeys.Verifier of(String vkey) {
            return io.recallgate.tlog.NoteKeys.parseVerifier(vkey);
        }
    }
}
