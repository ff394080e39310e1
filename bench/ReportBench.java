import io.recallgate.RecallGate;
import io.recallgate.cli.Commands;
import io.recallgate.config.Settings;
import io.recallgate.http.auth.ApiKeys;
import io.recallgate.model.ReportDimension;
import io.recallgate.model.ReportInterval;
import io.recallgate.store.DecisionReports;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Benchmark of {@code GET /v1/reports/decisions} (issue 10: a 30-day daily report over 1,000,000
 * stored decisions in at most 2 s). Not a test.
 *
 * <pre>
 * mvn -q -DskipTests package
 * java -cp target/recallgate.jar bench/ReportBench.java [rows=1000000] [runs=5]
 * </pre>
 *
 * <ol>
 *   <li>starts a PostgreSQL of its own (the embedded one, configured as the service configures it:
 *       fsync on) in a temporary directory, and the service on it with an API keys file;</li>
 *   <li>fills {@code decisions} with SQL {@code generate_series} (seeded, so every run has the
 *       same data): 35 days up to yesterday, more by day in China than by night; 10 tenants, the
 *       largest ({@code acme}) with 45 %; 6 scenarios; outcome and decisive reason drawn together
 *       from 9 realistic pairs; requester roles (1 % of records without facts: a null role); 4
 *       policy versions, one after the other; facts and trace of realistic size; each row a
 *       distinct {@code log_index} but no Merkle tree (the report does not read it; this database
 *       is not one to verify);</li>
 *   <li>{@code VACUUM ANALYZE}, as autovacuum does to an insert-only table;</li>
 *   <li>times the HTTP request for acme's last 30 days, by day, grouped by scenario, outcome and
 *       reason: one warm-up, then {@code runs} timed requests; then the same with all five
 *       dimensions and as CSV; prints the plan ({@code EXPLAIN (ANALYZE, BUFFERS)}).</li>
 * </ol>
 */
public class ReportBench {

    static final String TENANTS = "ARRAY[" + repeat("'acme'", 45) + "," + repeat("'globex'", 18) + ","
            + repeat("'initech'", 12) + "," + repeat("'umbrella'", 9) + "," + repeat("'hooli'", 6) + ","
            + "'stark','wayne','wonka','tyrell','cyberdyne','stark','wayne','wonka','tyrell','cyberdyne']";

    static final String SCENARIOS = "ARRAY[" + repeat("'ecommerce'", 35) + "," + repeat("'after_sales'", 30)
            + "," + repeat("'tech_support'", 20) + "," + repeat("'live_chat'", 8) + "," + repeat("'presale'", 4)
            + "," + repeat("'logistics'", 3) + "]";

    /** Decisive outcome and reason, with the rule and file that decide them, by frequency. */
    static final String[][] VERDICTS = {
        {"allow", "WITHIN_WINDOW", "after_sales: recall window", "50-ordinary-messages.drl", "42"},
        {"deny", "WINDOW_EXPIRED", "after_sales: recall window", "50-ordinary-messages.drl", "18"},
        {"deny", "NOT_SENDER", "only the sender may recall", "10-who-may-recall.drl", "8"},
        {"deny", "REPLIED_LOCKED", "tech_support: only the latest unreplied message", "50-ordinary-messages.drl", "7"},
        {"deny", "KEY_RECORD", "orders, prices and commitments stay", "30-key-records.drl", "6"},
        {"deny", "DISPUTE_FROZEN", "a conversation under dispute is frozen", "20-disputes.drl", "4"},
        {"redact", "SENSITIVE_REDACTED", "ecommerce: sensitive data is masked", "40-sensitive-data.drl", "8"},
        {"allow", "LATEST_UNREPLIED", "tech_support: only the latest unreplied message", "50-ordinary-messages.drl", "5"},
        {"deny", "NOT_LATEST", "tech_support: only the latest unreplied message", "50-ordinary-messages.drl", "2"},
    };

    static final String ROLES = "ARRAY[" + repeat("'customer'", 68) + "," + repeat("'agent'", 25) + ","
            + repeat("'bot'", 4) + "," + repeat("'supervisor'", 2) + ",NULL]";

    /** UTC hours, weighted: 09:00–22:00 in China (01–14 UTC) carry most of the traffic. */
    static final String HOURS;

    static {
        List<String> hours = new ArrayList<>();
        for (int h = 0; h < 24; h++) {
            int weight = (h >= 1 && h <= 14) ? 6 : (h == 0 || h == 15) ? 3 : 1;
            for (int i = 0; i < weight; i++) {
                hours.add(String.valueOf(h));
            }
        }
        HOURS = "ARRAY[" + String.join(",", hours) + "]";
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Logger.getLogger("").setLevel(Level.WARNING);

        Path work = Files.createTempDirectory("recallgate-report-bench");
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(work.resolve("pg"))
                .setCleanDataDirectory(true)
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("fsync", "on")
                .setServerConfig("full_page_writes", "on")
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
        String url = "postgresql://postgres:postgres@127.0.0.1:" + pg.getPort() + "/postgres";
        String[] key = ApiKeys.generate("acme", "auditor", "bench");
        Path keys = work.resolve("api-keys");
        Files.writeString(keys, key[1] + "\n");
        RecallGate gate = null;
        try {
            gate = new RecallGate(serveSettings(
                            Map.of(),
                            List.of(
                                    "--http-port", "0",
                                    "--rules-dir", "rules",
                                    "--data-dir", work.resolve("data").toString(),
                                    "--database-url", url,
                                    "--api-keys-file", keys.toString())))
                    .start();
            String base = "http://127.0.0.1:" + gate.port();
            try (Connection c = DriverManager.getConnection(
                    "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres", "postgres", null)) {
                fill(c, rows);
                describe(c);
                Instant to = Instant.now().truncatedTo(ChronoUnit.SECONDS);
                Instant from = to.minus(Duration.ofDays(30));
                System.out.printf("%nload average before measuring: %s%n", loadAverage());
                String daily = "from=" + enc(from) + "&to=" + enc(to) + "&interval=day&groupBy=scenario,outcome,reason";
                measure(base, key[0], "30 days by day, scenario, outcome, reason (JSON)", daily, "application/json", runs);
                String all = "from=" + enc(from) + "&to=" + enc(to)
                        + "&interval=day&groupBy=scenario,outcome,reason,requesterRole,policyVersion";
                measure(base, key[0], "30 days by day and all five dimensions (JSON)", all, "application/json", runs);
                measure(base, key[0], "30 days by day, scenario, outcome, reason (CSV)", daily, "text/csv", runs);
                explain(c, from, to);
            }
        } finally {
            if (gate != null) {
                gate.stop();
            }
            pg.close();
            deleteTree(work);
        }
    }

    static void fill(Connection c, int rows) throws Exception {
        StringBuilder outcome = new StringBuilder("ARRAY[");
        StringBuilder reason = new StringBuilder("ARRAY[");
        StringBuilder rule = new StringBuilder("ARRAY[");
        StringBuilder file = new StringBuilder("ARRAY[");
        for (String[] v : VERDICTS) {
            for (int i = 0; i < Integer.parseInt(v[4]); i++) {
                outcome.append('\'').append(v[0]).append("',");
                reason.append('\'').append(v[1]).append("',");
                rule.append('\'').append(v[2]).append("',");
                file.append('\'').append(v[3]).append("',");
            }
        }
        for (StringBuilder b : List.of(outcome, reason, rule, file)) {
            b.setLength(b.length() - 1);
            b.append(']');
        }
        String versions = "ARRAY['sha256:" + "1".repeat(64) + "','sha256:" + "2".repeat(64) + "','sha256:"
                + "3".repeat(64) + "','sha256:" + "4".repeat(64) + "']";
        String insert = """
                INSERT INTO decisions (log_index, decision_id, tenant, request_id, mode, outcome, scenario,
                    conversation_id, message_id, requester_id, text_digest, reasons, sensitive, allowed_until,
                    policy_version, evaluated_at, recorded_at, facts, trace)
                SELECT s, gen_random_uuid(), tenant, NULL, 'enforce', (%1$s)[v], scenario,
                    'c-' || (s / 7), 'm-' || s, requester,
                    'hmac-sha256:' || md5(s::text) || md5((s + 1)::text),
                    jsonb_build_array(jsonb_build_object('code', (%2$s)[v], 'rule', (%3$s)[v],
                        'message', '撤回已超过时限，消息将保留，以便双方核对售后记录。')),
                    CASE WHEN (%1$s)[v] = 'redact'
                        THEN '[{"type":"bank_card","start":7,"end":30}]'::jsonb ELSE '[]'::jsonb END,
                    CASE WHEN (%1$s)[v] = 'allow' THEN at + interval '90 seconds' END,
                    (%5$s)[4 - LEAST(days / 9, 3)],
                    at, at + interval '4 milliseconds',
                    CASE WHEN role IS NULL THEN NULL ELSE jsonb_build_object(
                        'mode', 'enforce', 'scenario', scenario, 'conversationId', 'c-' || (s / 7),
                        'message', jsonb_build_object('id', 'm-' || s, 'senderId', requester,
                            'senderRole', role, 'kind', 'text',
                            'sentAt', to_char((at - interval '75 seconds') AT TIME ZONE 'UTC',
                                'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                            'repliedAt', NULL, 'latest', true, 'tags', '[]'::jsonb),
                        'requester', jsonb_build_object('id', requester, 'role', role),
                        'at', to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                        'held', false, 'holdIds', '[]'::jsonb, 'sensitive', '[]'::jsonb) END,
                    CASE WHEN role IS NULL THEN NULL
                        ELSE jsonb_build_array(jsonb_build_object('rule', (%3$s)[v], 'file', (%4$s)[v])) END
                FROM (
                    SELECT s, v, days, role, tenant, scenario, 'u-' || floor(random() * 200000)::int AS requester,
                        date_trunc('day', now()) - (days + 1) * interval '1 day' + hour * interval '1 hour'
                            + random() * interval '1 hour' AS at
                    FROM (
                        SELECT s,
                            1 + floor(random() * cardinality(%1$s))::int AS v,
                            floor(random() * 35)::int AS days,
                            (%6$s)[1 + floor(random() * cardinality(%6$s))::int] AS hour,
                            (%7$s)[1 + floor(random() * cardinality(%7$s))::int] AS role,
                            (%8$s)[1 + floor(random() * cardinality(%8$s))::int] AS tenant,
                            (%9$s)[1 + floor(random() * cardinality(%9$s))::int] AS scenario
                        FROM generate_series(?, ?) s
                    ) r
                ) g
                """.formatted(outcome, reason, rule, file, versions, HOURS, ROLES, TENANTS, SCENARIOS);
        long t0 = System.nanoTime();
        try (Statement st = c.createStatement()) {
            st.execute("SELECT setseed(0.2026)");
        }
        int chunk = 250_000;
        try (PreparedStatement st = c.prepareStatement(insert)) {
            for (int start = 1; start <= rows; start += chunk) {
                st.setInt(1, start);
                st.setInt(2, Math.min(rows, start + chunk - 1));
                st.executeUpdate();
                System.out.printf(
                        "filled %,d rows (%.1f s)%n", Math.min(rows, start + chunk - 1), (System.nanoTime() - t0) / 1e9);
            }
        }
        try (Statement st = c.createStatement()) {
            long v0 = System.nanoTime();
            st.execute("VACUUM (ANALYZE) decisions");
            System.out.printf(
                    "filled %,d decisions in %.1f s; VACUUM ANALYZE %.1f s%n",
                    rows, (v0 - t0) / 1e9, (System.nanoTime() - v0) / 1e9);
        }
    }

    static void describe(Connection c) throws Exception {
        try (Statement st = c.createStatement()) {
            print(st, "SELECT pg_size_pretty(pg_table_size('decisions')) AS table_size,"
                    + " pg_size_pretty(pg_relation_size('decisions_report')) AS report_index_size,"
                    + " count(*) AS decisions, count(DISTINCT tenant) AS tenants,"
                    + " count(*) FILTER (WHERE tenant = 'acme') AS acme,"
                    + " count(*) FILTER (WHERE tenant = 'acme' AND evaluated_at >= now() - interval '30 days')"
                    + " AS acme_last_30_days, count(*) FILTER (WHERE requester_role IS NULL) AS without_facts"
                    + " FROM decisions");
            print(st, "SELECT tenant, count(*) FROM decisions GROUP BY 1 ORDER BY 2 DESC");
        }
    }

    static void measure(String base, String key, String what, String query, String accept, int runs)
            throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/reports/decisions?" + query))
                .header("Authorization", "Bearer " + key)
                .header("Accept", accept)
                .timeout(Duration.ofSeconds(60))
                .build();
        System.out.printf("%n%s%n  GET /v1/reports/decisions?%s%n", what, query);
        double[] ms = new double[runs];
        String body = null;
        for (int i = -1; i < runs; i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            double elapsed = (System.nanoTime() - t0) / 1e6;
            if (r.statusCode() != 200) {
                throw new IllegalStateException(r.statusCode() + " " + r.body());
            }
            body = r.body();
            if (i < 0) {
                System.out.printf("  warm-up: %.0f ms%n", elapsed);
            } else {
                ms[i] = elapsed;
            }
        }
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        StringBuilder each = new StringBuilder();
        for (double m : ms) {
            each.append(String.format("%.0f ", m));
        }
        System.out.printf(
                "  %d runs (ms): %s| median %.0f ms, max %.0f ms; %,d bytes%n",
                runs, each, sorted[runs / 2], sorted[runs - 1], body.length());
        if (accept.equals("application/json")) {
            io.vertx.core.json.JsonObject json = new io.vertx.core.json.JsonObject(body);
            long total = 0;
            for (Object o : json.getJsonArray("rows")) {
                total += ((io.vertx.core.json.JsonObject) o).getLong("count");
            }
            System.out.printf("  %,d rows, %,d decisions counted%n", json.getJsonArray("rows").size(), total);
        }
    }

    static void explain(Connection c, Instant from, Instant to) throws Exception {
        String sql = DecisionReports.sql(
                        ReportInterval.DAY,
                        List.of(ReportDimension.SCENARIO, ReportDimension.OUTCOME, ReportDimension.REASON))
                .replace("$1", "?")
                .replace("$2", "?")
                .replace("$3", "?");
        System.out.printf("%nEXPLAIN (ANALYZE, BUFFERS) of the daily report's query:%n%s%n", sql);
        c.setAutoCommit(false); // the service's transaction settings are SET LOCAL
        try (Statement settings = c.createStatement()) {
            for (String set : DecisionReports.SETTINGS) {
                settings.execute(set);
            }
        }
        try (PreparedStatement st = c.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) " + sql)) {
            st.setString(1, "acme");
            st.setObject(2, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
            st.setObject(3, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    System.out.println("  " + rs.getString(1));
                }
            }
        }
        c.rollback();
        c.setAutoCommit(true);
    }

    static void print(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder b = new StringBuilder("  ");
                for (int i = 1; i <= n; i++) {
                    b.append(rs.getMetaData().getColumnLabel(i)).append('=').append(rs.getString(i)).append("  ");
                }
                System.out.println(b.toString().stripTrailing());
            }
        }
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }

    static String enc(Instant t) {
        return URLEncoder.encode(t.toString(), StandardCharsets.UTF_8);
    }

    static String repeat(String item, int times) {
        return String.join(",", java.util.Collections.nCopies(times, item));
    }

    static void deleteTree(Path dir) throws Exception {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** The settings {@code serve} runs with for these arguments (parsed by the real command line) and environment. */
    static Settings serveSettings(Map<String, String> env, List<String> args) {
        List<String> line = new ArrayList<>(List.of("serve"));
        line.addAll(args);
        return Settings.from(env, Commands.commandLine()
                .parseArgs(line.toArray(String[]::new))
                .subcommand()
                .commandSpec());
    }
}
