package io.recallgate.store;

import io.recallgate.model.ReportDimension;
import io.recallgate.model.ReportInterval;
import io.recallgate.model.ReportQuery;
import io.recallgate.model.ReportRow;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.StringJoiner;

/**
 * The periodic reports (API.md, "Reports"): exact counts of one tenant's stored enforce decisions,
 * computed by PostgreSQL. The query reads the range {@code [from, to)} of the
 * {@code decisions_report} index (tenant, evaluated_at, plus every column a report groups by), so
 * it neither touches the table's rows nor sends any of them to the JVM: only the grouped counts
 * come back.
 *
 * <p>Buckets are {@code date_trunc(interval, evaluated_at, 'UTC')}: UTC hours, days, ISO weeks
 * (starting Monday) and months. Rows come sorted by bucket, then by each grouped value in the
 * order asked (byte order, nulls last), so the same query always gives the same rows.
 */
public final class DecisionReports {

    /**
     * A report is a read of one index range, but a huge one (years, millions of rows) must not hold
     * a database connection forever.
     */
    static final String STATEMENT_TIMEOUT = "30s";

    /**
     * Settings of the report's transaction (SET LOCAL, so they end with it): the timeout above, and
     * room to group many combinations in memory (PostgreSQL's default of 4 MB sorts a large
     * grouping on disk). Public so that {@code bench/ReportBench.java} explains the query as run.
     */
    public static final List<String> SETTINGS =
            List.of("SET LOCAL statement_timeout = '" + STATEMENT_TIMEOUT + "'", "SET LOCAL work_mem = '64MB'");

    private final Pool pool;

    public DecisionReports(Pool pool) {
        this.pool = pool;
    }

    /** The report's rows for {@code tenant}; fails with {@link StoreUnavailableException}. */
    public Future<List<ReportRow>> count(String tenant, ReportQuery query) {
        String sql = sql(query.interval(), query.groupBy());
        Tuple params = Tuple.of(tenant, DecisionRows.odt(query.from()), DecisionRows.odt(query.to()));
        int dims = query.groupBy().size();
        return pool.withTransaction(conn -> conn.query(String.join("; ", SETTINGS))
                        .execute()
                        .compose(x -> conn.preparedQuery(sql).execute(params)))
                .map(rows -> {
                    List<ReportRow> out = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        List<String> values = new ArrayList<>(dims);
                        for (int i = 0; i < dims; i++) {
                            values.add(r.getString(i + 1));
                        }
                        out.add(new ReportRow(
                                DecisionRows.instant(r.getOffsetDateTime(0)),
                                Collections.unmodifiableList(values),
                                r.getLong(dims + 1)));
                    }
                    return out;
                })
                .recover(t -> Future.failedFuture(StoreUnavailableException.wrap("report query", t)));
    }

    /**
     * The SQL of a report. Only enum names reach the text (the interval and column names); the
     * tenant and the range are parameters ($1 tenant, $2 from, $3 to). {@code mode = 'enforce'}
     * matches the partial index. Public so that {@code bench/ReportBench.java} can show its plan.
     */
    public static String sql(ReportInterval interval, List<ReportDimension> groupBy) {
        StringJoiner select = new StringJoiner(", ");
        StringJoiner group = new StringJoiner(", ");
        StringJoiner order = new StringJoiner(", ");
        select.add("date_trunc('" + interval.json() + "', evaluated_at, 'UTC') AS bucket");
        group.add("1");
        order.add("1");
        for (int i = 0; i < groupBy.size(); i++) {
            String column = column(groupBy.get(i));
            select.add(column);
            group.add(String.valueOf(i + 2));
            order.add(column + " COLLATE \"C\"");
        }
        select.add("count(*) AS n");
        return "SELECT " + select + " FROM decisions"
                + " WHERE tenant = $1 AND mode = 'enforce' AND evaluated_at >= $2 AND evaluated_at < $3"
                + " GROUP BY " + group + " ORDER BY " + order;
    }

    static String column(ReportDimension d) {
        return switch (d) {
            case SCENARIO -> "scenario";
            case OUTCOME -> "outcome";
            case REASON -> "reason";
            case REQUESTER_ROLE -> "requester_role";
            case POLICY_VERSION -> "policy_version";
        };
    }
}
