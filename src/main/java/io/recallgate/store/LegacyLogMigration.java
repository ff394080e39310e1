package io.recallgate.store;

import io.recallgate.tlog.CompactRange;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * Migration V3 (run by Flyway through {@code db.migration.V3__tenant_logs}, over JDBC, in Flyway's
 * transaction): creates the per-tenant log tables and moves every decision stored so far into its
 * tenant's log, so nothing recorded before is lost or left unverifiable.
 *
 * <ol>
 *   <li>The old global hash chain is verified from its retention checkpoint to its head exactly as
 *       the old {@code verify-audit} did. A broken chain stops the migration (and the service)
 *       with the seq it breaks at: tampered records must not be sealed into signed logs; restore
 *       the row or investigate with the previous version's {@code verify-audit}.</li>
 *   <li>Each tenant's decisions, in the old chain's order, become entries 0, 1, … of its log. Their
 *       entries carry {@code legacyChain} (the old seq, prevHash, hash, recordedAt, requestId and
 *       scenario), so the signed tree covers everything the old hash covered.</li>
 *   <li>The tree nodes and each tenant's head are written; the closed chain's head is kept in
 *       {@code tlog_legacy_chain}.</li>
 * </ol>
 */
public final class LegacyLogMigration {
    private static final int FETCH = 5_000;

    private LegacyLogMigration() {}

    public static void migrate(Connection c) throws SQLException {
        script(c, "/db/tlog/V3__tenant_logs.sql");
        long[] checkpoint = new long[1];
        String[] checkpointHash = new String[1];
        long[] head = new long[1];
        String[] headHash = new String[1];
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT head_seq, head_hash, checkpoint_seq, checkpoint_hash FROM audit_chain WHERE id = 1")) {
            if (!rs.next()) {
                throw new SQLException("audit_chain has no row: this is not a Recall Gate database of version 2");
            }
            head[0] = rs.getLong(1);
            headHash[0] = rs.getString(2);
            checkpoint[0] = rs.getLong(3);
            checkpointHash[0] = rs.getString(4);
        }
        long decisions = verifyOldChain(c, checkpoint[0], checkpointHash[0], head[0], headHash[0]);

        try (Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE decisions d SET log_index = x.i FROM (SELECT seq,"
                    + " row_number() OVER (PARTITION BY tenant ORDER BY seq) - 1 AS i FROM decisions) x"
                    + " WHERE d.seq = x.seq");
        }
        buildTrees(c);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO tlog_legacy_chain (id, head_seq, head_hash,"
                + " checkpoint_seq, checkpoint_hash, decisions, migrated_at) VALUES (1, ?, ?, ?, ?, ?, now())")) {
            ps.setLong(1, head[0]);
            ps.setString(2, headHash[0]);
            ps.setLong(3, checkpoint[0]);
            ps.setString(4, checkpointHash[0]);
            ps.setLong(5, decisions);
            ps.executeUpdate();
        }
        script(c, "/db/tlog/V3__tenant_logs_keys.sql");
    }

    /** The old AuditVerifier's walk; returns the number of decisions, or throws naming the broken seq. */
    private static long verifyOldChain(Connection c, long cpSeq, String cpHash, long headSeq, String headHash)
            throws SQLException {
        long expected = cpSeq + 1;
        String prev = cpHash;
        long n = 0;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + JDBC_COLUMNS + " FROM decisions ORDER BY seq",
                ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY)) {
            ps.setFetchSize(FETCH);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    n++;
                    long seq = rs.getLong("seq");
                    if (seq != expected) {
                        throw broken(Math.min(seq, expected), "a decision is missing or out of place");
                    }
                    DecisionRecord r;
                    try {
                        r = record(rs);
                    } catch (RuntimeException e) {
                        throw broken(seq, "the row no longer decodes");
                    }
                    Instant recordedAt =
                            rs.getObject("recorded_at", OffsetDateTime.class).toInstant();
                    if (!prev.equals(rs.getString("prev_hash"))
                            || !ChainCodec.hash(prev, seq, r, recordedAt).equals(rs.getString("hash"))) {
                        throw broken(seq, "its hash does not match its content");
                    }
                    prev = rs.getString("hash");
                    expected++;
                }
            }
        }
        if (expected - 1 != headSeq || !prev.equals(headHash)) {
            throw broken(Math.min(expected, headSeq + 1), "the chain does not end at its recorded head");
        }
        return n;
    }

    private static SQLException broken(long seq, String why) {
        return new SQLException("the audit chain is broken at seq " + seq + " (" + why + "); migration V3 will not"
                + " seal it into the per-tenant logs. Restore the row from a backup or investigate with the"
                + " previous version's verify-audit.");
    }

    /** Leaves, nodes and heads of every tenant's log, from the decisions in log order. */
    private static void buildTrees(Connection c) throws SQLException {
        try (PreparedStatement read = c.prepareStatement(
                        "SELECT " + JDBC_COLUMNS + " FROM decisions ORDER BY tenant, log_index",
                        ResultSet.TYPE_FORWARD_ONLY,
                        ResultSet.CONCUR_READ_ONLY);
                PreparedStatement node =
                        c.prepareStatement("INSERT INTO tlog_nodes (tenant, level, idx, hash) VALUES (?, ?, ?, ?)");
                PreparedStatement head = c.prepareStatement(
                        "INSERT INTO tlog_heads (tenant, tree_size, edge, root) VALUES (?, ?, ?, ?)")) {
            read.setFetchSize(FETCH);
            String tenant = null;
            CompactRange edge = null;
            int pending = 0;
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    String t = rs.getString("tenant");
                    if (!t.equals(tenant)) {
                        if (tenant != null) {
                            head(head, tenant, edge);
                        }
                        tenant = t;
                        edge = new CompactRange();
                    }
                    if (rs.getLong("log_index") != edge.size()) {
                        throw new SQLException("log indexes are not consecutive for tenant " + t);
                    }
                    LegacyChain legacy = new LegacyChain(
                            rs.getLong("seq"),
                            rs.getString("prev_hash"),
                            rs.getString("hash"),
                            rs.getObject("recorded_at", OffsetDateTime.class).toInstant());
                    byte[] leaf = LogEntry.leafHash(record(rs), legacy);
                    String owner = t;
                    SQLException[] failed = new SQLException[1];
                    edge.append(leaf, (level, idx, hash) -> {
                        try {
                            node.setString(1, owner);
                            node.setShort(2, (short) level);
                            node.setLong(3, idx);
                            node.setBytes(4, hash);
                            node.addBatch();
                        } catch (SQLException e) {
                            failed[0] = e;
                        }
                    });
                    if (failed[0] != null) {
                        throw failed[0];
                    }
                    if (++pending >= FETCH) {
                        node.executeBatch();
                        pending = 0;
                    }
                }
            }
            if (tenant != null) {
                head(head, tenant, edge);
            }
            node.executeBatch();
        }
    }

    private static void head(PreparedStatement head, String tenant, CompactRange edge) throws SQLException {
        head.setString(1, tenant);
        head.setLong(2, edge.size());
        head.setBytes(3, edge.encode());
        head.setBytes(4, edge.root());
        head.executeUpdate();
    }

    private static final String JDBC_COLUMNS = "seq, log_index, decision_id::text AS decision_id, tenant, request_id,"
            + " mode, outcome, scenario, conversation_id, message_id, requester_id, text_digest, reasons::text AS reasons,"
            + " sensitive::text AS sensitive, allowed_until, policy_version, evaluated_at, recorded_at, prev_hash, hash,"
            + " facts::text AS facts, trace::text AS trace";

    private static DecisionRecord record(ResultSet rs) throws SQLException {
        String facts = rs.getString("facts");
        String trace = rs.getString("trace");
        return DecisionRows.record(
                rs.getString("tenant"),
                rs.getString("request_id"),
                rs.getString("scenario"),
                rs.getString("conversation_id"),
                rs.getString("message_id"),
                rs.getString("requester_id"),
                rs.getString("text_digest"),
                rs.getString("decision_id"),
                rs.getString("mode"),
                rs.getString("outcome"),
                new JsonArray(rs.getString("reasons")),
                new JsonArray(rs.getString("sensitive")),
                instant(rs, "allowed_until"),
                rs.getString("policy_version"),
                instant(rs, "evaluated_at"),
                facts == null ? null : new JsonObject(facts),
                trace == null ? null : new JsonArray(trace));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static void script(Connection c, String resource) throws SQLException {
        String sql;
        try (InputStream in = LegacyLogMigration.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new SQLException(resource + " is not on the classpath");
            }
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
