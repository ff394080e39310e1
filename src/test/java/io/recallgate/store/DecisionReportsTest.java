package io.recallgate.store;

import static io.recallgate.store.StoreFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recallgate.model.ReportDimension;
import io.recallgate.model.ReportInterval;
import io.recallgate.model.ReportQuery;
import io.recallgate.model.ReportRow;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The report query on a real PostgreSQL: records written before facts were kept count under a
 * null requester role (after the known roles), and the query is one PostgreSQL answers from the
 * {@code decisions_report} index.
 */
class DecisionReportsTest {

    static StoreFixture fx;

    @BeforeAll
    static void up() throws Exception {
        fx = StoreFixture.start();
        fx.reset();
        DecisionLog log = new DecisionLog(fx.vertx, fx.db.pool(), DecisionLog.Options.defaults());
        for (int i = 0; i < 3; i++) {
            await(log.append(StoreFixture.record("t1", null, "c-" + i, "m-" + i)));
        }
        for (int i = 0; i < 2; i++) {
            await(log.append(StoreFixture.legacyRecord("t1", "c-old-" + i, "m-" + i)));
        }
        await(log.append(StoreFixture.record("t2", null, "c-t2", "m-1")));
        await(log.drain());
    }

    @AfterAll
    static void down() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void recordsWithoutFactsCountUnderANullRequesterRoleAfterTheKnownRoles() {
        List<ReportRow> rows = await(new DecisionReports(fx.db.pool())
                .count(
                        "t1",
                        new ReportQuery(
                                Instant.parse("2026-11-01T00:00:00Z"),
                                Instant.parse("2026-12-01T00:00:00Z"),
                                ReportInterval.MONTH,
                                List.of(ReportDimension.REQUESTER_ROLE, ReportDimension.REASON))));
        Instant november = Instant.parse("2026-11-01T00:00:00Z");
        assertEquals(
                List.of(
                        new ReportRow(november, List.of("customer", "WINDOW_EXPIRED"), 3),
                        new ReportRow(november, Arrays.asList(null, "WINDOW_EXPIRED"), 2)),
                rows);
    }

    @Test
    void theQueryReadsTheReportIndex() {
        // Tiny tables are cheaper to scan than to index; with scans priced out, a query that
        // fits the index (tenant, evaluated_at range, mode = 'enforce', covered columns) uses it.
        List<String> plan = new ArrayList<>();
        String sql = DecisionReports.sql(ReportInterval.DAY, List.of(ReportDimension.values()));
        await(fx.db.pool()
                .withTransaction(conn -> conn.query("SET LOCAL enable_seqscan = off")
                        .execute()
                        .compose(x -> conn.preparedQuery("EXPLAIN " + sql)
                                .execute(Tuple.of(
                                        "t1",
                                        DecisionRows.odt(Instant.parse("2026-11-01T00:00:00Z")),
                                        DecisionRows.odt(Instant.parse("2026-12-01T00:00:00Z")))))
                        .map(rows -> {
                            for (Row r : rows) {
                                plan.add(r.getString(0));
                            }
                            return null;
                        })));
        String text = String.join("\n", plan);
        assertTrue(text.contains("Index Only Scan using decisions_report"), text);
    }
}
