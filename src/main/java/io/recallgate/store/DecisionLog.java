package io.recallgate.store;

import io.recallgate.metrics.Metrics;
import io.recallgate.tlog.CompactRange;
import io.recallgate.tlog.Merkle;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only decision log: one Merkle tree log per tenant (RFC 9162), written with group
 * commit, each tenant under its own lock.
 *
 * <p>{@link #append} and {@link #appendAll} compute each record's leaf hash on the caller's thread
 * ({@link LogEntry}: the entry does not depend on where it lands), queue it in its tenant's lane,
 * and return a Future that completes only after the records are committed. A lane with waiting
 * records and fewer than {@link #FLUSHERS_PER_LANE} flushes in flight takes up to {@code maxBatch}
 * records (whole requests only: a batch request is never split) and writes them in one transaction:
 *
 * <ol>
 *   <li>one round trip, pipelined: {@code BEGIN}; {@code SET LOCAL} statement, lock and idle
 *       timeouts shorter than the Java-side flush timeout, so a transaction that cannot finish in
 *       time is rolled back by the database; {@code SELECT … FROM tlog_heads WHERE tenant = $1 FOR
 *       UPDATE} — the tenant's lock, taken on its own row, so tenants (and the lanes of several
 *       replicas) commit in parallel; it also returns the tree size and the tree's right edge
 *       ({@link CompactRange}); then, under the lock (the server runs the statements in order),
 *       the active holds on the conversations of the group's enforce decisions ({@link HoldCheck}:
 *       a decision whose holds changed since it was decided is decided again before it is
 *       written; a hold is placed and released under the same lock);</li>
 *   <li>one round trip: one statement that inserts the decisions, the tree nodes the new leaves
 *       complete, and moves the head — bulk inserts from arrays ({@code unnest}), so the round
 *       trips per transaction do not grow with its size — and {@code COMMIT} behind it. A retry (a
 *       requestId already stored) is rare, so it is not looked up first: such a row is skipped by
 *       the insert, which then fails rather than move the head, so the COMMIT rolls back; the group
 *       is written again with the stored requestIds looked up under the lock, the retry gets the
 *       stored decision and nothing is written twice.</li>
 * </ol>
 *
 * <p>Once a lane knows the head its last transaction leaves behind, the next is sent in ONE round
 * trip ({@link #write}): lock, insert (computed from the predicted head) and COMMIT pipelined, the
 * insert refusing to move the head unless the head under the lock is the predicted one and no
 * hold is active on a checked record's conversation; when it refuses, the group is written the
 * way above. A lane sends a transaction only once its previous one holds the lock, so they reach
 * the lock in the order their heads were predicted. The tenant's lock is then held only while the
 * database inserts and commits.
 *
 * <p>Failures stay with the request that caused them: when the database refuses a transaction
 * because of its data (an integrity or data error), each request of it is retried in a transaction
 * of its own, so only the request whose row is refused fails. A full queue fails at once with
 * {@link StoreBusyException}; a transaction that fails or is not confirmed within
 * {@code flushTimeout} fails its requests with {@link StoreUnavailableException} (503). Such a
 * transaction has been rolled back by the database's own (shorter) timeouts; the one exception is
 * a COMMIT whose answer is lost, which may still have committed: a retry with the same requestId
 * returns the stored decision, and the log names every decision committed after its request was
 * told 503.
 */
public final class DecisionLog {
    private static final Logger LOG = LoggerFactory.getLogger(DecisionLog.class);

    /**
     * @param queueCapacity records that may wait for a flush (all tenants) before appends are refused
     * @param maxBatch      records written per transaction at most (a larger batch request is written whole)
     * @param flushTimeout  after this a flush's requests are failed even if the database never answers;
     *                      the database's own statement, lock and idle timeouts are a quarter of it
     */
    public record Options(int queueCapacity, int maxBatch, Duration flushTimeout) {
        public static Options defaults() {
            return new Options(10_000, 500, Duration.ofSeconds(5));
        }

        public Options withQueueCapacity(int capacity) {
            return new Options(capacity, maxBatch, flushTimeout);
        }

        long databaseTimeoutMillis() {
            return Math.max(50, flushTimeout.toMillis() / 4);
        }
    }

    /**
     * One request's records: committed together or not at all. {@code checks}: parallel to the
     * records, their holds checked again under the lock ({@link HoldCheck}); null for none.
     */
    private record Unit(
            String tenant,
            List<DecisionRecord> records,
            List<Entry> entries,
            List<HoldCheck> checks,
            Promise<List<StoredDecision>> promise,
            Context caller,
            AtomicBoolean answered) {}

    /** A record's leaf and the JSON texts of its stored parts, computed once on the caller's thread. */
    private record Entry(byte[] leaf, LogEntry.Prepared prepared) {
        static Entry of(DecisionRecord r) {
            LogEntry.Prepared p = LogEntry.prepare(r);
            return new Entry(p.leaf(), p);
        }
    }

    /** An active hold as the check under the lock reads it. */
    private record ActiveHold(String holdId, String conversationId, List<String> messageIds) {
        boolean covers(String messageId) {
            return messageIds.isEmpty() || messageIds.contains(messageId);
        }
    }

    /**
     * Transactions one lane may have in flight. They take the tenant's lock in turn, but the second
     * is already waiting at the lock, its statements sent, while the first commits (and waits for
     * its fsync): the lock passes from one to the next inside the database, not after a round trip
     * to the service. More would only queue at the lock with smaller groups.
     */
    static final int FLUSHERS_PER_LANE = 2;

    /** How long a lane writes the careful way after a one-round-trip write failed. */
    static final long QUICK_PAUSE_NANOS = 1_000_000_000L;

    /** One tenant's queue, written by at most {@link #FLUSHERS_PER_LANE} transactions at a time per instance. */
    private static final class Lane {
        final String tenant;
        final ConcurrentLinkedQueue<Unit> queue = new ConcurrentLinkedQueue<>();
        final AtomicInteger flushers = new AtomicInteger();
        /**
         * The head this lane's last transaction sent will leave behind if it commits: what the next
         * transaction expects to find under the lock (see {@link #write}). Null when unknown (a new
         * lane, or after a failure). Only a guess: the database checks it before anything is kept.
         */
        volatile Head predicted;
        /**
         * No one-round-trip write before this {@link System#nanoTime}: after one failed (another
         * replica wrote to the tenant's log, or a hold was placed), the next transactions read the
         * head under the lock instead of failing the same way, each wasting a turn at the lock.
         */
        volatile long quickAfter = System.nanoTime();
        /**
         * Completes when the lane's last transaction sent holds the lock (or failed): the next one
         * is sent only then, so the transactions reach the lock in the order their heads were
         * predicted. On the log's context only.
         */
        Future<Void> lastLocked = Future.succeededFuture();

        Lane(String tenant) {
            this.tenant = tenant;
        }
    }

    private record Head(long size, CompactRange edge) {
        Head copy() {
            return new Head(size, edge.copy());
        }
    }

    private final Vertx vertx;
    private final Pool pool;
    private final Options options;
    private final Context context;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger flushesInFlight = new AtomicInteger();
    private final String timeoutsSql;

    private final Metrics metrics;

    private volatile boolean accepting = true;

    public DecisionLog(Vertx vertx, Pool pool) {
        this(vertx, pool, Options.defaults());
    }

    public DecisionLog(Vertx vertx, Pool pool, Options options) {
        this(vertx, pool, options, Metrics.NONE);
    }

    /** @param metrics told of each transaction's size and of the records waiting for one */
    public DecisionLog(Vertx vertx, Pool pool, Options options, Metrics metrics) {
        if (options.queueCapacity() < 1 || options.maxBatch() < 1) {
            throw new IllegalArgumentException("queueCapacity and maxBatch must be positive");
        }
        this.vertx = vertx;
        this.pool = pool;
        this.options = options;
        this.metrics = metrics;
        // the flusher's own event-loop context, whatever thread builds the log
        this.context = vertx.getOrCreateContext();
        long ms = options.databaseTimeoutMillis();
        this.timeoutsSql = "SET LOCAL statement_timeout = " + ms + "; SET LOCAL lock_timeout = " + ms
                + "; SET LOCAL idle_in_transaction_session_timeout = " + ms;
    }

    /** Records waiting to be committed: queued, or in a transaction not yet answered. */
    public int queueDepth() {
        return queued.get();
    }

    /**
     * Appends the record; completes after commit with the stored entry — for a (tenant,
     * requestId) already stored, with the first entry (same decisionId), writing nothing.
     */
    public Future<StoredDecision> append(DecisionRecord record) {
        return appendAll(List.of(record)).map(list -> list.get(0));
    }

    /** {@link #append}, with the record's holds checked again under the tenant's lock. */
    public Future<StoredDecision> append(DecisionRecord record, HoldCheck check) {
        return appendAll(List.of(record), List.of(check)).map(list -> list.get(0));
    }

    /** {@link #appendAll(List)}, with each record's holds checked again under the tenant's lock. */
    public Future<List<StoredDecision>> appendAll(List<DecisionRecord> records, List<HoldCheck> checks) {
        if (checks.size() != records.size()) {
            return Future.failedFuture(new IllegalArgumentException("one hold check per record"));
        }
        return appendUnit(records, List.copyOf(checks));
    }

    /**
     * Appends one tenant's records as one unit: they are committed in one transaction, in this
     * order, or not at all (for {@code POST /v1/recall-decisions/batch}). The result is parallel to
     * {@code records}.
     */
    public Future<List<StoredDecision>> appendAll(List<DecisionRecord> records) {
        return appendUnit(records, null);
    }

    private Future<List<StoredDecision>> appendUnit(List<DecisionRecord> records, List<HoldCheck> checks) {
        if (records.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        if (!accepting) {
            return Future.failedFuture(new StoreUnavailableException("decision log is shutting down"));
        }
        String tenant = records.get(0).tenant();
        List<Entry> entries = new ArrayList<>(records.size());
        for (DecisionRecord r : records) {
            if (!r.tenant().equals(tenant)) {
                return Future.failedFuture(new IllegalArgumentException("a unit of records belongs to one tenant"));
            }
            try {
                entries.add(Entry.of(r));
            } catch (IllegalArgumentException e) {
                return Future.failedFuture(e);
            }
        }
        int n = records.size();
        if (queued.addAndGet(n) > options.queueCapacity() && queued.get() > n) {
            queued.addAndGet(-n);
            return Future.failedFuture(
                    new StoreBusyException("decision log queue is full (" + options.queueCapacity() + ")", 1));
        }
        metrics.recordsWaiting(n);
        Unit unit = new Unit(
                tenant,
                List.copyOf(records),
                entries,
                checks,
                Promise.promise(),
                Vertx.currentContext(),
                new AtomicBoolean());
        Lane lane = lanes.computeIfAbsent(tenant, Lane::new);
        lane.queue.add(unit);
        kick(lane);
        return unit.promise().future();
    }

    /** The entry with this id in this tenant, or null (unknown, or another tenant's). */
    public Future<StoredDecision> findById(String tenant, String decisionId) {
        UUID id;
        try {
            id = UUID.fromString(decisionId);
        } catch (IllegalArgumentException | NullPointerException e) {
            return Future.succeededFuture(null);
        }
        return pool.preparedQuery(DecisionRows.SELECT + " WHERE d.tenant = $1 AND d.decision_id = $2")
                .execute(Tuple.of(tenant, id))
                .map(rs -> rs.size() == 0
                        ? (StoredDecision) null
                        : DecisionRows.fromRow(rs.iterator().next()))
                .recover(t -> Future.failedFuture(StoreUnavailableException.wrap("findById failed", t)));
    }

    /** Every entry for the message in this tenant, in log order. */
    public Future<List<StoredDecision>> findByMessage(String tenant, String conversationId, String messageId) {
        return pool.preparedQuery(DecisionRows.SELECT
                        + " WHERE d.tenant = $1 AND d.conversation_id = $2 AND d.message_id = $3 ORDER BY d.log_index")
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
        lanes.values().forEach(this::kick);
        Promise<Void> done = Promise.promise();
        completeWhenDrained(done);
        return done.future();
    }

    /**
     * Polls every 5 ms with one-shot timers (cancelling a periodic timer from its own first run
     * can fail inside Vert.x and leave shutdown waiting for its time-out).
     */
    private void completeWhenDrained(Promise<Void> done) {
        if (queued.get() == 0 && flushesInFlight.get() == 0) {
            done.tryComplete();
        } else {
            vertx.setTimer(5, id -> completeWhenDrained(done));
        }
    }

    /** Same as {@link #drain()}. */
    public Future<Void> close() {
        return drain();
    }

    // ------------------------------------------------------------------ flusher

    /** Starts a flusher when the lane has none (after an append). */
    private void kick(Lane lane) {
        kick(lane, 1);
    }

    /**
     * Starts a flusher when the lane has fewer than {@code limit}. A second one starts only once
     * the first holds the tenant's lock ({@link #locked}), so its lock request reaches the
     * database after the first's: the log keeps the order in which this instance queued.
     */
    private void kick(Lane lane, int limit) {
        int n;
        while ((n = lane.flushers.get()) < limit) {
            if (lane.flushers.compareAndSet(n, n + 1)) {
                flushesInFlight.incrementAndGet();
                context.runOnContext(v -> flush(lane));
                return;
            }
        }
    }

    /** Runs on {@link #context} only; each flusher of a lane takes its own group from the queue. */
    private void flush(Lane lane) {
        List<Unit> batch = new ArrayList<>();
        int records = 0;
        Unit next;
        while ((next = lane.queue.peek()) != null
                && (batch.isEmpty() || records + next.records().size() <= options.maxBatch())) {
            if (lane.queue.poll() != next) {
                throw new IllegalStateException("a lane's queue is taken from on the log's context only");
            }
            batch.add(next);
            records += next.records().size();
        }
        if (batch.isEmpty()) {
            lane.flushers.decrementAndGet();
            flushesInFlight.decrementAndGet();
            if (!lane.queue.isEmpty()) { // an append raced with the reset
                kick(lane);
            }
            return;
        }
        metrics.recordBatch(records);
        AtomicBoolean answered = new AtomicBoolean();
        long timer = vertx.setTimer(options.flushTimeout().toMillis(), id -> {
            if (answered.compareAndSet(false, true)) {
                StoreUnavailableException e = new StoreUnavailableException("database did not confirm the write within "
                        + options.flushTimeout().toMillis() + " ms");
                batch.forEach(u -> fail(u, e));
                nextFlush(lane); // keep serving; the stuck transaction is rolled back by its own timeouts
            }
        });
        writeIsolated(lane, batch, answered).onComplete(ar -> {
            vertx.cancelTimer(timer);
            if (!answered.compareAndSet(false, true)) {
                return;
            }
            nextFlush(lane);
        });
    }

    /** A flusher holds the tenant's lock: the next group may queue at the lock behind it. */
    private void locked(String tenant) {
        Lane lane = lanes.get(tenant);
        if (lane != null && !lane.queue.isEmpty()) {
            kick(lane, FLUSHERS_PER_LANE);
        }
    }

    /** The flusher's next group, on the log's own context (a database callback may run elsewhere). */
    private void nextFlush(Lane lane) {
        if (Vertx.currentContext() == context) {
            flush(lane);
        } else {
            context.runOnContext(v -> flush(lane));
        }
    }

    /**
     * Writes the batch in one transaction; when the database refuses it for its data, writes each
     * request alone. Completes every unit's promise (unless the flush timed out first).
     */
    private Future<Void> writeIsolated(Lane lane, List<Unit> batch, AtomicBoolean answered) {
        return write(lane, batch, answered).recover(t -> {
            if (batch.size() > 1 && refusedForItsData(t)) {
                LOG.warn("the database refused a group of " + batch.size()
                        + " decision records; writing each request on its own: " + describe(t));
                Future<Void> chain = Future.succeededFuture();
                for (Unit u : batch) {
                    chain = chain.eventually(() -> write(lane, List.of(u), answered)
                            .recover(e -> {
                                LOG.warn("a decision request's records were refused: " + describe(e));
                                fail(u, StoreUnavailableException.wrap("the decision record could not be stored", e));
                                return Future.succeededFuture();
                            }));
                }
                return chain;
            }
            LOG.warn("writing " + batch.size() + " decision requests failed: " + describe(t));
            Throwable e = StoreUnavailableException.wrap("writing the decision log failed", t);
            batch.forEach(u -> fail(u, e));
            return Future.succeededFuture();
        });
    }

    /** Integrity (23xxx) or data (22xxx) errors: caused by a row, not by the database's state. */
    static boolean refusedForItsData(Throwable t) {
        return t instanceof PgException pg
                && pg.getSqlState() != null
                && (pg.getSqlState().startsWith("22") || pg.getSqlState().startsWith("23"));
    }

    private static String describe(Throwable t) {
        return t instanceof PgException pg
                ? "SQLSTATE " + pg.getSqlState()
                : t.getClass().getSimpleName();
    }

    /**
     * One transaction for these units; on success completes their promises.
     *
     * <p>When the lane knows the head its previous transaction leaves behind ({@link
     * Lane#predicted}) and every checked record was decided with no hold covering it, the
     * transaction is sent in ONE round trip: the lock, the insert computed from the predicted
     * head, and COMMIT, pipelined. The insert itself refuses to move the head unless the head
     * under the lock is the predicted one (size and right edge) and no active hold is on a checked
     * record's conversation; then the COMMIT rolls back and the group is written the careful way
     * (two round trips, the head and the holds read under the lock, records decided again). So
     * the tenant's lock is held only while the database inserts and commits, not across a round
     * trip to this service.
     */
    private Future<Void> write(Lane lane, List<Unit> units, AtomicBoolean answered) {
        Head predicted = lane.predicted;
        Future<List<List<StoredDecision>>> written =
                predicted != null && System.nanoTime() - lane.quickAfter >= 0 && decidedWithoutHolds(units)
                        ? transaction(lane, units, false, predicted).recover(t -> {
                            metrics.recordWriteRedone();
                            lane.predicted = null;
                            lane.quickAfter = System.nanoTime() + QUICK_PAUSE_NANOS;
                            return careful(lane, units);
                        })
                        : careful(lane, units);
        return written.onFailure(t -> lane.predicted = null).map(results -> {
            if (answered.get()) {
                // too late: these requests were told 503 (see the class comment)
                List<String> ids = new ArrayList<>();
                results.forEach(list -> list.forEach(s -> ids.add(s.decisionId())));
                LOG.warn("decisions committed after their requests timed out (a retry with the same"
                        + " requestId returns them): " + ids);
            }
            for (int i = 0; i < units.size(); i++) {
                succeed(units.get(i), results.get(i));
            }
            return null;
        });
    }

    /** The transaction with the head and the holds read under the lock. */
    private Future<List<List<StoredDecision>>> careful(Lane lane, List<Unit> units) {
        return transaction(lane, units, false, null)
                .recover(t -> t instanceof RetriedRequest
                        ? transaction(lane, units, true, null) // a requestId was stored already: look them up
                        : Future.failedFuture(t));
    }

    /** Every checked record was decided with no hold covering its message (nearly always). */
    private static boolean decidedWithoutHolds(List<Unit> units) {
        for (Unit u : units) {
            if (u.checks() != null) {
                for (HoldCheck c : u.checks()) {
                    List<String> with = c.decidedWith();
                    if (with == null || !with.isEmpty()) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** Thrown inside a transaction to roll it back when a request's requestId turned out to be stored. */
    private static final class RetriedRequest extends RuntimeException {
        RetriedRequest() {
            super("a requestId of the group is stored already", null, false, false);
        }
    }

    /**
     * The transaction. Retries are rare, so requestIds are not looked up first: the insert skips a
     * row whose (tenant, requestId) is stored ({@code ON CONFLICT DO NOTHING}), which moves no head
     * and rolls the transaction back, and then the group is written again with the stored ones
     * looked up under the lock ({@code lookup}).
     */
    private Future<List<List<StoredDecision>>> transaction(
            Lane lane, List<Unit> units, boolean lookup, Head predicted) {
        String tenant = lane.tenant;
        Future<Void> previous = lane.lastLocked;
        Promise<Void> mine = Promise.promise();
        lane.lastLocked = mine.future();
        return previous.transform(ignored -> pool.withConnection(conn -> {
                    // Two round trips. The first: BEGIN, the time-outs, the lock, the look-ups, pipelined;
                    // the server runs them in order, so the look-ups' snapshots are taken once the lock is
                    // held. The second: the insert and COMMIT (see insert()). With a predicted head, one:
                    // the insert and COMMIT go right behind the lock (see write()).
                    Future<?> begin = conn.query("BEGIN").execute();
                    Future<?> timeouts = conn.query(timeoutsSql).execute();
                    Future<Head> locked = selectHead(conn, tenant);
                    locked.onComplete(ar -> mine.tryComplete());
                    locked.onSuccess(head -> locked(tenant));
                    if (predicted != null) {
                        Future<List<List<StoredDecision>>> inserted =
                                insert(conn, lane, units, predicted.copy(), Map.of(), null);
                        return Future.all(begin, timeouts, locked, inserted)
                                .map(v -> inserted.result())
                                .recover(t -> conn.query("ROLLBACK")
                                        .execute()
                                        .transform(x -> Future.<List<List<StoredDecision>>>failedFuture(t)));
                    }
                    Future<Map<String, StoredDecision>> known =
                            lookup ? existing(conn, tenant, units) : Future.succeededFuture(Map.of());
                    Future<List<ActiveHold>> holds = activeHolds(conn, tenant, units);
                    Future<List<List<StoredDecision>>> written = Future.all(begin, timeouts, locked, known, holds)
                            .compose(v -> {
                                if (locked.result() != null) {
                                    return insert(conn, lane, units, locked.result(), known.result(), holds.result());
                                }
                                // a new tenant: create its head row, lock it, and look again under the lock
                                return lockHead(conn, tenant)
                                        .compose(head -> (lookup ? existing(conn, tenant, units) : known)
                                                .compose(stored -> activeHolds(conn, tenant, units)
                                                        .compose(active ->
                                                                insert(conn, lane, units, head, stored, active))));
                            });
                    // after a failure the transaction is rolled back (a no-op when COMMIT already turned
                    // into ROLLBACK) before the connection goes back to the pool
                    return written.recover(t -> conn.query("ROLLBACK")
                            .execute()
                            .transform(x -> Future.<List<List<StoredDecision>>>failedFuture(
                                    isRetriedRequest(t) ? new RetriedRequest() : t)));
                })
                .onComplete(ar -> mine.tryComplete()));
    }

    /**
     * The insert statement fails with an error naming this marker when a row was skipped (a
     * requestId already stored) or the head did not move (not the head the nodes were computed
     * from, no head row, or a hold on an unchecked conversation: only in a one-round-trip write,
     * which then is written again the careful way), so that the COMMIT sent right behind it rolls
     * the transaction back.
     */
    private static final String RETRIED_MARKER = "recallgate: a requestId of the group is stored already";

    private static boolean isRetriedRequest(Throwable t) {
        return t instanceof RetriedRequest
                || (t instanceof PgException pg
                        && pg.getErrorMessage() != null
                        && pg.getErrorMessage().contains(RETRIED_MARKER));
    }

    /** Locks the tenant's head row (creating it for a new tenant) and reads the tree's edge. */
    private static Future<Head> lockHead(SqlConnection conn, String tenant) {
        return selectHead(conn, tenant)
                .compose(head -> head != null
                        ? Future.succeededFuture(head)
                        : conn.preparedQuery(
                                        "INSERT INTO tlog_heads (tenant, tree_size, edge, root) VALUES ($1, 0, $2, $3)"
                                                + " ON CONFLICT (tenant) DO NOTHING")
                                .execute(Tuple.of(tenant, Buffer.buffer(), Buffer.buffer(Merkle.emptyRoot())))
                                .compose(v -> selectHead(conn, tenant)));
    }

    private static Future<Head> selectHead(SqlConnection conn, String tenant) {
        return conn.preparedQuery("SELECT tree_size, edge FROM tlog_heads WHERE tenant = $1 FOR UPDATE")
                .execute(Tuple.of(tenant))
                .map(rs -> {
                    if (rs.size() == 0) {
                        return null;
                    }
                    Row r = rs.iterator().next();
                    long size = r.getLong("tree_size");
                    return new Head(
                            size, CompactRange.decode(size, r.getBuffer("edge").getBytes()));
                });
    }

    /**
     * The active holds on the conversations of the units' checked records, oldest first (the order
     * of {@link HoldStore#activeHoldIds}); read under the lock, as the statements run in order.
     */
    private static Future<List<ActiveHold>> activeHolds(SqlConnection conn, String tenant, List<Unit> units) {
        java.util.Set<String> conversations = new java.util.LinkedHashSet<>();
        for (Unit u : units) {
            if (u.checks() != null) {
                u.records().forEach(r -> conversations.add(r.conversationId()));
            }
        }
        if (conversations.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        return conn.preparedQuery("SELECT hold_id, conversation_id, message_ids FROM holds WHERE tenant = $1"
                        + " AND released_at IS NULL AND conversation_id = ANY($2::text[]) ORDER BY placed_at, hold_id")
                .execute(Tuple.of(tenant).addArrayOfString(conversations.toArray(new String[0])))
                .map(rs -> {
                    List<ActiveHold> out = new ArrayList<>(rs.size());
                    for (Row row : rs) {
                        out.add(new ActiveHold(
                                row.getUUID("hold_id").toString(),
                                row.getString("conversation_id"),
                                java.util.Arrays.asList(row.getArrayOfStrings("message_ids"))));
                    }
                    return out;
                });
    }

    /**
     * The record to write for record {@code i} of {@code u}, and its leaf, after its hold check;
     * {@code active} null: as decided, with no hold (the one-round-trip write, whose insert checks
     * that no hold is active on the record's conversation).
     */
    private static DecisionRecord checked(Unit u, int i, List<ActiveHold> active) {
        DecisionRecord r = u.records().get(i);
        if (u.checks() == null) {
            return r;
        }
        if (active == null) {
            return u.checks().get(i).withHolds(List.of());
        }
        List<String> covering = new ArrayList<>(active.isEmpty() ? 0 : 2);
        for (ActiveHold h : active) {
            if (h.conversationId().equals(r.conversationId()) && h.covers(r.messageId())) {
                covering.add(h.holdId());
            }
        }
        return u.checks().get(i).withHolds(List.copyOf(covering));
    }

    /**
     * Builds and sends the insert and COMMIT for the units on {@code head} (read under the lock, or
     * predicted: the statement checks it) and sets the lane's predicted head to the one this
     * transaction leaves. {@code active} null: no hold read (see {@link #checked}).
     */
    private static Future<List<List<StoredDecision>>> insert(
            SqlConnection conn,
            Lane lane,
            List<Unit> units,
            Head head,
            Map<String, StoredDecision> stored,
            List<ActiveHold> active) {
        String tenant = lane.tenant;
        CompactRange edge = head.edge();
        long expectedSize = edge.size();
        byte[] expectedEdge = edge.encode();
        java.util.Set<String> unchecked = active == null ? new java.util.LinkedHashSet<>() : java.util.Set.of();
        List<List<StoredDecision>> results = new ArrayList<>(units.size());
        Map<String, StoredDecision> firstInBatch = new HashMap<>();
        Rows rows = new Rows();
        for (Unit u : units) {
            List<StoredDecision> out = new ArrayList<>(u.records().size());
            for (int i = 0; i < u.records().size(); i++) {
                DecisionRecord first = u.records().get(i);
                String key = first.requestId();
                StoredDecision earlier = key == null ? null : stored.getOrDefault(key, firstInBatch.get(key));
                if (earlier != null) {
                    out.add(earlier);
                    continue;
                }
                DecisionRecord r = checked(u, i, active);
                if (active == null && u.checks() != null) {
                    unchecked.add(r.conversationId());
                }
                // decided again with other holds: its own entry and leaf (rare; hashed here)
                Entry entry = r == first ? u.entries().get(i) : Entry.of(r);
                byte[] leaf = entry.leaf();
                long index = edge.size();
                edge.append(leaf, rows::node);
                rows.decision(index, r, entry.prepared());
                StoredDecision s =
                        new StoredDecision(r, index, Base64.getEncoder().encodeToString(leaf), null);
                out.add(s);
                if (key != null) {
                    firstInBatch.put(key, s);
                }
            }
            results.add(out);
        }
        if (rows.size() == 0) {
            return conn.query("COMMIT").execute().map(results);
        }
        // one round trip: COMMIT is pipelined behind the insert; when the insert fails, the
        // server answers the COMMIT with ROLLBACK
        lane.predicted = new Head(edge.size(), edge.copy());
        Future<?> inserted = conn.preparedQuery(Rows.INSERT)
                .execute(rows.tuple(tenant, edge)
                        .addLong(expectedSize)
                        .addBuffer(Buffer.buffer(expectedEdge))
                        .addArrayOfString(unchecked.toArray(new String[0])));
        Future<?> committed = conn.query("COMMIT").execute();
        return Future.all(inserted, committed).map(results);
    }

    /** Already stored entries of this tenant for the units' requestIds. */
    private static Future<Map<String, StoredDecision>> existing(SqlConnection conn, String tenant, List<Unit> units) {
        List<String> ids = new ArrayList<>();
        for (Unit u : units) {
            for (DecisionRecord r : u.records()) {
                if (r.requestId() != null) {
                    ids.add(r.requestId());
                }
            }
        }
        if (ids.isEmpty()) {
            return Future.succeededFuture(Map.of());
        }
        return conn.preparedQuery(DecisionRows.SELECT + " WHERE d.tenant = $1 AND d.request_id = ANY($2::text[])")
                .execute(Tuple.of(tenant).addArrayOfString(ids.toArray(new String[0])))
                .map((RowSet<Row> rs) -> {
                    Map<String, StoredDecision> out = new HashMap<>();
                    for (Row row : rs) {
                        StoredDecision s = DecisionRows.fromRow(row);
                        out.put(s.record().requestId(), s);
                    }
                    return out;
                });
    }

    private void succeed(Unit u, List<StoredDecision> s) {
        answered(u);
        onCaller(u, () -> u.promise().tryComplete(s));
    }

    private void fail(Unit u, Throwable e) {
        answered(u);
        onCaller(u, () -> u.promise().tryFail(e));
    }

    /**
     * A unit's records stop counting as waiting once its answer is known (committed, failed or
     * timed out): until then they are held here, in the queue or in a transaction.
     */
    private void answered(Unit u) {
        if (u.answered().compareAndSet(false, true)) {
            int n = u.records().size();
            queued.addAndGet(-n);
            metrics.recordsWaiting(-n);
        }
    }

    /** Completes on the appender's own context so its callbacks stay on its event loop. */
    private static void onCaller(Unit u, Runnable r) {
        if (u.caller() == null || u.caller() == Vertx.currentContext()) {
            r.run();
        } else {
            u.caller().runOnContext(v -> r.run());
        }
    }

    /** The column arrays of one transaction's inserts. */
    private static final class Rows {
        /** Decisions, nodes and the head in one statement: one round trip whatever the batch size. */
        static final String INSERT =
                "WITH d AS (INSERT INTO decisions (tenant, log_index, decision_id, request_id, mode,"
                        + " outcome, scenario, conversation_id, message_id, requester_id, text_digest, reasons, sensitive,"
                        + " allowed_until, policy_version, evaluated_at, recorded_at, facts, trace, reason, requester_role)"
                        // the JSON parts arrive as the UTF-8 bytes the leaf hashed (no Java string
                        // made of them and encoded again) and are stored as that text, not parsed
                        // (migration V6)
                        + " SELECT $1, u.i, u.id, u.rq, u.mo, u.oc, u.sc, u.cv, u.ms, u.rr, u.td,"
                        + " convert_from(u.rs, 'UTF8'), convert_from(u.se, 'UTF8'),"
                        + " u.au, u.pv, u.ev, now(), convert_from(u.fa, 'UTF8'), convert_from(u.tr, 'UTF8'),"
                        + " u.rn, u.ro"
                        + " FROM unnest($2::bigint[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],"
                        + " $9::text[], $10::text[], $11::text[], $12::bytea[], $13::bytea[], $14::timestamptz[], $15::text[],"
                        + " $16::timestamptz[], $17::bytea[], $18::bytea[], $26::text[], $27::text[])"
                        + " AS u(i, id, rq, mo, oc, sc, cv, ms, rr, td, rs, se, au, pv, ev, fa, tr, rn, ro)"
                        + " ON CONFLICT (tenant, request_id) WHERE request_id IS NOT NULL DO NOTHING RETURNING 1),"
                        + " n AS (INSERT INTO tlog_nodes (tenant, level, idx, hash)"
                        + " SELECT $1, x.l, x.i, x.h FROM unnest($19::smallint[], $20::bigint[], $21::bytea[]) AS x(l, i, h)),"
                        // the head moves only from the head the nodes were computed from ($28, $29),
                        // and only when no hold is active on a conversation whose records were not
                        // checked under the lock ($30)
                        + " u AS (UPDATE tlog_heads SET tree_size = $22, edge = $23, root = $24"
                        + " WHERE tenant = $1 AND tree_size = $28 AND edge = $29 AND NOT EXISTS (SELECT 1 FROM holds h"
                        + " WHERE h.tenant = $1 AND h.released_at IS NULL AND h.conversation_id = ANY($30::text[]))"
                        + " RETURNING 1)"
                        // every row inserted and the head moved, or an error (so the pipelined COMMIT
                        // rolls back): a requestId stored already skips its row
                        + " SELECT CAST(CASE WHEN (SELECT count(*) FROM d) = $25 AND (SELECT count(*) FROM u) = 1"
                        + " THEN '0' ELSE '" + RETRIED_MARKER + "' END AS bigint)";

        final List<Long> index = new ArrayList<>();
        final List<UUID> id = new ArrayList<>();
        final List<String> requestId = new ArrayList<>();
        final List<String> mode = new ArrayList<>();
        final List<String> outcome = new ArrayList<>();
        final List<String> scenario = new ArrayList<>();
        final List<String> conversation = new ArrayList<>();
        final List<String> message = new ArrayList<>();
        final List<String> requester = new ArrayList<>();
        final List<String> digest = new ArrayList<>();
        final List<Buffer> reasons = new ArrayList<>();
        final List<Buffer> sensitive = new ArrayList<>();
        final List<java.time.OffsetDateTime> allowedUntil = new ArrayList<>();
        final List<String> policy = new ArrayList<>();
        final List<java.time.OffsetDateTime> evaluatedAt = new ArrayList<>();
        final List<Buffer> facts = new ArrayList<>();
        final List<Buffer> trace = new ArrayList<>();
        final List<String> reason = new ArrayList<>();
        final List<String> requesterRole = new ArrayList<>();
        final List<Short> nodeLevel = new ArrayList<>();
        final List<Long> nodeIndex = new ArrayList<>();
        final List<Buffer> nodeHash = new ArrayList<>();

        void decision(long i, DecisionRecord r, LogEntry.Prepared json) {
            index.add(i);
            id.add(UUID.fromString(r.decisionId()));
            requestId.add(r.requestId());
            mode.add(r.decision().mode().json());
            outcome.add(r.decision().outcome().json());
            scenario.add(r.scenario());
            conversation.add(r.conversationId());
            message.add(r.messageId());
            requester.add(r.requesterId());
            digest.add(r.textDigest());
            reasons.add(json.reasonsBytes()); // the canonical JSON the leaf hashed
            sensitive.add(json.sensitiveBytes());
            allowedUntil.add(DecisionRows.odt(r.decision().allowedUntil()));
            policy.add(r.decision().policyVersion());
            evaluatedAt.add(DecisionRows.odt(r.decision().evaluatedAt()));
            facts.add(json.factsBytes());
            trace.add(json.traceBytes());
            reason.add(DecisionRows.reason(r.decision()));
            requesterRole.add(DecisionRows.requesterRole(r.facts()));
        }

        void node(int level, long idx, byte[] hash) {
            nodeLevel.add((short) level);
            nodeIndex.add(idx);
            nodeHash.add(Buffer.buffer(hash));
        }

        int size() {
            return index.size();
        }

        Tuple tuple(String tenant, CompactRange edge) {
            return Tuple.tuple()
                    .addString(tenant)
                    .addArrayOfLong(index.toArray(new Long[0]))
                    .addArrayOfUUID(id.toArray(new UUID[0]))
                    .addArrayOfString(requestId.toArray(new String[0]))
                    .addArrayOfString(mode.toArray(new String[0]))
                    .addArrayOfString(outcome.toArray(new String[0]))
                    .addArrayOfString(scenario.toArray(new String[0]))
                    .addArrayOfString(conversation.toArray(new String[0]))
                    .addArrayOfString(message.toArray(new String[0]))
                    .addArrayOfString(requester.toArray(new String[0]))
                    .addArrayOfString(digest.toArray(new String[0]))
                    .addArrayOfBuffer(reasons.toArray(new Buffer[0]))
                    .addArrayOfBuffer(sensitive.toArray(new Buffer[0]))
                    .addArrayOfOffsetDateTime(allowedUntil.toArray(new java.time.OffsetDateTime[0]))
                    .addArrayOfString(policy.toArray(new String[0]))
                    .addArrayOfOffsetDateTime(evaluatedAt.toArray(new java.time.OffsetDateTime[0]))
                    .addArrayOfBuffer(facts.toArray(new Buffer[0]))
                    .addArrayOfBuffer(trace.toArray(new Buffer[0]))
                    .addArrayOfShort(nodeLevel.toArray(new Short[0]))
                    .addArrayOfLong(nodeIndex.toArray(new Long[0]))
                    .addArrayOfBuffer(nodeHash.toArray(new Buffer[0]))
                    .addLong(edge.size())
                    .addBuffer(Buffer.buffer(edge.encode()))
                    .addBuffer(Buffer.buffer(edge.root()))
                    .addLong((long) index.size())
                    .addArrayOfString(reason.toArray(new String[0]))
                    .addArrayOfString(requesterRole.toArray(new String[0]));
        }
    }
}
