package io.recallgate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recallgate.tlog.Merkle;
import io.recallgate.tlog.NoteKeys;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.erdtman.jcs.JsonCanonicalizer;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;

/**
 * Migration V3 on a database written the way the service wrote it before: rows of the global hash
 * chain (V1 rows without facts, V2 rows with them, two tenants, a retention checkpoint), hashed by
 * the old chain codec. After the migration every decision is in its tenant's log and verifies, its
 * API answer recomputes to its leaf, and the old chain's hash still covers it.
 */
class LegacyLogMigrationTest {

    /** Writes the old chain: seq, prev_hash, hash exactly as the old DecisionLog did, and moves the head. */
    static final class OldLog {
        final Connection c;
        long seq;
        String head = "0".repeat(64); // the old chain's first prevHash

        OldLog(Connection c) {
            this.c = c;
        }

        List<DecisionRecord> write(List<DecisionRecord> records) throws Exception {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO decisions (seq, decision_id, tenant,"
                    + " request_id, mode, outcome, scenario, conversation_id, message_id, requester_id, text_digest,"
                    + " reasons, sensitive, allowed_until, policy_version, evaluated_at, recorded_at, prev_hash, hash,"
                    + " facts, trace) VALUES (?, ?::uuid, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?,"
                    + " ?, ?::jsonb, ?::jsonb)")) {
                for (DecisionRecord r : records) {
                    seq++;
                    String hash = ChainCodec.hash(head, seq, r, now);
                    ps.setLong(1, seq);
                    ps.setString(2, r.decisionId());
                    ps.setString(3, r.tenant());
                    ps.setString(4, r.requestId());
                    ps.setString(5, r.decision().mode().json());
                    ps.setString(6, r.decision().outcome().json());
                    ps.setString(7, r.scenario());
                    ps.setString(8, r.conversationId());
                    ps.setString(9, r.messageId());
                    ps.setString(10, r.requesterId());
                    ps.setString(11, r.textDigest());
                    ps.setString(12, DecisionRows.reasonsJson(r.decision()));
                    ps.setString(13, DecisionRows.sensitiveJson(r.decision()));
                    ps.setObject(
                            14,
                            r.decision().allowedUntil() == null
                                    ? null
                                    : r.decision().allowedUntil().atOffset(ZoneOffset.UTC));
                    ps.setString(15, r.decision().policyVersion());
                    ps.setObject(16, r.decision().evaluatedAt().atOffset(ZoneOffset.UTC));
                    ps.setObject(17, now.atOffset(ZoneOffset.UTC));
                    ps.setString(18, head);
                    ps.setString(19, hash);
                    ps.setString(20, r.facts() == null ? null : r.facts().encode());
                    ps.setString(21, r.trace() == null ? null : r.trace().encode());
                    ps.executeUpdate();
                    head = hash;
                }
            }
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE audit_chain SET head_seq = ?, head_hash = ? WHERE id = 1")) {
                ps.setLong(1, seq);
                ps.setString(2, head);
                ps.executeUpdate();
            }
            return records;
        }

        /** The old retention: removes seq 1..n and makes the last one the checkpoint. */
        void retain(long n) throws Exception {
            String hash;
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT hash FROM decisions WHERE seq = " + n)) {
                rs.next();
                hash = rs.getString(1);
            }
            try (Statement st = c.createStatement()) {
                st.executeUpdate("DELETE FROM decisions WHERE seq <= " + n);
                st.executeUpdate("UPDATE audit_chain SET checkpoint_seq = " + n + ", checkpoint_hash = '" + hash
                        + "', checkpoint_at = now() WHERE id = 1");
            }
        }
    }

    static Flyway flyway(EmbeddedPostgres pg, String target) {
        var config = Flyway.configure().dataSource(pg.getPostgresDatabase()).locations("classpath:db/migration");
        return (target == null ? config : config.target(target)).load();
    }

    static List<DecisionRecord> records(String tenant, int n, boolean withFacts) {
        List<DecisionRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(
                    withFacts
                            ? StoreFixture.record(tenant, "r-" + tenant + i, "c-" + i, "m-" + i)
                            : StoreFixture.legacyRecord(tenant, "c-" + i, "m-" + i));
        }
        return out;
    }

    @Test
    void decisionsOfTheOldChainEnterTheirTenantsLogsAndVerify() throws Exception {
        Path dir = Files.createTempDirectory("recallgate-migration");
        Vertx vertx = Vertx.vertx();
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(dir.resolve("pg"))
                .setCleanDataDirectory(true)
                .start()) {
            flyway(pg, "2").migrate();
            List<DecisionRecord> t1;
            List<DecisionRecord> t2;
            try (Connection c = pg.getPostgresDatabase().getConnection()) {
                OldLog old = new OldLog(c);
                old.write(records("t1", 4, false)); // V1 rows: no facts
                old.write(records("t2", 3, false));
                old.retain(2); // the old retention removed seq 1 and 2 (t1's first two)
                t1 = old.write(records("t1", 5, true)); // V2 rows: facts and trace
                t2 = old.write(records("t2", 2, true));
            }
            flyway(pg, null).migrate();

            try (Connection c = pg.getPostgresDatabase().getConnection();
                    Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT tenant, tree_size FROM tlog_heads ORDER BY tenant")) {
                assertTrue(rs.next());
                assertEquals("t1", rs.getString(1));
                assertEquals(2 + 5, rs.getLong(2), "t1: 2 V1 rows kept by the old retention, 5 V2 rows");
                assertTrue(rs.next());
                assertEquals(3 + 2, rs.getLong(2));
            }

            String url = "postgresql://postgres@127.0.0.1:" + pg.getPort() + "/postgres";
            try (Database db = Database.start(vertx, url, dir)) {
                NoteKeys.Signer key = NoteKeys.generate("test.local");
                AuditVerifier verifier = new AuditVerifier(db.pool(), key.verifier());
                assertEquals(
                        new AuditVerifier.AuditReport(true, 7, null),
                        verifier.verify("t1").await(30, TimeUnit.SECONDS));
                assertEquals(
                        new AuditVerifier.AuditReport(true, 5, null),
                        verifier.verify("t2").await(30, TimeUnit.SECONDS));

                DecisionLog log = new DecisionLog(vertx, db.pool());
                StoredDecision first =
                        log.findById("t1", t1.get(0).decisionId()).await(30, TimeUnit.SECONDS);
                assertEquals(2, first.logIndex());
                assertNotNull(first.legacy(), "a decision of the old chain keeps its place in it");
                // the API answer without the log fields recomputes to the stored leaf (any JCS library)
                JsonObject answer = LogEntry.json(first);
                assertEquals(
                        first.legacy().hash(),
                        answer.getJsonObject("legacyChain").getString("hash"));
                byte[] entry = new JsonCanonicalizer(answer.encode())
                        .getEncodedString()
                        .getBytes(StandardCharsets.UTF_8);
                assertEquals(Base64.getEncoder().encodeToString(Merkle.leafHash(entry)), first.leafHash());
                // ...and the old chain hash still recomputes from it
                assertEquals(
                        first.legacy().hash(),
                        ChainCodec.hash(
                                first.legacy().prevHash(),
                                first.legacy().seq(),
                                first.record(),
                                first.legacy().recordedAt()));

                // the logs grow on from where the old chain ended; new decisions have no legacy part
                StoredDecision next = log.append(StoreFixture.record("t1", "after", "c-9", "m-9"))
                        .await(30, TimeUnit.SECONDS);
                assertEquals(7, next.logIndex());
                assertNull(next.legacy());
                assertTrue(verifier.verify("t1").await(30, TimeUnit.SECONDS).intact());
                assertEquals(
                        t2.get(1).decisionId(),
                        log.findById("t2", t2.get(1).decisionId())
                                .await(30, TimeUnit.SECONDS)
                                .decisionId());

                // a legacy field that only the old chain hash covered is still covered
                db.pool()
                        .query("UPDATE decisions SET request_id = 'changed' WHERE tenant = 't2' AND log_index = 1")
                        .execute()
                        .await(30, TimeUnit.SECONDS);
                assertEquals(
                        1L, verifier.verify("t2").await(30, TimeUnit.SECONDS).firstBrokenSeq());
            }
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
            StoreFixture.deleteTree(dir);
        }
    }

    @Test
    void aBrokenOldChainStopsTheMigrationNamingItsSeq() throws Exception {
        Path dir = Files.createTempDirectory("recallgate-migration");
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(dir.resolve("pg"))
                .setCleanDataDirectory(true)
                .start()) {
            flyway(pg, "2").migrate();
            try (Connection c = pg.getPostgresDatabase().getConnection()) {
                new OldLog(c).write(records("t1", 6, true));
                try (Statement st = c.createStatement()) {
                    st.executeUpdate("UPDATE decisions SET outcome = 'allow' WHERE seq = 4");
                }
            }
            FlywayException e =
                    assertThrows(FlywayException.class, () -> flyway(pg, null).migrate());
            assertTrue(
                    String.valueOf(e.getMessage()).contains("broken at seq 4")
                            || (e.getCause() != null
                                    && e.getCause().getMessage().contains("broken at seq 4")),
                    e.toString());
            try (Connection c = pg.getPostgresDatabase().getConnection();
                    Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT count(*) FROM decisions")) {
                rs.next();
                assertEquals(6, rs.getLong(1), "nothing lost: the migration rolled back");
            }
            assertFalse(
                    flyway(pg, null).info().current().getVersion().getVersion().equals("3"));
        } finally {
            StoreFixture.deleteTree(dir);
        }
    }
}
