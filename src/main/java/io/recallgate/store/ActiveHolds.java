package io.recallgate.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.PgNotification;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This replica's view of the active dispute holds, kept current by PostgreSQL
 * {@code LISTEN}/{@code NOTIFY}, so that a decision does not ask the database whether a hold
 * covers its message.
 *
 * <p>How it stays current: one connection of its own (outside the pool) runs
 * {@code LISTEN recallgate_holds}, then reads every active hold; {@link HoldStore} notifies the
 * channel with the hold's id in the transaction that places or releases it, and each notification
 * is answered by reading that hold again on the same connection. Every {@link #HEARTBEAT} the
 * connection is asked a query; PostgreSQL sends a session its notifications before it reads the
 * session's next query, and the connection answers in order, so when a heartbeat sent at time S
 * comes back, every hold placed or released before S is in the view.
 *
 * <p>The view is <em>known to be current</em> while the connection is up, the active holds were
 * read after {@code LISTEN}, and a heartbeat sent within the last {@link #MAX_STALENESS} came
 * back. Otherwise — at start, after the connection was lost (it is opened again, with doubling
 * pauses, and the view rebuilt from scratch), when PostgreSQL stops answering — every look-up
 * asks the database ({@link HoldStore#activeHoldIds}), exactly as without the view. So the view
 * is at most {@link #MAX_STALENESS} plus one heartbeat behind the database: within the second
 * API.md allows a preview.
 *
 * <p>Enforce decisions do not depend on this bound: the decision log checks each one's holds
 * again under the tenant's lock, in the transaction that writes it ({@link HoldCheck}).
 *
 * <p>Memory: one small entry per active hold of every tenant (holds are for open disputes, so
 * there are few); released holds are dropped from the view.
 */
public final class ActiveHolds implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ActiveHolds.class);

    /** The channel {@link HoldStore} notifies; the payload is the hold's id. */
    public static final String CHANNEL = "recallgate_holds";

    /** The listener's {@code application_name}, as {@code pg_stat_activity} shows it. */
    public static final String APPLICATION_NAME = "recallgate-hold-listener";

    static final Duration HEARTBEAT = Duration.ofMillis(200);
    static final Duration MAX_STALENESS = Duration.ofMillis(600);
    private static final long FIRST_RETRY_MILLIS = 250;
    private static final long MAX_RETRY_MILLIS = 5_000;

    private static final String COLUMNS = "hold_id, tenant, conversation_id, message_ids, placed_at, released_at";

    /** An active hold, as far as decisions need it. */
    record Entry(String holdId, Set<String> messageIds, Instant placedAt) {
        boolean covers(String messageId) {
            return messageIds.isEmpty() || messageIds.contains(messageId);
        }
    }

    private record Key(String tenant, String conversationId) {}

    private final Vertx vertx;
    private final Context context;
    private final HoldStore database;
    private final Supplier<PgConnectOptions> connectOptions;

    /** Replaced whole on a rebuild; its lists are replaced, never changed, on an update. */
    private volatile Map<Key, List<Entry>> holds = Map.of();

    // The listener's state; changed on the listener connection's context only (volatile: read by look-ups).
    private volatile PgConnection listener;
    private volatile boolean loaded;
    private volatile long confirmedSentAt = Long.MIN_VALUE / 2;
    private volatile long heartbeatTimer = -1;
    private volatile long retryTimer = -1;
    private int failures;
    private boolean heartbeatInFlight;
    private volatile boolean closed;

    /**
     * @param database       asked when the view is not known to be current
     * @param connectOptions where the listener connects (asked at every reconnect: an embedded
     *                       server may come back on another port)
     */
    public ActiveHolds(Vertx vertx, HoldStore database, Supplier<PgConnectOptions> connectOptions) {
        this.vertx = vertx;
        // the listener's own event-loop context, whatever thread builds the view
        this.context = vertx.getOrCreateContext();
        this.database = database;
        this.connectOptions = connectOptions;
    }

    /** Starts listening; the view is used once it has been loaded (until then the database is asked). */
    public ActiveHolds start() {
        context.runOnContext(v -> connect());
        return this;
    }

    /**
     * The ids of the active holds that cover the message, oldest first ({@code placed_at}, then
     * id, as {@link HoldStore#activeHoldIds} orders them): from the view when it is known to be
     * current, otherwise from the database.
     */
    public Future<List<String>> holdIds(String tenant, String conversationId, String messageId) {
        if (!current()) {
            return database.activeHoldIds(tenant, conversationId, messageId);
        }
        return Future.succeededFuture(covering(holds.get(new Key(tenant, conversationId)), messageId));
    }

    /** Whether look-ups are answered from the view now. */
    public boolean current() {
        return listener != null && loaded && System.nanoTime() - confirmedSentAt < MAX_STALENESS.toNanos();
    }

    private static List<String> covering(List<Entry> entries, String messageId) {
        if (entries == null) {
            return List.of();
        }
        List<String> ids = null;
        for (Entry e : entries) {
            if (e.covers(messageId)) {
                if (ids == null) {
                    ids = new ArrayList<>(2);
                }
                ids.add(e.holdId());
            }
        }
        return ids == null ? List.of() : List.copyOf(ids);
    }

    // ------------------------------------------------------------------ the listener

    private void connect() {
        if (closed) {
            return;
        }
        PgConnection.connect(vertx, connectOptions.get())
                .compose(conn -> {
                    conn.closeHandler(v -> lost(conn, null));
                    conn.exceptionHandler(t -> lost(conn, t));
                    conn.notificationHandler(n -> notified(conn, n));
                    // named, so operators (and tests) find it in pg_stat_activity
                    return conn.query("SET application_name = '" + APPLICATION_NAME + "'")
                            .execute()
                            .compose(v -> conn.query("LISTEN " + CHANNEL).execute())
                            .compose(v -> conn.query("SELECT " + COLUMNS + " FROM holds WHERE released_at IS NULL")
                                    .execute())
                            .map(rows -> {
                                Map<Key, List<Entry>> all = new HashMap<>();
                                for (Row r : rows) {
                                    Key key = new Key(r.getString("tenant"), r.getString("conversation_id"));
                                    all.put(key, inserted(all.get(key), entry(r)));
                                }
                                return all;
                            })
                            .map(all -> {
                                if (closed) {
                                    conn.close();
                                    return null;
                                }
                                holds = Map.copyOf(all);
                                long sent = System.nanoTime(); // the rows were read after this was true
                                listener = conn;
                                loaded = true;
                                confirmedSentAt = sent;
                                if (failures > 0) {
                                    LOG.info("dispute hold view rebuilt after {} failed attempt(s)", failures);
                                }
                                failures = 0;
                                heartbeatTimer = vertx.setPeriodic(HEARTBEAT.toMillis(), id -> heartbeat(conn));
                                return null;
                            })
                            .onFailure(t -> conn.close());
                })
                .onFailure(t -> retry(t));
    }

    private void heartbeat(PgConnection conn) {
        if (conn != listener || heartbeatInFlight) {
            return; // a heartbeat that does not come back makes the view stale: look-ups ask the database
        }
        heartbeatInFlight = true;
        long sent = System.nanoTime();
        conn.query("SELECT 1").execute().onComplete(ar -> {
            heartbeatInFlight = false;
            if (ar.succeeded() && conn == listener) {
                confirmedSentAt = sent;
            }
        });
    }

    private void notified(PgConnection conn, PgNotification n) {
        if (!CHANNEL.equals(n.getChannel())) {
            return;
        }
        UUID id;
        try {
            id = UUID.fromString(n.getPayload());
        } catch (IllegalArgumentException e) {
            return; // not ours
        }
        // on the same connection: applied before any later heartbeat comes back
        conn.preparedQuery("SELECT " + COLUMNS + " FROM holds WHERE hold_id = $1")
                .execute(Tuple.of(id))
                .onSuccess(rows -> {
                    for (Row r : rows) {
                        apply(r);
                    }
                })
                .onFailure(t -> lost(conn, t));
    }

    /** Puts a hold read from the database into the view, or takes it out when it is released. */
    private void apply(Row r) {
        Key key = new Key(r.getString("tenant"), r.getString("conversation_id"));
        String holdId = r.getUUID("hold_id").toString();
        Map<Key, List<Entry>> next = new HashMap<>(holds);
        List<Entry> without = new ArrayList<>();
        for (Entry e : next.getOrDefault(key, List.of())) {
            if (!e.holdId().equals(holdId)) {
                without.add(e);
            }
        }
        List<Entry> list = r.getOffsetDateTime("released_at") == null ? inserted(without, entry(r)) : without;
        if (list.isEmpty()) {
            next.remove(key);
        } else {
            next.put(key, List.copyOf(list));
        }
        holds = Map.copyOf(next);
    }

    /** {@code list} with {@code e} in order: placed_at, then the id as text (PostgreSQL's uuid order). */
    private static List<Entry> inserted(List<Entry> list, Entry e) {
        List<Entry> out = new ArrayList<>(list == null ? 1 : list.size() + 1);
        if (list != null) {
            out.addAll(list);
        }
        int i = 0;
        while (i < out.size() && compare(out.get(i), e) <= 0) {
            i++;
        }
        out.add(i, e);
        return out;
    }

    private static int compare(Entry a, Entry b) {
        int c = a.placedAt().compareTo(b.placedAt());
        return c != 0 ? c : a.holdId().compareTo(b.holdId());
    }

    private static Entry entry(Row r) {
        return new Entry(
                r.getUUID("hold_id").toString(),
                Set.copyOf(Arrays.asList(r.getArrayOfStrings("message_ids"))),
                DecisionRows.instant(r.getOffsetDateTime("placed_at")));
    }

    private void lost(PgConnection conn, Throwable t) {
        if (conn != listener) {
            return;
        }
        listener = null;
        loaded = false;
        vertx.cancelTimer(heartbeatTimer);
        heartbeatTimer = -1;
        heartbeatInFlight = false;
        conn.close();
        if (!closed) {
            LOG.warn(
                    "the dispute hold listener lost its connection ({}); decisions ask the database until it is back",
                    t == null ? "closed" : t.getClass().getSimpleName());
            retry(null);
        }
    }

    private void retry(Throwable t) {
        if (closed) {
            return;
        }
        failures++;
        if (t != null && (failures == 1 || failures % 20 == 0)) {
            LOG.warn(
                    "the dispute hold listener cannot connect ({} attempt(s)): {}; decisions ask the database",
                    failures,
                    t.getClass().getSimpleName());
        }
        long delay = Math.min(MAX_RETRY_MILLIS, FIRST_RETRY_MILLIS << Math.min(failures - 1, 10));
        retryTimer = vertx.setTimer(delay, id -> {
            retryTimer = -1;
            connect();
        });
    }

    /** Stops listening; look-ups ask the database from now on. */
    @Override
    public void close() {
        closed = true;
        PgConnection conn = listener;
        listener = null;
        loaded = false;
        context.runOnContext(v -> {
            if (heartbeatTimer >= 0) {
                vertx.cancelTimer(heartbeatTimer);
            }
            if (retryTimer >= 0) {
                vertx.cancelTimer(retryTimer);
            }
        });
        if (conn != null) {
            conn.close();
        }
    }
}
