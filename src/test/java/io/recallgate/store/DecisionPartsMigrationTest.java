package io.recallgate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recallgate.model.Decision;
import io.recallgate.tlog.CompactRange;
import io.recallgate.tlog.NoteKeys;
import io.vertx.core.Future;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Migration V6 (the JSON parts stored as text, the jsonb of older decisions kept as it is; the
 * report's columns written by the decision log) on a log written the way version 5 stored it: the
 * table is not rewritten, older and newer decisions of one log read back as they were recorded and
 * verify together, replays see both, and the log writes the report columns exactly as version 5's
 * generated columns derived them.
 */
class DecisionPartsMigrationTest {

    static final String TENANT = "t1";

    /** A decision like the fixture's, without any reason. */
    static DecisionRecord withoutReasons(String conversationId, String messageId) {
        DecisionRecord r = StoreFixture.record(TENANT, null, conversationId, messageId);
        Decision d = r.decision();
        return StoreFixture.withDecision(
                r,
                new Decision(
                        d.decisionId(),
                        d.mode(),
                        d.outcome(),
                        List.of(),
                        d.sensitive(),
                        null,
                        d.allowedUntil(),
                        d.policyVersion(),
                        d.evaluatedAt()));
    }

    /** Three kinds: with a reason and a requestId, without reasons, without facts and trace. */
    static List<DecisionRecord> records(String suffix) {
        return List.of(
                StoreFixture.record(TENANT, "rq-" + suffix, "c-1" + suffix, "m-1"),
                withoutReasons("c-2" + suffix, "m-2"),
                StoreFixture.legacyRecord(TENANT, "c-3" + suffix, "m-3"));
    }

    static String text(io.vertx.core.buffer.Buffer b) {
        return b == null ? null : new String(b.getBytes(), StandardCharsets.UTF_8);
    }

    /** Writes {@code records} as version 5's DecisionLog did: jsonb parts, generated report columns, leaves and head. */
    static void writeAsVersion5(Connection c, List<DecisionRecord> records) throws Exception {
        CompactRange edge = new CompactRange();
        List<Object[]> nodes = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO decisions (tenant, log_index, decision_id,"
                + " request_id, mode, outcome, scenario, conversation_id, message_id, requester_id, text_digest,"
                + " reasons, sensitive, allowed_until, policy_version, evaluated_at, facts, trace) VALUES (?, ?,"
                + " ?::uuid, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?::jsonb, ?::jsonb)")) {
            for (DecisionRecord r : records) {
                LogEntry.Prepared p = LogEntry.prepare(r);
                long index = edge.size();
                edge.append(p.leaf(), (level, idx, hash) -> nodes.add(new Object[] {level, idx, hash}));
                ps.setString(1, r.tenant());
                ps.setLong(2, index);
                ps.setString(3, r.decisionId());
                ps.setString(4, r.requestId());
                ps.setString(5, r.decision().mode().json());
                ps.setString(6, r.decision().outcome().json());
                ps.setString(7, r.scenario());
                ps.setString(8, r.conversationId());
                ps.setString(9, r.messageId());
                ps.setString(10, r.requesterId());
                ps.setString(11, r.textDigest());
                ps.setString(12, text(p.reasonsBytes()));
                ps.setString(13, text(p.sensitiveBytes()));
                ps.setObject(
                        14,
                        r.decision().allowedUntil() == null
                                ? null
                                : r.decision().allowedUntil().atOffset(ZoneOffset.UTC));
                ps.setString(15, r.decision().policyVersion());
                ps.setObject(16, r.decision().evaluatedAt().atOffset(ZoneOffset.UTC));
                ps.setString(17, text(p.factsBytes()));
                ps.setString(18, text(p.traceBytes()));
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO tlog_nodes (tenant, level, idx, hash) VALUES (?, ?, ?, ?)")) {
            for (Object[] n : nodes) {
                ps.setString(1, TENANT);
                ps.setShort(2, (short) (int) (Integer) n[0]);
                ps.setLong(3, (Long) n[1]);
                ps.setBytes(4, (byte[]) n[2]);
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO tlog_heads (tenant, tree_size, edge, root) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, TENANT);
            ps.setLong(2, edge.size());
            ps.setBytes(3, edge.encode());
            ps.setBytes(4, edge.root());
            ps.executeUpdate();
        }
    }

    static List<String> query(Connection c, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i == 1 ? "" : " ").append(rs.getString(i));
                }
                out.add(row.toString());
            }
        }
        return out;
    }

    static String canonical(DecisionRecord r) {
        return CanonicalJson.write(LogEntry.json(r, null));
    }

    @Test
    void olderAndNewerDecisionsReadBackVerifyAndReplayWithoutTheTableBeingRewritten() throws Exception {
        Path dir = Files.createTempDirectory("recallgate-migration-v6");
        Vertx vertx = Vertx.vertx();
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(dir.resolve("pg"))
                .setCleanDataDirectory(true)
                .start()) {
            LegacyLogMigrationTest.flyway(pg, "5").migrate();
            List<DecisionRecord> older = records("-old");
            String fileBefore;
            try (Connection c = pg.getPostgresDatabase().getConnection()) {
                writeAsVersion5(c, older);
                assertEquals(
                        List.of("0 WINDOW_EXPIRED customer", "1 null customer", "2 WINDOW_EXPIRED null"),
                        query(c, "SELECT log_index, reason, requester_role FROM decisions ORDER BY log_index"),
                        "what version 5's generated columns derive");
                fileBefore =
                        query(c, "SELECT pg_relation_filenode('decisions')").get(0);
            }

            LegacyLogMigrationTest.flyway(pg, null).migrate();

            try (Connection c = pg.getPostgresDatabase().getConnection()) {
                assertEquals(
                        fileBefore,
                        query(c, "SELECT pg_relation_filenode('decisions')").get(0),
                        "the table is not rewritten");
                assertEquals(
                        List.of(
                                "facts text NEVER",
                                "facts_v5 jsonb NEVER",
                                "reason text NEVER",
                                "reasons text NEVER",
                                "reasons_v5 jsonb NEVER",
                                "requester_role text NEVER",
                                "sensitive text NEVER",
                                "sensitive_v5 jsonb NEVER",
                                "trace text NEVER",
                                "trace_v5 jsonb NEVER"),
                        query(
                                c,
                                "SELECT column_name, data_type, is_generated FROM information_schema.columns"
                                        + " WHERE table_name = 'decisions' AND column_name ~ '^(reason|requester_role"
                                        + "|reasons|sensitive|facts|trace)(_v5)?$' ORDER BY column_name"));
            }

            String url = "postgresql://postgres@127.0.0.1:" + pg.getPort() + "/postgres";
            NoteKeys.Signer signer = NoteKeys.generate("test.local");
            try (Database db = Database.start(vertx, url, dir)) {
                DecisionLog log = new DecisionLog(vertx, db.pool());
                List<DecisionRecord> newer = records("-new");
                List<StoredDecision> stored = await(log.appendAll(newer));
                assertEquals(3, stored.get(0).logIndex(), "the log goes on from version 5's head");

                List<DecisionRecord> all = new ArrayList<>(older);
                all.addAll(newer);
                for (DecisionRecord r : all) {
                    StoredDecision s = await(log.findById(TENANT, r.decisionId()));
                    assertEquals(canonical(r), canonical(s.record()), "read back as recorded");
                }
                assertEquals(
                        older.get(0).decisionId(),
                        await(log.append(older.get(0))).decisionId(),
                        "an older decision's requestId is still known");

                AuditVerifier.AuditReport report =
                        await(new AuditVerifier(db.pool(), signer.verifier()).verify(TENANT));
                assertTrue(report.intact(), report.toString());
                assertEquals(6, report.entries());

                List<ReplayScan.StoredVerdict> replayed = new CopyOnWriteArrayList<>();
                await(new ReplayScan(db.pool())
                        .scan(TENANT, Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"), 100, 10, page -> {
                            replayed.addAll(page);
                            return Future.succeededFuture();
                        }));
                assertEquals(6, replayed.size());
                for (ReplayScan.StoredVerdict v : replayed) {
                    DecisionRecord r = all.stream()
                            .filter(x -> x.decisionId().equals(v.decisionId()))
                            .findFirst()
                            .orElseThrow();
                    assertEquals(r.facts(), v.facts() == null ? null : new JsonObject(v.facts()), v.decisionId());
                }
            }

            try (Connection c = pg.getPostgresDatabase().getConnection()) {
                assertEquals(
                        List.of(
                                "0 WINDOW_EXPIRED customer t t",
                                "1 null customer t t",
                                "2 WINDOW_EXPIRED null t t",
                                "3 WINDOW_EXPIRED customer t t",
                                "4 null customer t t",
                                "5 WINDOW_EXPIRED null t t"),
                        query(
                                c,
                                "SELECT log_index, reason, requester_role,"
                                        + " reason IS NOT DISTINCT FROM (coalesce(reasons::jsonb, reasons_v5) -> 0 ->> 'code'),"
                                        + " requester_role IS NOT DISTINCT FROM"
                                        + " (coalesce(facts::jsonb, facts_v5) -> 'requester' ->> 'role')"
                                        + " FROM decisions ORDER BY log_index"),
                        "the decision log writes the report columns as version 5 generated them");
                assertEquals(
                        List.of("0 f t", "1 f t", "2 f t", "3 t f", "4 t f", "5 t f"),
                        query(
                                c,
                                "SELECT log_index, reasons IS NOT NULL, reasons_v5 IS NOT NULL FROM decisions"
                                        + " ORDER BY log_index"),
                        "older parts stay in the jsonb columns, newer ones are text");
            }
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
            StoreFixture.deleteTree(dir);
        }
    }

    static <T> T await(Future<T> f) {
        return StoreFixture.await(f);
    }
}
