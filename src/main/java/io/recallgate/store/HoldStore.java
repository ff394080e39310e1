package io.recallgate.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/**
 * Dispute holds, kept in the database.
 *
 * <p>"A hold takes effect for every enforce decision that starts after its 201, on every
 * replica": {@link #place} and {@link #release} complete after commit, in a transaction that
 * holds the tenant's decision-log lock (its {@code tlog_heads} row, when the tenant has one) and
 * notifies {@link ActiveHolds#CHANNEL}, which every replica's {@link ActiveHolds} listens to. The
 * decision log checks the holds of every enforce decision again under that same lock in the
 * transaction that writes it ({@link HoldCheck}), so in each tenant's log a hold's placement and
 * the decisions fall in one order: every decision written after the hold saw it. Previews use
 * {@link ActiveHolds}, which may be up to a second behind.
 *
 * <p>Holds must be placed and released through this class (the API): a change made by hand in
 * the table notifies no replica, so their views would only learn of it when rebuilt.
 */
public final class HoldStore {
    private static final String COLUMNS = "hold_id, tenant, conversation_id, message_ids, reason, placed_by,"
            + " placed_at, released_at, released_by, release_reason";

    private final Pool pool;

    public HoldStore(Pool pool) {
        this.pool = pool;
    }

    /** Places a hold on the listed messages, or the whole conversation when the list is null or empty. */
    public Future<Hold> place(
            String tenant, String conversationId, List<String> messageIds, String reason, String placedBy) {
        if (tenant == null || conversationId == null) {
            return Future.failedFuture(new IllegalArgumentException("tenant and conversationId are required"));
        }
        String[] ids = messageIds == null ? new String[0] : new LinkedHashSet<>(messageIds).toArray(new String[0]);
        UUID id = UUID.randomUUID();
        return one(
                pool.withTransaction(conn -> lockTenant(conn, tenant)
                        .compose(v -> conn.preparedQuery("INSERT INTO holds (hold_id, tenant, conversation_id,"
                                        + " message_ids, reason, placed_by, placed_at)"
                                        + " VALUES ($1, $2, $3, $4, $5, $6, clock_timestamp()) RETURNING " + COLUMNS)
                                .execute(Tuple.of(id, tenant, conversationId, ids, reason, placedBy)))
                        .compose(rows -> notifyChange(conn, id).map(rows))),
                "placing a hold");
    }

    /**
     * The tenant's decision-log lock, which the decision log holds while it checks holds and writes
     * decisions ({@link DecisionLog}): a hold is placed or released between two of the tenant's
     * group commits, never during one. A tenant without a log yet has no row and nothing to order.
     */
    private static Future<?> lockTenant(SqlConnection conn, String tenant) {
        return conn.preparedQuery("SELECT 1 FROM tlog_heads WHERE tenant = $1 FOR UPDATE")
                .execute(Tuple.of(tenant));
    }

    /** Tells every replica's {@link ActiveHolds}; delivered when the transaction commits. */
    private static Future<?> notifyChange(SqlConnection conn, UUID holdId) {
        return conn.preparedQuery("SELECT pg_notify('" + ActiveHolds.CHANNEL + "', $1)")
                .execute(Tuple.of(holdId.toString()));
    }

    /** Active and released holds of the conversation, oldest first. */
    public Future<List<Hold>> list(String tenant, String conversationId) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM holds WHERE tenant = $1 AND conversation_id = $2"
                        + " ORDER BY placed_at, hold_id")
                .execute(Tuple.of(tenant, conversationId))
                .map(rows -> {
                    List<Hold> out = new ArrayList<>(rows.size());
                    rows.forEach(r -> out.add(hold(r)));
                    return out;
                })
                .recover(t -> Future.failedFuture(StoreUnavailableException.wrap("listing holds failed", t)));
    }

    /**
     * The tenant's active holds, newest first (placedAt descending, holdId descending on a tie),
     * at most {@code limit}, starting after {@code after} (null: from the newest). One range scan
     * of the index {@code holds_active_by_time}; one row more than asked tells whether a next page
     * exists without counting.
     */
    public Future<HoldPage> active(String tenant, HoldPage.Position after, int limit) {
        if (tenant == null || limit < 1) {
            return Future.failedFuture(new IllegalArgumentException("tenant and a positive limit are required"));
        }
        String sql = "SELECT " + COLUMNS + " FROM holds WHERE tenant = $1 AND released_at IS NULL"
                + (after == null ? "" : " AND (placed_at, hold_id) < ($3, $4)")
                + " ORDER BY placed_at DESC, hold_id DESC LIMIT $2";
        Tuple args = after == null
                ? Tuple.of(tenant, limit + 1)
                : Tuple.of(tenant, limit + 1, DecisionRows.odt(after.placedAt()), after.holdId());
        return pool.preparedQuery(sql)
                .execute(args)
                .map(rows -> {
                    List<Hold> out = new ArrayList<>(Math.min(rows.size(), limit));
                    for (Row r : rows) {
                        if (out.size() == limit) {
                            Hold last = out.get(limit - 1);
                            return new HoldPage(
                                    out, new HoldPage.Position(last.placedAt(), UUID.fromString(last.holdId())));
                        }
                        out.add(hold(r));
                    }
                    return new HoldPage(out, null);
                })
                .recover(t -> Future.failedFuture(StoreUnavailableException.wrap("listing active holds failed", t)));
    }

    /**
     * Releases the hold; null when there is no such hold in this tenant. Releasing a released hold
     * changes nothing and returns it as it is (first releasedAt, releasedBy and reason kept).
     */
    public Future<Hold> release(String tenant, String holdId, String releasedBy, String reason) {
        UUID id;
        try {
            id = UUID.fromString(holdId);
        } catch (IllegalArgumentException | NullPointerException e) {
            return Future.succeededFuture(null);
        }
        return one(
                        pool.withTransaction(conn -> lockTenant(conn, tenant)
                                .compose(v -> conn.preparedQuery("UPDATE holds SET released_at = clock_timestamp(),"
                                                + " released_by = $3, release_reason = $4"
                                                + " WHERE hold_id = $1 AND tenant = $2 AND released_at IS NULL"
                                                + " RETURNING " + COLUMNS)
                                        .execute(Tuple.of(id, tenant, releasedBy, reason)))
                                .compose(rows -> rows.size() == 0
                                        ? Future.succeededFuture(rows)
                                        : notifyChange(conn, id).map(rows))),
                        "releasing a hold")
                // a separate statement: it must see a concurrent release committed meanwhile
                .compose(h -> h != null
                        ? Future.succeededFuture(h)
                        : one(
                                pool.preparedQuery(
                                                "SELECT " + COLUMNS + " FROM holds WHERE hold_id = $1 AND tenant = $2")
                                        .execute(Tuple.of(id, tenant)),
                                "reading a hold"));
    }

    /**
     * The ids of the active holds that cover the message (one covering the whole conversation, or
     * listing it), oldest first; empty when none does. One query on the index of active holds; the
     * decision keeps the ids in its facts.
     */
    public Future<List<String>> activeHoldIds(String tenant, String conversationId, String messageId) {
        return pool.preparedQuery("SELECT hold_id FROM holds WHERE tenant = $1 AND conversation_id = $2"
                        + " AND released_at IS NULL AND (cardinality(message_ids) = 0 OR $3 = ANY (message_ids))"
                        + " ORDER BY placed_at, hold_id")
                .execute(Tuple.of(tenant, conversationId, messageId))
                .map(rows -> {
                    List<String> ids = new ArrayList<>(rows.size());
                    rows.forEach(r -> ids.add(r.getUUID("hold_id").toString()));
                    return ids;
                })
                .recover(t -> Future.failedFuture(StoreUnavailableException.wrap("checking holds failed", t)));
    }

    /** Whether an active hold covers the message ({@link #activeHoldIds} is not empty). */
    public Future<Boolean> isHeld(String tenant, String conversationId, String messageId) {
        return activeHoldIds(tenant, conversationId, messageId).map(ids -> !ids.isEmpty());
    }

    private static Future<Hold> one(Future<RowSet<Row>> rows, String what) {
        return rows.map(rs -> rs.size() == 0 ? (Hold) null : hold(rs.iterator().next()))
                .recover(t -> Future.failedFuture(StoreUnavailableException.wrap(what + " failed", t)));
    }

    private static Hold hold(Row r) {
        return new Hold(
                r.getUUID("hold_id").toString(),
                r.getString("tenant"),
                r.getString("conversation_id"),
                Arrays.asList(r.getArrayOfStrings("message_ids")),
                r.getString("reason"),
                r.getString("placed_by"),
                DecisionRows.instant(r.getOffsetDateTime("placed_at")),
                DecisionRows.instant(r.getOffsetDateTime("released_at")),
                r.getString("released_by"),
                r.getString("release_reason"));
    }
}
