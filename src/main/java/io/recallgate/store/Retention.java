package io.recallgate.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes decisions older than the retention period without breaking verification or proofs.
 *
 * <p>Per tenant, only a prefix of the log is ever removed, in chunks of {@value #CHUNK}, each in
 * one transaction under that tenant's retention row lock ({@code tlog_retention}, which appends
 * never touch, so removal does not hold up decisions): the chunk is verified first (a tampered
 * entry must not be erased together with its evidence; retention then stops and logs), then its
 * decision rows are deleted and the tenant's {@code retained_from} moves past them. The tree
 * nodes, leaves included, stay: every proof still works, for retained decisions and for
 * checkpoints signed before the removal. The prefix ends at the first decision that is not old
 * enough.
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
                LOG.info("audit retention removed {} decisions", ar.result());
            }
        });
    }

    /** Removes the decisions older than the retention period; the number removed. */
    public Future<Long> runOnce() {
        return removeOlderThan(Instant.now().minus(maxAge));
    }

    /** Removes, in every tenant's log, the longest prefix of decisions recorded before {@code cutoff}. */
    public Future<Long> removeOlderThan(Instant cutoff) {
        return pool.query("SELECT tenant FROM tlog_heads ORDER BY tenant")
                .execute()
                .recover(t -> Future.failedFuture(StoreUnavailableException.wrap("audit retention failed", t)))
                .compose(rs -> {
                    List<String> tenants = new ArrayList<>();
                    rs.forEach(r -> tenants.add(r.getString(0)));
                    Future<Long> total = Future.succeededFuture(0L);
                    for (String tenant : tenants) {
                        total = total.compose(sum -> removeFrom(tenant, cutoff, sum));
                    }
                    return total;
                });
    }

    private Future<Long> removeFrom(String tenant, Instant cutoff, long removedSoFar) {
        return pool.withTransaction(conn -> removeChunk(conn, tenant, cutoff))
                .compose(n -> n == CHUNK
                        ? removeFrom(tenant, cutoff, removedSoFar + n)
                        : Future.succeededFuture(removedSoFar + n))
                .recover(t -> Future.failedFuture(
                        t instanceof IllegalStateException
                                ? t
                                : StoreUnavailableException.wrap("audit retention failed", t)));
    }

    private static Future<Long> removeChunk(SqlConnection conn, String tenant, Instant cutoff) {
        return conn.preparedQuery("INSERT INTO tlog_retention (tenant, retained_from, removed_at)"
                        + " VALUES ($1, 0, now()) ON CONFLICT (tenant) DO NOTHING")
                .execute(Tuple.of(tenant))
                .compose(
                        v -> conn.preparedQuery("SELECT retained_from FROM tlog_retention WHERE tenant = $1 FOR UPDATE")
                                .execute(Tuple.of(tenant)))
                .compose(rs -> {
                    long from = rs.iterator().next().getLong(0);
                    return conn.preparedQuery(DecisionRows.SELECT
                                    + " WHERE d.tenant = $1 AND d.log_index >= $2 ORDER BY d.log_index LIMIT $3")
                            .execute(Tuple.of(tenant, from, CHUNK))
                            .compose(rows -> {
                                long next = from;
                                for (Row row : rows) {
                                    if (!DecisionRows.instant(row.getOffsetDateTime("recorded_at"))
                                            .isBefore(cutoff)) {
                                        break;
                                    }
                                    if (row.getLong("log_index") != next || !intact(row)) {
                                        return Future.failedFuture(new IllegalStateException("the decision log of"
                                                + " tenant " + tenant + " is broken at log index " + next
                                                + "; retention will not erase it"));
                                    }
                                    next++;
                                }
                                if (next == from) {
                                    return Future.succeededFuture(0L);
                                }
                                long removed = next - from;
                                long to = next;
                                return conn.preparedQuery("DELETE FROM decisions WHERE tenant = $1"
                                                + " AND log_index >= $2 AND log_index < $3")
                                        .execute(Tuple.of(tenant, from, to))
                                        .compose(d -> conn.preparedQuery(
                                                        "UPDATE tlog_retention"
                                                                + " SET retained_from = $2, removed_at = now() WHERE tenant = $1")
                                                .execute(Tuple.of(tenant, to)))
                                        .map(u -> removed);
                            });
                });
    }

    private static boolean intact(Row row) {
        return AuditVerifier.intact(row);
    }
}
