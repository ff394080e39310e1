package io.recallgate.store;

import static io.recallgate.store.StoreFixture.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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

    private void append(int n) {
        DecisionLog log = n > 5_000
                ? new DecisionLog(
                        fx.vertx, fx.db.pool(), new DecisionLog.Options(n, 500, java.time.Duration.ofSeconds(30)))
                : AuditVerifierTest.log;
        List<Future<StoredDecision>> fs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            fs.add(log.append(record("t1", null, "c-" + (i % 7), "m-" + i)));
        }
        fs.forEach(StoreFixture::await);
    }

    private void assertBrokenAt(long seq) {
        AuditVerifier.AuditReport r = fx.verify();
        assertFalse(r.intact(), r.toString());
        assertEquals(seq, r.firstBrokenSeq(), r.toString());
    }

    @Test
    void emptyAndFreshChainsAreIntact() {
        AuditVerifier.AuditReport empty = fx.verify();
        assertTrue(empty.intact());
        assertEquals(0, empty.entries());
        assertNull(empty.firstBrokenSeq());
        append(25);
        AuditVerifier.AuditReport r = fx.verify();
        assertTrue(r.intact(), r.toString());
        assertEquals(25, r.entries());
    }

    @Test
    void updatedFieldIsDetectedAtItsSeq() {
        append(20);
        fx.sql("UPDATE decisions SET outcome = 'allow' WHERE seq = 13");
        assertBrokenAt(13);
    }

    @Test
    void everyColumnIsCoveredByTheHash() {
        append(5);
        String[] tampers = {
            "tenant = 't9'",
            "request_id = 'r'",
            "scenario = 'ecommerce'",
            "conversation_id = 'c-x'",
            "message_id = 'm-x'",
            "requester_id = 'u-x'",
            "text_digest = 'hmac-sha256:00'",
            "reasons = '[]'::jsonb",
            "sensitive = '[{\"type\":\"email\",\"start\":1,\"end\":2}]'::jsonb",
            "allowed_until = now()",
            "policy_version = 'sha256:other'",
            "evaluated_at = evaluated_at + interval '1 second'",
            "recorded_at = recorded_at - interval '1 microsecond'",
            "decision_id = gen_random_uuid()",
            "hash = repeat('1', 64)",
            "prev_hash = repeat('2', 64)",
            "facts = jsonb_set(facts, '{held}', 'true')",
            "facts = null",
            "trace = '[]'::jsonb",
            "trace = null"
        };
        // a plain table, not TEMP: the pool may run each statement on another connection
        fx.sql("CREATE TABLE IF NOT EXISTS tamper_keep (LIKE decisions)");
        fx.sql("DELETE FROM tamper_keep");
        String columns = DecisionRows.COLUMNS; // not the columns PostgreSQL derives itself
        fx.sql("INSERT INTO tamper_keep (" + columns + ") SELECT " + columns + " FROM decisions WHERE seq = 3");
        for (String set : tampers) {
            fx.sql("UPDATE decisions SET " + set + " WHERE seq = 3");
            AuditVerifier.AuditReport r = fx.verify();
            assertEquals(3L, r.firstBrokenSeq(), set + " -> " + r);
            fx.sql("DELETE FROM decisions WHERE seq = 3");
            fx.sql("INSERT INTO decisions (" + columns + ") SELECT " + columns + " FROM tamper_keep");
            assertTrue(fx.verify().intact(), "restored after " + set);
        }
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
        fx.sql("UPDATE decisions SET facts = '{}'::jsonb WHERE seq = 3");
        assertBrokenAt(3);
    }

    @Test
    void factsAreHashedInCanonicalFormWhateverKeyOrderTheDatabaseKeeps() {
        append(3);
        // jsonb already reorders keys; rewriting the same content must not break the chain
        fx.sql("UPDATE decisions SET facts = (facts::text)::jsonb, trace = (trace::text)::jsonb");
        assertTrue(fx.verify().intact());
    }

    @Test
    void deletedMiddleRowIsDetected() {
        append(20);
        fx.sql("DELETE FROM decisions WHERE seq = 9");
        assertBrokenAt(9);
        assertEquals(19, fx.verify().entries());
    }

    @Test
    void swappedRowsAreDetected() {
        append(20);
        fx.sql("UPDATE decisions SET seq = -6 WHERE seq = 6");
        fx.sql("UPDATE decisions SET seq = 6 WHERE seq = 7");
        fx.sql("UPDATE decisions SET seq = 7 WHERE seq = -6");
        assertBrokenAt(6);
    }

    @Test
    void truncatedTailIsDetected() {
        append(10);
        fx.sql("DELETE FROM decisions WHERE seq >= 9");
        assertBrokenAt(9);
    }

    @Test
    void forgedRowAppendedAtTheEndIsDetected() {
        append(10);
        fx.sql("INSERT INTO decisions SELECT 11, gen_random_uuid(), tenant, 'forged', mode, outcome, scenario,"
                + " conversation_id, message_id, requester_id, text_digest, reasons, sensitive, allowed_until,"
                + " policy_version, evaluated_at, recorded_at, hash, repeat('a', 64) FROM decisions WHERE seq = 10");
        assertBrokenAt(11);
    }

    @Test
    void tamperingIsFoundAcrossCursorPages() {
        int n = 2 * AuditVerifier.PAGE + 700;
        append(n);
        AuditVerifier.AuditReport ok = fx.verify();
        assertTrue(ok.intact(), ok.toString());
        assertEquals(n, ok.entries());
        long target = AuditVerifier.PAGE + 321;
        fx.sql("UPDATE decisions SET message_id = 'm-changed' WHERE seq = $1", target);
        AuditVerifier.AuditReport r = fx.verify();
        assertEquals(target, r.firstBrokenSeq());
        assertEquals(n, r.entries());
    }

    @Test
    void verifyAuditCommandPrintsReportAndExitCode() {
        append(3);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = AuditVerifier.verifyAuditCommand(
                fx.db.url(),
                fx.dir.resolve("unused"),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        assertEquals(
                "{\"intact\":true,\"entries\":3,\"firstBrokenSeq\":null}",
                out.toString(StandardCharsets.UTF_8).trim());

        fx.sql("UPDATE decisions SET requester_id = 'someone' WHERE seq = 2");
        out.reset();
        code = AuditVerifier.verifyAuditCommand(
                fx.db.url(),
                fx.dir.resolve("unused"),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(1, code);
        assertEquals(
                "{\"intact\":false,\"entries\":3,\"firstBrokenSeq\":2}",
                out.toString(StandardCharsets.UTF_8).trim());

        assertEquals(
                2,
                AuditVerifier.verifyAuditCommand(
                        "postgresql://nobody@127.0.0.1:1/none",
                        fx.dir.resolve("unused"),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8)));
    }
}
