package io.recallgate.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Cursor;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads one tenant's stored enforce decisions of a time window back for replay (impact analysis,
 * {@code POST /v1/policy/impact}): per decision its id, scenario, decisive outcome and reason as
 * stored, and its facts as JSON text. Read only, and never all at once:
 *
 * <ul>
 *   <li>one {@code READ ONLY, REPEATABLE READ} transaction, so the count and the rows are of one
 *       snapshot and nothing can be written through it;</li>
 *   <li>the rows are counted first (an index-only count over the {@code decisions_report} range),
 *       and a window that holds more than the caller's limit is refused before a row is read
 *       ({@link TooManyRecordsException});</li>
 *   <li>then a cursor hands the rows over in pages: the next page is fetched while the caller
 *       works on the current one, and no further page is fetched until it is done, so at most two
 *       pages are held at a time whatever the window holds;</li>
 *   <li>facts come as text (as stored; {@code facts_v5::text} for decisions recorded before
 *       migration V6): the event loop that runs the connection only
 *       copies strings, and the JSON is parsed where the caller replays, off the event loop.</li>
 * </ul>
 *
 * Newest first ({@code evaluated_at DESC, decision_id DESC}): the same window always gives the
 * same order, so a caller that keeps the first few of a kind keeps the latest ones. The SQL names
 * only the columns the decisions table keeps whatever the log's format: {@code tenant},
 * {@code decision_id}, {@code mode}, {@code scenario}, {@code outcome}, {@code reason},
 * {@code evaluated_at}, {@code facts} (and {@code facts_v5}).
 */
public final class ReplayScan {

    /** One stored decision as replay needs it; {@code facts} is null for a record written before facts were kept. */
    public record StoredVerdict(String decisionId, String scenario, String outcome, String reason, String facts) {}

    static final String WHERE =
            " FROM decisions WHERE tenant = $1 AND mode = 'enforce'" + " AND evaluated_at >= $2 AND evaluated_at < $3";

    static final String COUNT = "SELECT count(*)" + WHERE;

    /** The facts as stored from migration V6 on (text), or as jsonb by the versions before. */
    static final String SELECT = "SELECT decision_id::text, scenario, outcome, reason, coalesce(facts, facts_v5::text)"
            + WHERE + " ORDER BY evaluated_at DESC, decision_id DESC";

    /**
     * The transaction's settings: read only, one snapshot; no statement (the count, one page) may
     * run for more than a minute, and a transaction left idle (a caller that stopped asking for
     * pages) is ended by PostgreSQL after a minute, so a scan can never hold a connection for good.
     */
    static final String SETTINGS = "SET TRANSACTION READ ONLY, ISOLATION LEVEL REPEATABLE READ;"
            + " SET LOCAL statement_timeout = '60s'; SET LOCAL idle_in_transaction_session_timeout = '60s'";

    private final Pool pool;

    public ReplayScan(Pool pool) {
        this.pool = pool;
    }

    /**
     * Hands {@code tenant}'s stored enforce decisions evaluated in {@code [since, until)} to
     * {@code page}, newest first, {@code pageSize} at a time; the next page is handed over only
     * once the future {@code page} returned for the previous one has completed.
     *
     * @return how many decisions the window held (all of them were handed over)
     * @throws TooManyRecordsException (as the failure) when the window holds more than {@code limit}
     */
    public Future<Long> scan(
            String tenant,
            Instant since,
            Instant until,
            long limit,
            int pageSize,
            Function<List<StoredVerdict>, Future<Void>> page) {
        Tuple params = Tuple.of(tenant, since.atOffset(ZoneOffset.UTC), until.atOffset(ZoneOffset.UTC));
        return pool.withTransaction(conn -> conn.query(SETTINGS)
                        .execute()
                        .compose(x -> conn.preparedQuery(COUNT).execute(params))
                        .compose(rows -> {
                            long count = rows.iterator().next().getLong(0);
                            if (count > limit) {
                                return Future.failedFuture(new TooManyRecordsException(count, limit));
                            }
                            if (count == 0) {
                                return Future.succeededFuture(0L);
                            }
                            return stream(conn, params, pageSize, page).map(count);
                        }))
                .recover(t -> Future.failedFuture(
                        t instanceof TooManyRecordsException || t instanceof ReplayFailedException
                                ? t
                                : StoreUnavailableException.wrap("replay scan", t)));
    }

    private static Future<Void> stream(
            SqlConnection conn, Tuple params, int pageSize, Function<List<StoredVerdict>, Future<Void>> page) {
        return conn.prepare(SELECT).compose(statement -> {
            Cursor cursor = statement.cursor(params);
            return pump(cursor, pageSize, page, Future.succeededFuture())
                    .eventually(() -> cursor.close().eventually(statement::close));
        });
    }

    /**
     * Reads the next page while {@code previous} (the caller's work on the page before) runs, then
     * waits for it before handing this page over: a two-stage pipeline, never more than two pages
     * in memory.
     */
    private static Future<Void> pump(
            Cursor cursor, int pageSize, Function<List<StoredVerdict>, Future<Void>> page, Future<Void> previous) {
        return cursor.read(pageSize).compose(rows -> {
            List<StoredVerdict> verdicts = verdicts(rows);
            boolean more = cursor.hasMore();
            return previous.compose(v -> {
                Future<Void> handled = handOver(page, verdicts);
                return more ? pump(cursor, pageSize, page, handled) : handled;
            });
        });
    }

    /** The caller's work on a page; its failure ends the scan as it is, not as a database failure. */
    private static Future<Void> handOver(
            Function<List<StoredVerdict>, Future<Void>> page, List<StoredVerdict> verdicts) {
        Future<Void> handled;
        try {
            handled = page.apply(verdicts);
        } catch (RuntimeException e) {
            handled = Future.failedFuture(e);
        }
        return handled.recover(t -> Future.failedFuture(new ReplayFailedException(t)));
    }

    private static List<StoredVerdict> verdicts(RowSet<Row> rows) {
        List<StoredVerdict> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            out.add(new StoredVerdict(r.getString(0), r.getString(1), r.getString(2), r.getString(3), r.getString(4)));
        }
        return out;
    }

    /** A scan ended because the caller's work on a page failed; the cause is the caller's failure. */
    public static final class ReplayFailedException extends RuntimeException {
        ReplayFailedException(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }
}
