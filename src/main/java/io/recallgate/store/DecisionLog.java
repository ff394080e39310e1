package io.recallgate.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only, hash-chained decision log, written with group commit.
 *
 * <p>{@link #append} puts the record in a bounded queue and returns a Future that completes only
 * after the row is committed. One flusher per instance drains up to {@code maxBatch} records
 * whenever records are waiting and no flush is in flight (so batches grow with load by
 * themselves) and writes them in one transaction:
 *
 * <ol>
 *   <li>{@code pg_advisory_xact_lock(CHAIN_LOCK)} — serialises writers across all instances
 *       sharing the database; released by commit/rollback;</li>
 *   <li>in a <em>separate</em> statement (READ COMMITTED takes a fresh snapshot per statement, so
 *       it sees what the previous lock holder committed) read the chain head from
 *       {@code audit_chain} and the database clock;</li>
 *   <li>look up the batch's (tenant, requestId) pairs that are already stored; a retry gets the
 *       stored entry and writes nothing; duplicates within the batch share the first one;</li>
 *   <li>assign consecutive seqs, compute each hash in Java ({@link ChainCodec}), batch-insert,
 *       move the head; commit.</li>
 * </ol>
 *
 * A full queue fails at once with {@link StoreBusyException}; a failed or timed-out transaction
 * fails its records with {@link StoreUnavailableException} (not acknowledged; a retry with the
 * same requestId is safe). Nothing is dropped silently.
 */
public final class DecisionLog {
    private static final Logger LOG = LoggerFactory.getLogger(DecisionLog.class);

    /** Advisory lock key of the chain ("RGCHAIN"); {@link Retention} takes it too. */
    static final long CHAIN_LOCK = 0x5247434841494EL;

    static final String LOCK_SQL = "SELECT pg_advisory_xact_lock(" + CHAIN_LOCK + ")";

    /**
     * @param queueCapacity records that may wait for a flush before appends are refused
     * @param maxBatch      records written per transaction at most
     * @param flushTimeout  after this a flush's waiters are failed even if the database never answers
     */
    public record Options(int queueCapacity, int maxBatch, Duration flushTimeout) {
        public static Options defaults() {
            return new Options(10_000, 500, Duration.ofSeconds(5));
        }

        public Options withQueueCapacity(int capacity) {
            return new Options(capacity, maxBatch, flushTimeout);
        }
    }

    private record Pending(DecisionRecord record, Promise<StoredDecision> promise, Context caller) {}

    private final Vertx vertx;
    private final Pool pool;
    private final Options options;
    private final Context context;
    private final ArrayBlockingQueue<Pending> queue;
    /** True while a flush is scheduled or running; only the flusher sets it back to false. */
    private final AtomicBoolean flushing = new AtomicBoolean();

    private volatile boolean accepting = true;
    private volatile IntConsumer batchSizeListener = n -> {};

    public DecisionLog(Vertx vertx, Pool pool) {
        this(vertx, pool, Options.defaults());
    }

    public DecisionLog(Vertx vertx, Pool pool, Options options) {
        if (options.queueCapacity() < 1 || options.maxBatch() < 1) {
            throw new IllegalArgumentException("queueCapacity and maxBatch must be positive");
        }
        this.vertx = vertx;
        this.pool = pool;
        this.options = options;
        this.queue = new ArrayBlockingQueue<>(options.queueCapacity());
        // the flusher's own event-loop context, whatever thread builds the log
        this.context = vertx.getOrCreateContext();
    }

    /** Called with the size of every batch the flusher writes (e.g. for a histogram). */
    public void batchSizeListener(IntConsumer listener) {
        this.batchSizeListener = listener == null ? n -> {} : listener;
    }

    /** Records waiting for a flush. */
    public int queueDepth() {
        return queue.size();
    }

    /**
     * Appends the record; completes after commit with the stored entry — for a (tenant,
     * requestId) already stored, with the first entry (same decisionId), writing nothing.
     */
    public Future<StoredDecision> append(DecisionRecord record) {
        if (!accepting) {
            return Future.failedFuture(new StoreUnavailableException("decision log is shutting down"));
        }
        Pending p = new Pending(record, Promise.promise(), Vertx.currentContext());
        if (!queue.offer(p)) {
            return Future.failedFuture(
                    new StoreBusyException("decision log queue is full (" + options.queueCapacity() + ")", 1));
        }
        kick();
        return p.promise().future();
    }

    /** The entry with this id in this tenant, or null (unknown, or another tenant's). */
    public Future<StoredDecision> findById(String tenant, String decisionId) {
        java.util.UUID id;
        try {
            id = java.util.UUID.fromString(decisionId);
        } catch (IllegalArgumentException | NullPointerException e) {
            return Future.succeededFuture(null);
        }
        return one(
                pool.preparedQuery("SELECT " + DecisionRows.COLUMNS
                                + " FROM decisions WHERE decision_id = $1 AND tenant = $2")
                        .execute(Tuple.of(id, tenant)),
                "findById");
    }

    /** Every entry for the message in this tenant, in seq order. */
    public Future<List<StoredDecision>> findByMessage(String tenant, String conversationId, String messageId) {
        return pool.preparedQuery("SELECT " + DecisionRows.COLUMNS + " FROM decisions"
                        + " WHERE tenant = $1 AND conversation_id = $2 AND message_id = $3 ORDER BY seq")
                .execute(Tuple.of(tenant, conversationId, messageId))
                .map(rows -> {
                    List<StoredDecision> out = new ArrayList<>(rows.size());
                    rows.forEach(r -> out.add(DecisionRows.fromRow(r)));
                    return out;
                })
                .recover(t -> Future.failedFuture(StoreUnavailableException.wrap("findByMessage failed", t)));
    }

    /**
     * Stops accepting appends (they fail with {@link StoreUnavailableException}) and completes
     * once everything queued has been written or failed. For SIGTERM.
     */
    public Future<Void> drain() {
        accepting = false;
        kick();
        Promise<Void> done = Promise.promise();
        vertx.setPeriodic(1, 5, id -> {
            if (queue.isEmpty() && !flushing.get()) {
                vertx.cancelTimer(id);
                done.tryComplete();
            }
        });
        return done.future();
    }

    /** Same as {@link #drain()}. */
    public Future<Void> close() {
        return drain();
    }

    // ------------------------------------------------------------------ flusher

    private void kick() {
        if (flushing.compareAndSet(false, true)) {
            context.runOnContext(v -> flush());
        }
    }

    /** Runs on {@link #context} only. */
    private void flush() {
        List<Pending> batch = new ArrayList<>(Math.min(queue.size(), options.maxBatch()));
        queue.drainTo(batch, options.maxBatch());
        if (batch.isEmpty()) {
            flushing.set(false);
            if (!queue.isEmpty()) { // an append raced with the reset
                kick();
            }
            return;
        }
        try {
            batchSizeListener.accept(batch.size());
        } catch (RuntimeException e) {
            LOG.warn("batch size listener failed", e);
        }
        AtomicBoolean finished = new AtomicBoolean();
        long timer = vertx.setTimer(options.flushTimeout().toMillis(), id -> {
            if (finished.compareAndSet(false, true)) {
                StoreUnavailableException e = new StoreUnavailableException("database did not confirm the write within "
                        + options.flushTimeout().toMillis() + " ms");
                batch.forEach(p -> fail(p, e));
                flush(); // keep serving; the stuck transaction fails or commits on its own
            }
        });
        write(batch).onComplete(ar -> {
            vertx.cancelTimer(timer);
            if (!finished.compareAndSet(false, true)) {
                return;
            }
            if (ar.succeeded()) {
                List<StoredDecision> results = ar.result();
                for (int i = 0; i < batch.size(); i++) {
                    succeed(batch.get(i), results.get(i));
                }
            } else {
                LOG.warn(
                        "writing {} decisions failed: {}",
                        batch.size(),
                        ar.cause().toString());
                Throwable e = StoreUnavailableException.wrap("writing the decision log failed", ar.cause());
                batch.forEach(p -> fail(p, e));
            }
            flush();
        });
    }

    /** One transaction for the whole batch; the result list is parallel to {@code batch}. */
    private Future<List<StoredDecision>> write(List<Pending> batch) {
        return pool.withTransaction(conn -> conn.query(LOCK_SQL)
                .execute()
                .compose(v -> conn.query("SELECT head_seq, head_hash, clock_timestamp() AS now"
                                + " FROM audit_chain WHERE id = 1")
                        .execute())
                .compose(head -> {
                    Row h = head.iterator().next();
                    long headSeq = h.getLong("head_seq");
                    String headHash = h.getString("head_hash");
                    Instant now = DecisionRows.instant(h.getOffsetDateTime("now"));
                    return existing(conn, batch).compose(stored -> insert(conn, batch, stored, headSeq, headHash, now));
                }));
    }

    private Future<List<StoredDecision>> insert(
            SqlConnection conn,
            List<Pending> batch,
            Map<String, StoredDecision> stored,
            long headSeq,
            String headHash,
            Instant now) {
        List<StoredDecision> results = new ArrayList<>(batch.size());
        List<Tuple> rows = new ArrayList<>(batch.size());
        Map<String, StoredDecision> firstInBatch = new HashMap<>();
        long seq = headSeq;
        String prev = headHash;
        for (Pending p : batch) {
            DecisionRecord r = p.record();
            String key = key(r.tenant(), r.requestId());
            StoredDecision earlier = key == null ? null : stored.getOrDefault(key, firstInBatch.get(key));
            if (earlier != null) {
                results.add(earlier);
                continue;
            }
            seq++;
            String hash = ChainCodec.hash(prev, seq, r, now);
            StoredDecision s = new StoredDecision(r, seq, now, prev, hash);
            prev = hash;
            rows.add(DecisionRows.toTuple(s));
            results.add(s);
            if (key != null) {
                firstInBatch.put(key, s);
            }
        }
        if (rows.isEmpty()) {
            return Future.succeededFuture(results);
        }
        long lastSeq = seq;
        String lastHash = prev;
        return conn.preparedQuery(DecisionRows.INSERT)
                .executeBatch(rows)
                .compose(v -> conn.preparedQuery("UPDATE audit_chain SET head_seq = $1, head_hash = $2 WHERE id = 1")
                        .execute(Tuple.of(lastSeq, lastHash)))
                .map(v -> results);
    }

    /** Already stored entries for the batch's (tenant, requestId) pairs, by {@link #key}. */
    private Future<Map<String, StoredDecision>> existing(SqlConnection conn, List<Pending> batch) {
        List<String> tenants = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (Pending p : batch) {
            if (p.record().requestId() != null) {
                tenants.add(p.record().tenant());
                ids.add(p.record().requestId());
            }
        }
        if (ids.isEmpty()) {
            return Future.succeededFuture(Map.of());
        }
        return conn.preparedQuery("SELECT " + DecisionRows.COLUMNS + " FROM decisions"
                        + " WHERE (tenant, request_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))")
                // not Tuple.of(a, b): the second array would be taken as varargs
                .execute(Tuple.tuple()
                        .addArrayOfString(tenants.toArray(new String[0]))
                        .addArrayOfString(ids.toArray(new String[0])))
                .map(rows -> {
                    Map<String, StoredDecision> out = new HashMap<>();
                    for (Row row : rows) {
                        StoredDecision s = DecisionRows.fromRow(row);
                        out.put(key(s.tenant(), s.record().requestId()), s);
                    }
                    return out;
                });
    }

    private static String key(String tenant, String requestId) {
        return requestId == null ? null : tenant + '\0' + requestId;
    }

    private static void succeed(Pending p, StoredDecision s) {
        onCaller(p, () -> p.promise().tryComplete(s));
    }

    private static void fail(Pending p, Throwable e) {
        onCaller(p, () -> p.promise().tryFail(e));
    }

    /** Completes on the appender's own context so its callbacks stay on its event loop. */
    private static void onCaller(Pending p, Runnable r) {
        if (p.caller() == null || p.caller() == Vertx.currentContext()) {
            r.run();
        } else {
            p.caller().runOnContext(v -> r.run());
        }
    }

    private static Future<StoredDecision> one(Future<io.vertx.sqlclient.RowSet<Row>> rows, String what) {
        return rows.map(rs -> rs.size() == 0
                        ? (StoredDecision) null
                        : DecisionRows.fromRow(rs.iterator().next()))
                .recover(t -> Future.failedFuture(StoreUnavailableException.wrap(what + " failed", t)));
    }
}
