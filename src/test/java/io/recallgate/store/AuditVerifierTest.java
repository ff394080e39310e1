package io.recallgate.store;

import static io.recallgate.store.StoreFixture.await;
import static io.recallgate.store.StoreFixture.failure;
import static io.recallgate.store.StoreFixture.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recallgate.tlog.Checkpoint;
import io.recallgate.tlog.CompactRange;
import io.recallgate.tlog.ProofVerifier;
import io.recallgate.tlog.SignedNote;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tampering with the real database, and what verification says about it. */
class AuditVerifierTest {
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

    static void append(String tenant, int n) {
        DecisionLog l = n > 5_000
                ? new DecisionLog(
                        fx.vertx, fx.db.pool(), new DecisionLog.Options(n, 500, java.time.Duration.ofSeconds(30)))
                : log;
        List<Future<StoredDecision>> fs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            fs.add(l.append(record(tenant, null, "c-" + (i % 7), "m-" + i)));
        }
        fs.forEach(StoreFixture::await);
    }

    private static void assertBrokenAt(long index) {
        AuditVerifier.AuditReport r = fx.verify();
        assertFalse(r.intact(), r.toString());
        assertEquals(index, r.firstBrokenSeq(), r.toString());
    }

    @Test
    void emptyAndFreshLogsAreIntact() {
        AuditVerifier.AuditReport empty = fx.verify();
        assertTrue(empty.intact());
        assertEquals(0, empty.entries());
        assertNull(empty.firstBrokenSeq());
        append("t1", 25);
        fx.checkpoint("t1");
        AuditVerifier.AuditReport r = fx.verify();
        assertTrue(r.intact(), r.toString());
        assertEquals(25, r.entries());
    }

    @Test
    void updatedFieldIsNamedByItsLogIndex() {
        append("t1", 20);
        fx.sql("UPDATE decisions SET outcome = 'allow' WHERE tenant = 't1' AND log_index = 13");
        assertBrokenAt(13);
    }

    @Test
    void everyEvidenceColumnIsCoveredByTheLeaf() {
        append("t1", 5);
        String[] tampers = {
            "tenant = 't9'",
            "scenario = 'ecommerce'",
            "reason = 'WITHIN_WINDOW'",
            "reason = null",
            "requester_role = 'agent'",
            "requester_role = null",
            "conversation_id = 'c-x'",
            "message_id = 'm-x'",
            "requester_id = 'u-x'",
            "text_digest = 'hmac-sha256:00'",
            "reasons = '[]'",
            "sensitive = '[{\"type\":\"email\",\"start\":1,\"end\":2}]'",
            "allowed_until = now()",
            "policy_version = 'sha256:other'",
            "evaluated_at = evaluated_at + interval '1 microsecond'",
            "decision_id = gen_random_uuid()",
            "outcome = 'redact'",
            "facts = jsonb_set(facts::jsonb, '{held}', 'true')::text",
            "facts = null",
            "trace = '[]'",
            "trace = null",
            "log_index = 77"
        };
        // a plain table, not TEMP: the pool may run each statement on another connection
        fx.sql("CREATE TABLE IF NOT EXISTS tamper_keep (LIKE decisions)");
        fx.sql("DELETE FROM tamper_keep");
        String columns = "tenant, log_index, decision_id, request_id, mode, outcome, scenario, conversation_id,"
                + " message_id, requester_id, text_digest, reasons, sensitive, allowed_until, policy_version,"
                + " evaluated_at, recorded_at, facts, trace, reason, requester_role";
        fx.sql("INSERT INTO tamper_keep (" + columns + ") SELECT " + columns
                + " FROM decisions WHERE tenant = 't1' AND log_index = 2");
        for (String set : tampers) {
            fx.sql("UPDATE decisions SET " + set + " WHERE tenant = 't1' AND log_index = 2");
            AuditVerifier.AuditReport r = fx.verify();
            assertEquals(2L, r.firstBrokenSeq(), set + " -> " + r);
            fx.sql("DELETE FROM decisions WHERE NOT (tenant = 't1' AND log_index IN (0, 1, 3, 4))");
            fx.sql("INSERT INTO decisions (" + columns + ") SELECT " + columns + " FROM tamper_keep");
            assertTrue(fx.verify().intact(), "restored after " + set);
        }
        // the idempotency key and the commit time are not evidence: changing them is not a break
        fx.sql("UPDATE decisions SET request_id = 'other', recorded_at = now() WHERE log_index = 2");
        assertTrue(fx.verify().intact());
    }

    @Test
    void deletedInsertedAndTruncatedRowsAreNamed() {
        append("t1", 20);
        fx.sql("DELETE FROM decisions WHERE tenant = 't1' AND log_index = 9");
        assertBrokenAt(9);
        assertEquals(19, fx.verify().entries());

        fx.reset();
        append("t1", 10);
        fx.sql("DELETE FROM decisions WHERE tenant = 't1' AND log_index >= 8");
        assertBrokenAt(8);

        fx.reset();
        append("t1", 10);
        fx.sql("INSERT INTO decisions (tenant, log_index, decision_id, request_id, mode, outcome, scenario,"
                + " conversation_id, message_id, requester_id, text_digest, reasons, sensitive, allowed_until,"
                + " policy_version, evaluated_at, recorded_at, facts, trace) SELECT tenant, 10, gen_random_uuid(),"
                + " 'forged', mode, outcome, scenario, conversation_id, message_id, requester_id, text_digest,"
                + " reasons, sensitive, allowed_until, policy_version, evaluated_at, recorded_at, facts, trace"
                + " FROM decisions WHERE tenant = 't1' AND log_index = 9");
        assertBrokenAt(10);
    }

    @Test
    void swappedRowsAreNamed() {
        append("t1", 20);
        fx.sql("UPDATE decisions SET log_index = -6 WHERE tenant = 't1' AND log_index = 6");
        fx.sql("UPDATE decisions SET log_index = 6 WHERE tenant = 't1' AND log_index = 7");
        fx.sql("UPDATE decisions SET log_index = 7 WHERE tenant = 't1' AND log_index = -6");
        assertBrokenAt(6);
    }

    @Test
    void aRowRewrittenWithItsLeafIsNamedByTheTreeAbove() {
        append("t1", 16);
        DecisionRecord forged = forgedRecord(5);
        fx.sql("UPDATE decisions SET outcome = 'allow' WHERE tenant = 't1' AND log_index = 5");
        fx.sql(
                "UPDATE tlog_nodes SET hash = $1 WHERE tenant = 't1' AND level = 0 AND idx = 5",
                Buffer.buffer(LogEntry.leafHash(forged, null)));
        assertBrokenAt(4); // node 1/2 covers leaves 4 and 5 and no longer fits
    }

    @Test
    void aLogRebuiltWithRecomputedHashesFailsItsSignedCheckpointAndIsNeverSignedAgain() throws Exception {
        append("t1", 12);
        String before = fx.checkpoint("t1");
        Checkpoint signed = Checkpoint.parse(SignedNote.open(before, fx.signer.verifier()));
        assertEquals(12, signed.size());

        fx.sql("UPDATE decisions SET outcome = 'allow' WHERE tenant = 't1' AND log_index = 3");
        rebuildTree("t1");
        // every row fits its leaf and every node its children: only the signed root disagrees
        AuditVerifier.AuditReport r = fx.verify();
        assertFalse(r.intact(), r.toString());
        assertEquals(0L, r.firstBrokenSeq());

        // the service refuses to sign the rewritten tree...
        append("t1", 1);
        Thread.sleep(TenantLogs.SIGNING_INTERVAL.toMillis());
        assertInstanceOf(TenantLogs.LogIntegrityException.class, failure(fx.logs.checkpoint("t1")));
        // ...and a monitor that kept the earlier checkpoint finds no consistency proof from it
        TenantLogs.ConsistencyProof p = await(fx.logs.consistency("t1", 12, 13));
        Row head = fx.sql("SELECT root FROM tlog_heads WHERE tenant = 't1'")
                .iterator()
                .next();
        List<byte[]> proof = new ArrayList<>();
        p.proof().forEach(h -> proof.add(Base64.getDecoder().decode(h)));
        assertFalse(ProofVerifier.verifyConsistency(
                12, 13, signed.root(), head.getBuffer("root").getBytes(), proof));
    }

    @Test
    void tenantsAreVerifiedApart() {
        append("t1", 6);
        append("t2", 9);
        fx.sql("UPDATE decisions SET outcome = 'allow' WHERE tenant = 't2' AND log_index = 4");
        assertTrue(fx.verify("t1").intact());
        assertEquals(6, fx.verify("t1").entries());
        assertEquals(4L, fx.verify("t2").firstBrokenSeq());
        assertTrue(fx.verify("nobody").intact());
        assertEquals(0, fx.verify("nobody").entries());
    }

    @Test
    void recordsWithoutFactsStayValidBesideRecordsWithThem() {
        List<Future<StoredDecision>> fs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            fs.add(log.append(
                    i % 2 == 0
                            ? StoreFixture.legacyRecord("t1", "c-1", "m-" + i)
                            : record("t1", null, "c-1", "m-" + i)));
        }
        fs.forEach(StoreFixture::await);
        AuditVerifier.AuditReport r = fx.verify();
        assertTrue(r.intact(), r.toString());
        assertEquals(6, r.entries());
        fx.sql("UPDATE decisions SET facts = '{}' WHERE log_index = 2");
        assertBrokenAt(2);
    }

    @Test
    void factsAreHashedInCanonicalFormWhateverKeyOrderTheDatabaseKeeps() {
        append("t1", 3);
        // the parts as PostgreSQL's jsonb writes them back: keys reordered, spaces added
        fx.sql("UPDATE decisions SET facts = (facts::jsonb)::text, trace = (trace::jsonb)::text");
        assertTrue(fx.sql("SELECT facts FROM decisions WHERE log_index = 0")
                .iterator()
                .next()
                .getString(0)
                .contains("\": "));
        assertTrue(fx.verify().intact());
    }

    @Test
    void tamperingIsFoundAcrossCursorPages() {
        int n = 2 * AuditVerifier.PAGE + 700;
        append("t1", n);
        AuditVerifier.AuditReport ok = fx.verify();
        assertTrue(ok.intact(), ok.toString());
        assertEquals(n, ok.entries());
        long target = AuditVerifier.PAGE + 321;
        fx.sql("UPDATE decisions SET message_id = 'm-changed' WHERE tenant = 't1' AND log_index = $1", target);
        AuditVerifier.AuditReport r = fx.verify();
        assertEquals(target, r.firstBrokenSeq());
        assertEquals(n, r.entries());
    }

    @Test
    void verifyAuditPrintsOneLinePerTenantAndItsExitCode() {
        append("t1", 3);
        append("t2", 2);
        fx.checkpoint("t1");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(0, AuditVerifier.verifyAudit(fx.db.pool(), fx.signer.verifier(), o, e), err.toString());
        assertEquals(
                "{\"tenant\":\"t1\",\"intact\":true,\"entries\":3,\"firstBrokenSeq\":null}\n"
                        + "{\"tenant\":\"t2\",\"intact\":true,\"entries\":2,\"firstBrokenSeq\":null}\n"
                        + "{\"intact\":true,\"tenants\":2,\"entries\":5}\n",
                out.toString(StandardCharsets.UTF_8));

        fx.sql("UPDATE decisions SET requester_id = 'someone' WHERE tenant = 't2' AND log_index = 1");
        out.reset();
        assertEquals(1, AuditVerifier.verifyAudit(fx.db.pool(), fx.signer.verifier(), o, e));
        assertTrue(out.toString(StandardCharsets.UTF_8)
                .contains("{\"tenant\":\"t2\",\"intact\":false,\"entries\":2,\"firstBrokenSeq\":1}"));

        assertEquals(
                2,
                AuditVerifier.verifyAuditCommand(
                        "postgresql://nobody@127.0.0.1:1/none", fx.dir.resolve("unused"), null, o, e));
    }

    /** Record {@code index} of t1 as it is stored, with outcome allow. */
    private static DecisionRecord forgedRecord(long index) {
        Row row = fx.sql(DecisionRows.SELECT + " WHERE d.tenant = 't1' AND d.log_index = $1", index)
                .iterator()
                .next();
        DecisionRecord r = DecisionRows.fromRow(row).record();
        io.recallgate.model.Decision d = r.decision();
        return StoreFixture.withDecision(
                r,
                new io.recallgate.model.Decision(
                        d.decisionId(),
                        d.mode(),
                        io.recallgate.model.Outcome.ALLOW,
                        d.reasons(),
                        d.sensitive(),
                        null,
                        d.allowedUntil(),
                        d.policyVersion(),
                        d.evaluatedAt()));
    }

    /** What an attacker with write access does: recompute every leaf, node and the head from the rows. */
    static void rebuildTree(String tenant) {
        CompactRange edge = new CompactRange();
        List<Tuple> nodes = new ArrayList<>();
        for (Row row : fx.sql(DecisionRows.SELECT + " WHERE d.tenant = $1 ORDER BY d.log_index", tenant)) {
            StoredDecision s = DecisionRows.fromRow(row);
            edge.append(
                    LogEntry.leafHash(s.record(), s.legacy()),
                    (level, idx, hash) -> nodes.add(Tuple.of(tenant, (short) level, idx, Buffer.buffer(hash))));
        }
        fx.sql("DELETE FROM tlog_nodes WHERE tenant = $1", tenant);
        await(fx.db.pool()
                .preparedQuery("INSERT INTO tlog_nodes (tenant, level, idx, hash) VALUES ($1, $2, $3, $4)")
                .executeBatch(nodes));
        fx.sql(
                "UPDATE tlog_heads SET tree_size = $2, edge = $3, root = $4 WHERE tenant = $1",
                tenant,
                edge.size(),
                Buffer.buffer(edge.encode()),
                Buffer.buffer(edge.root()));
    }
}
