package io.recallgate.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes audit entries older than the retention period without breaking verification.
 *
 * <p>Only a prefix of the chain is ever removed, in chunks of {@value #CHUNK}, each in one
 * transaction under the chain's advisory lock: the chunk is verified first (a tampered entry must
 * not be erased together with its evidence; retention then stops and logs), then deleted, and the
 * last removed entry's seq and hash become the checkpoint from which {@link AuditVerifier} and the
 * next removal start. The prefix ends at the first entry that is not old enough.
 */
public final class Retention {
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
    public static final String ENV = "RECALLGATE_AUDIT_RETENTION_DAYS";
    public static final int DEFAULT_DAYS = 365;
    static final int CHUNK = 2_000;

    private final Vertx vertx;
    private final Pool pool;
    private final Duration maxAge;
    private final AtomicBoolean running = new AtomicBoolean();
    private long timerId = -1;

    public Retention(Vertx vertx, Pool pool, int retentionDays) {
        if (retentionDays < 1) {
            throw new IllegalArgumentException(ENV + " must be at least 1");
        }
        this.vertx = vertx;
        this.pool = pool;
        this.maxAge = Duration.ofDays(retentionDays);
    }

    /** Runs once now and then every {@code period} (the service uses one hour). */
    public synchronized void start(Duration period) {
        if (timerId < 0) {
            timerId = vertx.setPeriodic(1, period.toMillis(), id -> runScheduled());
        }
    }

    public synchronized void stop() {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
            timerId = -1;
        }
    }

    private void runScheduled() {
        if (!running.compareAndSet(false, true)) {
            return; // the previous run is still going
        }
        runOnce().onComplete(ar -> {
            running.set(false);
            if (ar.failed()) {
                LOG.warn("audit retention failed: {}", ar.cause().getMessage());
            } else if (ar.result() > 0) {
                LOG.info("audit retention removed {} entries", ar.result());
            }
        });
    }

    /** Removes the entries older than the retention period; the number removed. */
    public Future<Long> runOnce() {
        return removeOlderThan(Instant.now().minus(maxAge));
    }

    /** Removes the longest prefix of the chain recorded before {@code cutoff}. */
    public Future<Long> removeOlderThan(Instant cutoff) {
        return removeFrom(cutoff, 0L);
    }

    private Future<Long> removeFrom(Instant cutoff, long removedSoFar) {
        return pool.withTransaction(conn -> removeChunk(conn, cutoff))
                .compose(n ->
                        n == CHUNK ? removeFrom(cutoff, removedSoFar + n) : Future.succeededFuture(removedSoFar + n))
                .recover(t -> Future.failedFuture(
                        t instanceof IllegalStateException
                                ? t
                                : StoreUnavailableException.wrap("audit retention failed", t)));
    }

    private static Future<Long> removeChunk(SqlConnection conn, Instant cutoff) {
        return conn.query(DecisionLog.LOCK_SQL)
                .execute()
                .compose(v -> conn.query("SELECT checkpoint_seq, checkpoint_hash FROM audit_chain WHERE id = 1")
                        .execute())
                .compose(cp -> {
                    Row c = cp.iterator().next();
                    long cpSeq = c.getLong("checkpoint_seq");
                    String cpHash = c.getString("checkpoint_hash");
                    return conn.preparedQuery("SELECT " + DecisionRows.COLUMNS
                                    + " FROM decisions WHERE seq > $1 ORDER BY seq LIMIT $2")
                            .execute(Tuple.of(cpSeq, CHUNK))
                            .compose(rows -> {
                                long lastSeq = cpSeq;
                                String lastHash = cpHash;
                                for (Row row : rows) {
                                    StoredDecision s = DecisionRows.fromRow(row);
                                    if (!s.recordedAt().isBefore(cutoff)) {
                                        break;
                                    }
                                    if (s.seq() != lastSeq + 1
                                            || !s.prevHash().equals(lastHash)
                                            || !ChainCodec.hash(lastHash, s.seq(), s.record(), s.recordedAt())
                                                    .equals(s.hash())) {
                                        return Future.failedFuture(
                                                new IllegalStateException("audit chain is broken at seq "
                                                        + (lastSeq + 1) + "; retention will not erase it"));
                                    }
                                    lastSeq = s.seq();
                                    lastHash = s.hash();
                                }
                                if (lastSeq == cpSeq) {
                                    return Future.succeededFuture(0L);
                                }
                                long removed = lastSeq - cpSeq;
                                long newSeq = lastSeq;
                                String newHash = lastHash;
                                return conn.preparedQuery("DELETE FROM decisions WHERE seq > $1 AND seq <= $2")
                                        .execute(Tuple.of(cpSeq, newSeq))
                                        .compose(d -> conn.preparedQuery(
                                                        "UPDATE audit_chain SET checkpoint_seq = $1,"
                                                                + " checkpoint_hash = $2, checkpoint_at = clock_timestamp() WHERE id = 1")
                                                .execute(Tuple.of(newSeq, newHash)))
                                        .map(u -> removed);
                            });
                });
    }
}
