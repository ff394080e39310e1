package io.recallgate.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Cursor;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Re-derives the whole hash chain from the rows and reports the first entry that does not fit.
 *
 * <p>Rows are read through a cursor in pages of {@value #PAGE} inside one REPEATABLE READ,
 * READ ONLY transaction, so the rows, the head and the checkpoint come from one snapshot while
 * appends and retention go on. Starting from the retention checkpoint (or seq 1 and 64 zeros),
 * each row must have the next seq (else a row is missing: that seq is named), carry the previous
 * row's hash as prev_hash, and hash to its stored hash when recomputed from its content. A
 * modified field, a deleted row, an inserted row and two rows that swapped places all break one
 * of these. Finally the last row must be the head recorded in {@code audit_chain}, which catches
 * rows cut off the end.
 *
 * <p>What it cannot catch: someone with write access who recomputes every later hash and the
 * head. Against that the head hash has to be kept outside the database (e.g. published).
 */
public final class AuditVerifier {
    static final int PAGE = 5_000;

    /** {@code firstBrokenSeq} is null when intact. {@code entries}: rows after the checkpoint. */
    public record AuditReport(boolean intact, long entries, Long firstBrokenSeq) {
        public JsonObject toJson() {
            return new JsonObject()
                    .put("intact", intact)
                    .put("entries", entries)
                    .put("firstBrokenSeq", firstBrokenSeq);
        }
    }

    private final Pool pool;

    public AuditVerifier(Pool pool) {
        this.pool = pool;
    }

    public Future<AuditReport> verify() {
        return pool.withTransaction(conn -> conn.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                        .execute()
                        .compose(v -> conn.query("SELECT head_seq, head_hash, checkpoint_seq, checkpoint_hash"
                                        + " FROM audit_chain WHERE id = 1")
                                .execute())
                        .compose(rs -> {
                            Row st = rs.iterator().next();
                            Scan scan = new Scan(st.getLong("checkpoint_seq"), st.getString("checkpoint_hash"));
                            return scanAll(conn, scan)
                                    .map(v -> scan.finish(st.getLong("head_seq"), st.getString("head_hash")));
                        }))
                .recover(t -> Future.failedFuture(StoreUnavailableException.wrap("audit verification failed", t)));
    }

    private static Future<Void> scanAll(SqlConnection conn, Scan scan) {
        return conn.prepare("SELECT " + DecisionRows.COLUMNS + " FROM decisions ORDER BY seq")
                .compose(ps -> {
                    Cursor cursor = ps.cursor(Tuple.tuple());
                    return readPages(cursor, scan)
                            .eventually(() -> cursor.close().eventually(ps::close));
                });
    }

    private static Future<Void> readPages(Cursor cursor, Scan scan) {
        return cursor.read(PAGE).compose(rows -> {
            rows.forEach(scan::accept);
            return cursor.hasMore() ? readPages(cursor, scan) : Future.succeededFuture();
        });
    }

    /** The chain walk itself, fed row by row in seq order. */
    static final class Scan {
        private final long checkpointSeq;
        private long expectedSeq;
        private String prev;
        private long entries;
        private Long broken;

        Scan(long checkpointSeq, String checkpointHash) {
            this.checkpointSeq = checkpointSeq;
            this.expectedSeq = checkpointSeq + 1;
            this.prev = checkpointHash;
        }

        void accept(Row row) {
            entries++;
            if (broken != null) {
                return;
            }
            long seq = row.getLong("seq");
            if (seq <= checkpointSeq) {
                broken = seq; // retention removed everything up to the checkpoint
                return;
            }
            if (seq != expectedSeq) {
                broken = expectedSeq; // this one is missing
                return;
            }
            try {
                StoredDecision s = DecisionRows.fromRow(row);
                if (!prev.equals(s.prevHash())
                        || !ChainCodec.hash(prev, seq, s.record(), s.recordedAt())
                                .equals(s.hash())) {
                    broken = seq;
                    return;
                }
                prev = s.hash();
                expectedSeq++;
            } catch (RuntimeException e) { // a row that no longer even decodes
                broken = seq;
            }
        }

        AuditReport finish(long headSeq, String headHash) {
            if (broken == null) {
                long last = expectedSeq - 1;
                if (last < headSeq) {
                    broken = last + 1; // rows cut off the end
                } else if (last > headSeq) {
                    broken = headSeq + 1; // rows added past the recorded head
                } else if (!prev.equals(headHash)) {
                    broken = Math.max(headSeq, 1); // head and chain disagree
                }
            }
            return new AuditReport(broken == null, entries, broken);
        }
    }

    /**
     * {@code verify-audit}: opens the database read-only ({@link Database#openReadOnly}: nothing is
     * created or migrated; beside a running service it reads that service's embedded server),
     * verifies, prints {@code {"intact":…,"entries":…,"firstBrokenSeq":…}}. Exit code 0 when intact,
     * 1 when broken, 2 when verification could not run (no such data directory or database, no
     * Recall Gate tables in it, the database unreachable).
     */
    public static int verifyAuditCommand(String databaseUrl, Path dataDir) {
        return verifyAuditCommand(databaseUrl, dataDir, System.out, System.err);
    }

    static int verifyAuditCommand(String databaseUrl, Path dataDir, PrintStream out, PrintStream err) {
        Vertx vertx = Vertx.vertx();
        try (Database db = Database.openReadOnly(vertx, databaseUrl, dataDir)) {
            AuditReport report = new AuditVerifier(db.pool()).verify().await(30, TimeUnit.MINUTES);
            out.println(report.toJson().encode());
            return report.intact() ? 0 : 1;
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
