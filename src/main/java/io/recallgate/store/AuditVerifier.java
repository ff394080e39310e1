package io.recallgate.store;

import io.recallgate.tlog.Checkpoint;
import io.recallgate.tlog.Merkle;
import io.recallgate.tlog.NoteKeys;
import io.recallgate.tlog.SignedNote;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Cursor;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Recomputes a tenant's log from its rows and compares it with the stored tree and the latest
 * signed checkpoint; reports the first log index that does not fit.
 *
 * <p>Everything is read in one REPEATABLE READ, READ ONLY transaction (one snapshot while appends
 * and retention go on), rows through cursors in pages of {@value #PAGE}:
 *
 * <ol>
 *   <li>each stored decision, in log order from the retention boundary: it must have the next
 *       index (else one is missing), its entry must hash to the leaf stored for it ({@link
 *       LogEntry}), and a decision from before the per-tenant logs must still match its old chain
 *       hash; the rows must end where the tree ends;</li>
 *   <li>every stored tree node must be the hash of its two stored children, and the tree must
 *       have every node its size implies;</li>
 *   <li>the root the nodes give must be the head's root, and the root of the checkpoint's size
 *       must be the root the checkpoint signed (checked with the verifier key).</li>
 * </ol>
 *
 * A changed row is named by (1). A row rewritten together with its leaf is named by (2) at the
 * first leaf under the first node that no longer fits. A tree rebuilt entirely with recomputed
 * hashes fits (1) and (2) but not the signed checkpoint (3): reported at index 0, since nothing
 * signed says where it starts to differ — a monitor holding an earlier checkpoint
 * ({@code verify-log}) shows it too, from outside the database.
 */
public final class AuditVerifier {
    static final int PAGE = 5_000;

    /**
     * {@code entries}: the stored decisions checked (retention may have removed older ones);
     * {@code firstBrokenSeq}: the first log index that does not verify, null when intact.
     */
    public record AuditReport(boolean intact, long entries, Long firstBrokenSeq) {
        public JsonObject toJson() {
            return new JsonObject()
                    .put("intact", intact)
                    .put("entries", entries)
                    .put("firstBrokenSeq", firstBrokenSeq);
        }
    }

    private final Pool pool;
    private final NoteKeys.Verifier verifier;

    /** @param verifier the checkpoints' key; null: checkpoints cannot be authenticated and are not compared */
    public AuditVerifier(Pool pool, NoteKeys.Verifier verifier) {
        this.pool = pool;
        this.verifier = verifier;
    }

    /** Verifies one tenant's log (an unknown tenant's empty log is intact). */
    public Future<AuditReport> verify(String tenant) {
        return readOnly(conn -> verify(conn, tenant));
    }

    /** Verifies every tenant's log, in tenant order. */
    public Future<Map<String, AuditReport>> verifyAll() {
        return readOnly(conn -> conn.query(
                        "SELECT tenant FROM tlog_heads UNION SELECT DISTINCT tenant FROM decisions" + " ORDER BY 1")
                .execute()
                .compose(rs -> {
                    List<String> tenants = new ArrayList<>();
                    rs.forEach(r -> tenants.add(r.getString(0)));
                    Map<String, AuditReport> out = new LinkedHashMap<>();
                    Future<Void> chain = Future.succeededFuture();
                    for (String t : tenants) {
                        chain = chain.compose(v -> verify(conn, t).map(r -> {
                            out.put(t, r);
                            return null;
                        }));
                    }
                    return chain.map(v -> out);
                }));
    }

    private <T> Future<T> readOnly(java.util.function.Function<SqlConnection, Future<T>> work) {
        return pool.withTransaction(conn -> conn.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                        .execute()
                        .compose(v -> work.apply(conn)))
                .recover(t -> Future.failedFuture(StoreUnavailableException.wrap("audit verification failed", t)));
    }

    private Future<AuditReport> verify(SqlConnection conn, String tenant) {
        return conn.preparedQuery("SELECT h.tree_size, h.root, c.note,"
                        + " (SELECT retained_from FROM tlog_retention r WHERE r.tenant = $1) AS retained_from"
                        + " FROM (SELECT $1::text AS tenant) t LEFT JOIN tlog_heads h ON h.tenant = t.tenant"
                        + " LEFT JOIN tlog_checkpoints c ON c.tenant = t.tenant")
                .execute(Tuple.of(tenant))
                .compose(rs -> {
                    Row st = rs.iterator().next();
                    long size = st.getLong("tree_size") == null ? 0 : st.getLong("tree_size");
                    Buffer root = st.getBuffer("root");
                    Long retained = st.getLong("retained_from");
                    Scan scan = new Scan(retained == null ? 0 : retained, size);
                    return scanRows(conn, tenant, scan)
                            .compose(v -> checkNodes(conn, tenant, size, scan))
                            .compose(v -> checkRoots(
                                    conn,
                                    tenant,
                                    size,
                                    root == null ? Merkle.emptyRoot() : root.getBytes(),
                                    st.getString("note"),
                                    scan))
                            .map(v -> scan.report());
                });
    }

    private static Future<Void> scanRows(SqlConnection conn, String tenant, Scan scan) {
        return conn.prepare(DecisionRows.SELECT + " WHERE d.tenant = $1 ORDER BY d.log_index")
                .compose(ps -> {
                    Cursor cursor = ps.cursor(Tuple.of(tenant));
                    return readPages(cursor, scan::row)
                            .eventually(() -> cursor.close().eventually(ps::close));
                })
                .map(v -> {
                    scan.rowsEnd();
                    return null;
                });
    }

    /** Every stored node against its stored children; the node count of every level against the size. */
    private static Future<Void> checkNodes(SqlConnection conn, String tenant, long size, Scan scan) {
        return conn.preparedQuery("SELECT level, count(*) AS n, max(idx) AS last FROM tlog_nodes"
                        + " WHERE tenant = $1 GROUP BY level")
                .execute(Tuple.of(tenant))
                .compose(levels -> {
                    long[] count = new long[64];
                    long[] last = new long[64];
                    Arrays.fill(last, -1);
                    for (Row r : levels) {
                        int level = r.getShort("level");
                        count[level] = r.getLong("n");
                        last[level] = r.getLong("last");
                    }
                    for (int level = 0; level < 63; level++) {
                        long expected = size >> level;
                        if (count[level] != expected || last[level] != expected - 1) {
                            // a missing node (or one past the tree's end): name the first leaf it would cover
                            scan.broken(Math.min(count[level], expected) << level);
                        }
                    }
                    return conn.prepare("SELECT p.level, p.idx, p.hash, l.hash AS lh, r.hash AS rh FROM tlog_nodes p"
                                    + " LEFT JOIN tlog_nodes l ON l.tenant = p.tenant AND l.level = p.level - 1"
                                    + " AND l.idx = 2 * p.idx"
                                    + " LEFT JOIN tlog_nodes r ON r.tenant = p.tenant AND r.level = p.level - 1"
                                    + " AND r.idx = 2 * p.idx + 1"
                                    + " WHERE p.tenant = $1 AND p.level > 0")
                            .compose(ps -> {
                                Cursor cursor = ps.cursor(Tuple.of(tenant));
                                return readPages(cursor, scan::node)
                                        .eventually(() -> cursor.close().eventually(ps::close));
                            });
                });
    }

    private Future<Void> checkRoots(
            SqlConnection conn, String tenant, long size, byte[] headRoot, String note, Scan scan) {
        Checkpoint cp = null;
        if (note != null && verifier != null) {
            try {
                cp = Checkpoint.parse(SignedNote.open(note, verifier));
            } catch (SignedNote.NoteException | IllegalArgumentException e) {
                cp = null; // signed by another key (rotated) or forged: no reference
            }
        }
        List<Merkle.Range> ranges = new ArrayList<>();
        if (size > 0) {
            ranges.add(new Merkle.Range(0, size));
        }
        Checkpoint signed = cp;
        if (signed != null && signed.size() > 0 && signed.size() <= size) {
            ranges.add(new Merkle.Range(0, signed.size()));
        }
        if (signed != null && signed.size() > size) {
            scan.broken(size); // the log lost entries it had when it was signed
        }
        if (scan.firstBroken != null) {
            return Future.succeededFuture(); // the nodes do not fit: no root to compare
        }
        return TenantLogs.rangeHashes(conn, tenant, ranges).map(hashes -> {
            byte[] treeRoot = size == 0 ? Merkle.emptyRoot() : hashes.get(0);
            if (!MessageDigest.isEqual(treeRoot, headRoot)) {
                scan.broken(0);
            }
            if (signed != null && signed.size() <= size) {
                byte[] atCheckpoint = signed.size() == 0 ? Merkle.emptyRoot() : hashes.get(hashes.size() - 1);
                if (!MessageDigest.isEqual(atCheckpoint, signed.root())) {
                    scan.broken(0);
                }
            }
            return null;
        });
    }

    private static Future<Void> readPages(Cursor cursor, java.util.function.Consumer<Row> each) {
        return cursor.read(PAGE).compose(rows -> {
            rows.forEach(each);
            return cursor.hasMore() ? readPages(cursor, each) : Future.succeededFuture();
        });
    }

    /**
     * A decision row still is what its tenant's log holds: its entry hashes to the stored leaf; its
     * {@code scenario} column (kept for reports) is the one in its facts, its {@code reason} the
     * first reason's code and its {@code requester_role} the facts' requester role (the report's
     * columns); and a decision from before
     * the per-tenant logs still matches its old chain hash. The columns no entry holds are the
     * idempotency key {@code request_id} and {@code recorded_at} (the database's commit time, used
     * by retention): they are not evidence of the decision.
     */
    static boolean intact(Row row) {
        try {
            StoredDecision s = DecisionRows.fromRow(row);
            DecisionRecord r = s.record();
            if (s.leafHash() == null
                    || !Arrays.equals(
                            LogEntry.leafHash(r, s.legacy()),
                            Base64.getDecoder().decode(s.leafHash()))) {
                return false;
            }
            if (r.facts() != null && !r.scenario().equals(r.facts().getValue("scenario"))) {
                return false;
            }
            // written by the decision log beside the parts since migration V6 (generated from them
            // by PostgreSQL before): a report counts what the entries say
            if (!Objects.equals(row.getString("reason"), DecisionRows.reason(r.decision()))
                    || !Objects.equals(row.getString("requester_role"), DecisionRows.requesterRole(r.facts()))) {
                return false;
            }
            LegacyChain l = s.legacy();
            return l == null
                    || ChainCodec.hash(l.prevHash(), l.seq(), r, l.recordedAt()).equals(l.hash());
        } catch (RuntimeException e) { // a row that no longer even decodes
            return false;
        }
    }

    /** The checks of one tenant's log, fed row by row. */
    static final class Scan {
        private final long retainedFrom;
        private final long size;
        private long expected;
        private long entries;
        Long firstBroken;

        Scan(long retainedFrom, long size) {
            this.retainedFrom = retainedFrom;
            this.size = size;
            this.expected = retainedFrom;
        }

        void broken(long index) {
            if (firstBroken == null || index < firstBroken) {
                firstBroken = index;
            }
        }

        void row(Row row) {
            entries++;
            long index = row.getLong("log_index");
            if (index < retainedFrom || index >= size) {
                broken(Math.min(index, size)); // a row retention removed, or one the tree does not hold
                return;
            }
            if (index != expected) {
                broken(expected); // the rows between are missing
            }
            expected = index + 1;
            if (!intact(row)) {
                broken(index);
            }
        }

        void rowsEnd() {
            if (expected < size) {
                broken(expected); // rows cut off the end
            }
        }

        void node(Row row) {
            int level = row.getShort("level");
            long idx = row.getLong("idx");
            Buffer l = row.getBuffer("lh");
            Buffer r = row.getBuffer("rh");
            if (l == null
                    || r == null
                    || !Arrays.equals(
                            Merkle.nodeHash(l.getBytes(), r.getBytes()),
                            row.getBuffer("hash").getBytes())) {
                broken(idx << level);
            }
        }

        AuditReport report() {
            return new AuditReport(firstBroken == null, entries, firstBroken);
        }
    }

    /**
     * {@code verify-audit}: opens the database read-only ({@link Database#openReadOnly}: nothing is
     * created or migrated; beside a running service it reads that service's embedded server),
     * verifies every tenant's log and prints one line per tenant,
     * {@code {"tenant":…,"intact":…,"entries":…,"firstBrokenSeq":…}}, then a summary line
     * {@code {"intact":…,"tenants":…,"entries":…}}. Exit code 0 when every log is intact, 1 when
     * one is broken, 2 when verification could not run (no such data directory or database, no
     * Recall Gate tables in it, the database unreachable).
     *
     * @param verifier the checkpoints' verifier key (from the signing key file or the data
     *                 directory); null: the signed checkpoints are not compared, and stderr says so
     */
    public static int verifyAudit(Pool pool, NoteKeys.Verifier verifier, PrintStream out, PrintStream err) {
        if (verifier == null) {
            err.println("verify-audit: no log signing key found (" + LogSigning.ENV
                    + " or the data directory): the signed checkpoints are not compared");
        }
        try {
            Map<String, AuditReport> reports =
                    new AuditVerifier(pool, verifier).verifyAll().await(30, TimeUnit.MINUTES);
            boolean intact = true;
            long entries = 0;
            for (Map.Entry<String, AuditReport> e : reports.entrySet()) {
                out.println(new JsonObject()
                        .put("tenant", e.getKey())
                        .mergeIn(e.getValue().toJson())
                        .encode());
                intact &= e.getValue().intact();
                entries += e.getValue().entries();
            }
            out.println(new JsonObject()
                    .put("intact", intact)
                    .put("tenants", reports.size())
                    .put("entries", entries)
                    .encode());
            return intact ? 0 : 1;
        } catch (Exception e) {
            err.println("verify-audit failed: " + e.getMessage());
            return 2;
        }
    }

    /**
     * {@code verify-audit} on its own: starts Vert.x and the database, then {@link #verifyAudit}.
     * (How the command reaches the database is the CLI's concern; the check above is not.)
     */
    public static int verifyAuditCommand(String databaseUrl, Path dataDir, Path signingKeyFile) {
        return verifyAuditCommand(databaseUrl, dataDir, signingKeyFile, System.out, System.err);
    }

    static int verifyAuditCommand(
            String databaseUrl, Path dataDir, Path signingKeyFile, PrintStream out, PrintStream err) {
        Vertx vertx = Vertx.vertx();
        try (Database db = Database.openReadOnly(vertx, databaseUrl, dataDir)) {
            return verifyAudit(db.pool(), LogSigning.verifierOrNull(signingKeyFile, dataDir), out, err);
        } catch (Exception e) {
            err.println("verify-audit failed: " + e.getMessage());
            return 2;
        } finally {
            try {
                vertx.close().await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                err.println("closing Vert.x: " + e.getMessage());
            }
        }
    }
}
