package io.recallgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recallgate.cli.ReportCli;
import io.recallgate.client.ReportCommand;
import io.recallgate.model.ReportInterval;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The periodic reports (issue 10, API.md "Reports") and the {@code report} CLI, against the real
 * service and PostgreSQL: decisions are made through the API, then counted by the report, which
 * must agree with what was stored, bucket by bucket (UTC days, ISO weeks from Monday, months),
 * tenant by tenant, in JSON and CSV alike.
 */
class ReportsIT {

    /** Chosen around bucket edges; K decisions are made at each. 2026-03-01 is a Sunday. */
    static final List<String> TIMES = List.of(
            "2026-02-28T23:59:59.999Z", // the last moment of February (a Saturday)
            "2026-03-01T00:00:00Z", // the first moment of March (a Sunday)
            "2026-03-01T23:59:59.999999Z", // Sunday's last microsecond: still the old ISO week
            "2026-03-02T00:00:00Z", // Monday: a new ISO week
            "2026-03-02T07:30:00+08:00", // Monday in Beijing, but 23:30Z on Sunday: buckets are UTC
            "2026-03-02T13:45:10Z",
            "2026-03-09T00:00:00Z");

    static final int K = 8;
    static final String RANGE = "from=2026-02-01T00:00:00Z&to=2026-04-01T00:00:00Z";
    static final String ALL = "scenario,outcome,reason,requesterRole,policyVersion";

    static KeysFile keys;
    static TestService service;
    /** Tenant A's and B's decisions as stored (GET /v1/recall-decisions/{id}). */
    static final List<JsonObject> storedA = new ArrayList<>();

    static final List<JsonObject> storedB = new ArrayList<>();

    @BeforeAll
    static void decideThroughTheApi() {
        String a = "rep-a-" + UUID.randomUUID();
        String b = "rep-b-" + UUID.randomUUID();
        keys = new KeysFile()
                .add("A-platform", a, "platform")
                .add("A-auditor", a, "auditor")
                .add("A-policy", a, "policy,platform,dispute")
                .add("B-platform", b, "platform")
                .add("B-auditor", b, "auditor")
                .write();
        service = TestService.start(Map.of("api-keys-file", keys.path().toString()));
        JsonArray batchA = new JsonArray();
        JsonArray batchB = new JsonArray();
        for (String at : TIMES) {
            for (int k = 0; k < K; k++) {
                batchA.add(request(k, at));
            }
            batchB.add(request(1, at));
            batchB.add(request(5, at));
        }
        storedA.addAll(decideAndRead(batchA, "A-platform"));
        storedB.addAll(decideAndRead(batchB, "B-platform"));
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void countsEqualWhatWasDecidedForEveryIntervalAndEveryDimension() {
        for (ReportInterval interval : ReportInterval.values()) {
            JsonObject report = report("A-auditor", RANGE + "&interval=" + interval.json() + "&groupBy=" + ALL);
            assertEquals(interval.json(), report.getString("interval"));
            assertEquals(List.of(ALL.split(",")), report.getJsonArray("groupBy").getList());
            assertEquals(expected(storedA, interval), actual(report), interval.json());
            assertSorted(report);
        }
        // the default grouping (scenario, outcome, reason) and interval (day)
        JsonObject byDefault = report("A-auditor", RANGE);
        assertEquals("day", byDefault.getString("interval"));
        assertEquals(
                List.of("scenario", "outcome", "reason"),
                byDefault.getJsonArray("groupBy").getList());
        Map<List<Object>, Long> expected = new HashMap<>();
        for (JsonObject d : storedA) {
            List<Object> key = Arrays.asList(
                    bucketStart(ReportInterval.DAY, Instant.parse(d.getString("evaluatedAt")))
                            .toString(),
                    d.getJsonObject("facts").getString("scenario"),
                    d.getString("outcome"),
                    d.getJsonArray("reasons").getJsonObject(0).getString("code"));
            expected.merge(key, 1L, Long::sum);
        }
        assertEquals(expected, actual(byDefault));
        assertTrue(expected.size() > 10, "a varied set of decisions: " + expected.keySet());
    }

    @Test
    void bucketsAreUtcDaysIsoWeeksFromMondayAndMonths() {
        assertEquals(
                Map.of(
                        "2026-02-28T23:00:00Z", (long) K,
                        "2026-03-01T00:00:00Z", (long) K,
                        "2026-03-01T23:00:00Z", 2L * K,
                        "2026-03-02T00:00:00Z", (long) K,
                        "2026-03-02T13:00:00Z", (long) K,
                        "2026-03-09T00:00:00Z", (long) K),
                totals("hour"));
        assertEquals(
                Map.of(
                        "2026-02-28T00:00:00Z",
                        (long) K,
                        "2026-03-01T00:00:00Z",
                        3L * K,
                        "2026-03-02T00:00:00Z",
                        2L * K,
                        "2026-03-09T00:00:00Z",
                        (long) K),
                totals("day"));
        assertEquals(
                Map.of(
                        "2026-02-23T00:00:00Z", 4L * K, // Monday 23 February: Saturday 28th and Sunday 1st
                        "2026-03-02T00:00:00Z", 2L * K,
                        "2026-03-09T00:00:00Z", (long) K),
                totals("week"));
        assertEquals(Map.of("2026-02-01T00:00:00Z", (long) K, "2026-03-01T00:00:00Z", 6L * K), totals("month"));
    }

    @Test
    void theRangeIsHalfOpenAndDefaultsToTheLast30Days() {
        JsonObject sunday =
                report("A-auditor", "from=2026-03-01T00:00:00Z&to=2026-03-02T00:00:00Z&interval=day&groupBy=");
        assertEquals(
                new JsonArray()
                        .add(new JsonObject()
                                .put("bucket", "2026-03-01T00:00:00Z")
                                .put("count", 3L * K)),
                sunday.getJsonArray("rows"));
        // a range off the bucket edges: the buckets keep their UTC start, only the range is counted
        JsonObject partial =
                report("A-auditor", "from=2026-03-01T12:00:00%2B08:00&to=2026-03-02T13:45:10Z&interval=day&groupBy=");
        assertEquals("2026-03-01T04:00:00Z", partial.getString("from"));
        assertEquals(
                new JsonArray()
                        .add(new JsonObject()
                                .put("bucket", "2026-03-01T00:00:00Z")
                                .put("count", 2L * K))
                        .add(new JsonObject()
                                .put("bucket", "2026-03-02T00:00:00Z")
                                .put("count", (long) K)),
                partial.getJsonArray("rows"));

        // nothing of March 2026 is within the last 30 days; a decision made now is
        TestService.Response now =
                service.send("POST", "/v1/recall-decisions", request(0, null).encode(), keys.bearer("A-platform"));
        assertEquals(200, now.status(), now.body());
        JsonObject recent = report("A-auditor", "groupBy=");
        Instant to = Instant.parse(recent.getString("to"));
        assertTrue(Math.abs(Duration.between(Instant.now(), to).toSeconds()) < 60, recent.encode());
        assertEquals(to.minus(Duration.ofDays(30)), Instant.parse(recent.getString("from")));
        assertEquals(1, recent.getJsonArray("rows").size(), recent.encode());
        assertEquals(1L, recent.getJsonArray("rows").getJsonObject(0).getLong("count"));
    }

    @Test
    void csvHasTheSameRowsAsJson() {
        for (String groupBy : List.of(ALL, "", "reason,scenario")) {
            String query = RANGE + "&interval=day&groupBy=" + groupBy;
            JsonObject json = report("A-auditor", query);
            TestService.Response csv = get("A-auditor", query, Map.of("Accept", "text/csv"));
            assertEquals(200, csv.status(), csv.body());
            assertTrue(csv.contentType().startsWith("text/csv"), csv.contentType());
            String[] lines = csv.body().split("\r\n", -1);
            assertEquals("", lines[lines.length - 1], "every line ends with CRLF");
            List<String> header = new ArrayList<>(List.of("bucket"));
            json.getJsonArray("groupBy").forEach(d -> header.add((String) d));
            header.add("count");
            assertEquals(String.join(",", header), lines[0]);
            JsonArray rows = json.getJsonArray("rows");
            assertEquals(rows.size(), lines.length - 2, csv.body());
            assertTrue(rows.size() > 0);
            for (int i = 0; i < rows.size(); i++) {
                JsonObject row = rows.getJsonObject(i);
                List<String> cells = new ArrayList<>();
                for (String column : header) {
                    Object v = row.getValue(column);
                    cells.add(v == null ? "" : v.toString());
                }
                assertEquals(String.join(",", cells), lines[i + 1]);
            }
        }
        // the preferred type wins; JSON when nothing is said; 406 when neither is acceptable
        TestService.Response preferJson = get("A-auditor", RANGE, Map.of("Accept", "text/csv;q=0.5, application/json"));
        assertTrue(preferJson.contentType().startsWith("application/json"), preferJson.contentType());
        TestService.Response preferCsv = get("A-auditor", RANGE, Map.of("Accept", "application/json;q=0.2, text/csv"));
        assertTrue(preferCsv.contentType().startsWith("text/csv"), preferCsv.contentType());
        TestService.Response xml = get("A-auditor", RANGE, Map.of("Accept", "application/xml"));
        assertEquals(406, xml.status(), xml.body());
        assertTrue(xml.contentType().startsWith("application/problem+json"), xml.contentType());
    }

    @Test
    void eachTenantCountsOnlyItsOwnDecisions() {
        JsonObject a = report("A-auditor", RANGE + "&interval=month&groupBy=" + ALL);
        JsonObject b = report("B-auditor", RANGE + "&interval=month&groupBy=" + ALL);
        assertEquals(expected(storedA, ReportInterval.MONTH), actual(a));
        assertEquals(expected(storedB, ReportInterval.MONTH), actual(b));
        assertEquals(storedA.size(), total(a));
        assertEquals(storedB.size(), total(b));
        assertEquals(TIMES.size() * K, storedA.size());
        // reports need the auditor role
        assertEquals(403, get("A-platform", RANGE, Map.of()).status());
        assertEquals(403, get("A-policy", RANGE, Map.of()).status());
        assertEquals(401, service.get("/v1/reports/decisions?" + RANGE).status());
    }

    @Test
    void everyBadParameterIsNamed() {
        assertBad("interval=fortnight", "/query/interval");
        assertBad("groupBy=scenario,colour", "/query/groupBy/1");
        assertBad("groupBy=scenario,scenario", "/query/groupBy/1");
        assertBad("from=yesterday", "/query/from");
        assertBad("from=2026-03-01", "/query/from"); // a date is not a date-time
        assertBad("to=2026-03-01T00:00:00Z&from=2026-03-01T00:00:00Z", "/query/from"); // from must be before to
        assertBad("from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z", "/query/from");
        assertBad("from=2099-01-01T00:00:00Z", "/query/from"); // after the default to (now)
        assertBad("from=2000-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&interval=month", "/query/to"); // > 10 years
        assertBad("from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&interval=hour", "/query/interval");
        assertBad("interval=day&interval=week", "/query/interval");
        assertBad("groupby=scenario", "/query"); // not a parameter of this operation
        assertBad(
                "interval=fortnight&groupBy=colour&from=yesterday&to=tomorrow",
                "/query/from",
                "/query/groupBy/0",
                "/query/interval",
                "/query/to");
        // rules between parameters are checked beside the others: every bad parameter in one answer
        assertBad(
                "interval=fortnight&groupBy=colour&from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z",
                "/query/from",
                "/query/groupBy/0",
                "/query/interval");
        // a valid long range is fine: ten years by month, a year by hour
        assertEquals(
                200,
                get("A-auditor", "from=2016-06-01T00:00:00Z&to=2026-06-01T00:00:00Z&interval=month", Map.of())
                        .status());
        assertEquals(
                200,
                get("A-auditor", "from=2025-06-01T00:00:00Z&to=2026-06-01T00:00:00Z&interval=hour", Map.of())
                        .status());
    }

    // ---- the report CLI, against the same service ----

    @Test
    void theCliPrintsTheReportAsAnAlignedTable() {
        CliRun run = cli(
                "A-auditor",
                "--url",
                url(),
                "--from",
                "2026-02-01",
                "--to",
                "2026-04-01T00:00:00Z",
                "--interval",
                "week",
                "--group-by",
                "");
        assertEquals(0, run.code(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals(
                List.of(
                        "decisions evaluated from 2026-02-01T00:00:00Z to 2026-04-01T00:00:00Z, by week (UTC, weeks"
                                + " start on Monday)",
                        "week        count",
                        "2026-02-23     32",
                        "2026-03-02     16",
                        "2026-03-09      8",
                        "total          56"),
                lines);

        CliRun grouped = cli(
                "A-auditor",
                "--url",
                url() + "/",
                "--from=2026-02-01",
                "--to=2026-04-01",
                "--group-by",
                "scenario,outcome,reason,requesterRole");
        assertEquals(0, grouped.code(), grouped.err());
        JsonObject json = report("A-auditor", RANGE + "&groupBy=scenario,outcome,reason,requesterRole");
        List<String> table = grouped.out().lines().toList();
        JsonArray rows = json.getJsonArray("rows");
        assertEquals(rows.size() + 3, table.size(), grouped.out()); // title, header, rows, total
        int countColumnEnd = table.get(1).length();
        for (int i = 0; i < rows.size(); i++) {
            JsonObject r = rows.getJsonObject(i);
            List<String> cells = List.of(table.get(i + 2).trim().split(" +"));
            assertEquals(
                    List.of(
                            r.getString("bucket").substring(0, 10),
                            r.getString("scenario"),
                            r.getString("outcome"),
                            r.getString("reason"),
                            r.getString("requesterRole") == null ? "-" : r.getString("requesterRole"),
                            String.valueOf(r.getLong("count"))),
                    cells);
            assertEquals(countColumnEnd, table.get(i + 2).length(), "counts are right-aligned:\n" + grouped.out());
        }
        assertEquals(
                List.of("total", String.valueOf(storedA.size())),
                List.of(table.get(table.size() - 1).split(" +")));
    }

    @Test
    void theCliPrintsCsvExactlyAsServed() {
        String query = "from=2026-02-01T00:00:00Z&to=2026-04-01T00:00:00Z&interval=day&groupBy=" + ALL;
        CliRun run = cli(
                "A-auditor",
                "--url",
                url(),
                "--from",
                "2026-02-01T00:00:00Z",
                "--to",
                "2026-04-01T00:00:00Z",
                "--group-by",
                ALL,
                "--csv");
        assertEquals(0, run.code(), run.err());
        assertEquals(get("A-auditor", query, Map.of("Accept", "text/csv")).body(), run.out());
    }

    @Test
    void theCliExitsNonZeroNamingWhatIsWrong() {
        CliRun bad = cli("A-auditor", "--url", url(), "--interval", "fortnight", "--group-by", "scenario,colour");
        assertEquals(ReportCommand.USAGE, bad.code());
        assertTrue(bad.err().contains("--interval must be one of hour, day, week, month"), bad.err());
        assertTrue(bad.err().contains("--group-by (item 2) must be one of"), bad.err());
        assertEquals("", bad.out());

        CliRun badDate = cli("A-auditor", "--url", url(), "--from", "last tuesday");
        assertEquals(ReportCommand.USAGE, badDate.code());
        assertTrue(badDate.err().contains("not an RFC 3339 date-time"), badDate.err());

        CliRun noUrl = cli("A-auditor");
        assertEquals(ReportCommand.USAGE, noUrl.code());
        assertTrue(noUrl.err().contains("--url is required"), noUrl.err());

        CliRun noKey = cli(null, "--url", url());
        assertEquals(ReportCommand.FAILED, noKey.code());
        assertTrue(noKey.err().contains("401"), noKey.err());
        assertTrue(noKey.err().contains(ReportCommand.KEY_ENV), noKey.err());

        CliRun wrongRole = cli("A-platform", "--url", url());
        assertEquals(ReportCommand.FAILED, wrongRole.code());
        assertTrue(wrongRole.err().contains("403"), wrongRole.err());
        assertFalse(wrongRole.err().contains(keys.key("A-platform")), "the key is never printed");

        CliRun unreachable = cli("A-auditor", "--url", "http://127.0.0.1:1");
        assertEquals(ReportCommand.FAILED, unreachable.code());
        assertTrue(unreachable.err().contains("cannot reach"), unreachable.err());
    }

    // ---- helpers ----

    /** Eight kinds of recall attempt (scenarios, roles, ages, replies, sensitive text), made at {@code at} (null: now). */
    static JsonObject request(int kind, String at) {
        Instant when = at == null ? Instant.now() : OffsetDateTime.parse(at).toInstant();
        String sender = "u-" + UUID.randomUUID();
        String senderRole = kind == 6 ? "bot" : kind == 7 ? "supervisor" : kind == 3 ? "agent" : "customer";
        String scenario = List.of(
                        "after_sales",
                        "after_sales",
                        "ecommerce",
                        "tech_support",
                        "live_chat",
                        "ecommerce",
                        "after_sales",
                        "general")
                .get(kind);
        long age = kind == 1 ? 600 : kind == 4 ? 90 : 30;
        JsonObject message = new JsonObject()
                .put("id", "m-" + UUID.randomUUID())
                .put("senderId", sender)
                .put("senderRole", senderRole)
                .put("text", kind == 2 ? "我的银行卡号 6222 0210 0112 3456 789 发错了" : "sorry, wrong photo")
                .put("sentAt", when.minusSeconds(age).toString())
                .put("latest", true);
        if (kind == 3) {
            message.put("repliedAt", when.minusSeconds(10).toString());
        }
        JsonObject requester = kind == 5
                ? new JsonObject().put("id", "agent-" + UUID.randomUUID()).put("role", "agent")
                : new JsonObject().put("id", sender).put("role", senderRole);
        JsonObject r = new JsonObject()
                .put("scenario", scenario)
                .put("conversationId", "c-" + UUID.randomUUID())
                .put("message", message)
                .put("requester", requester);
        if (at != null) {
            r.put("at", at);
        }
        return r;
    }

    private static List<JsonObject> decideAndRead(JsonArray requests, String key) {
        TestService.Response r = service.send(
                "POST",
                "/v1/recall-decisions/batch",
                new JsonObject().put("requests", requests).encode(),
                keys.bearer(key));
        assertEquals(200, r.status(), r.body());
        List<JsonObject> stored = new ArrayList<>();
        for (Object o : r.json().getJsonArray("decisions")) {
            JsonObject d = (JsonObject) o;
            TestService.Response s =
                    service.send("GET", "/v1/recall-decisions/" + d.getString("decisionId"), null, keys.bearer(key));
            assertEquals(200, s.status(), s.body());
            JsonObject record = s.json();
            assertEquals(d.getString("outcome"), record.getString("outcome"));
            stored.add(record);
        }
        return stored;
    }

    /** What the report must say, computed from the stored records: bucket and the five dimensions → count. */
    /** The start of the bucket holding {@code t}: what PostgreSQL's {@code date_trunc(interval, t, 'UTC')} gives. */
    static Instant bucketStart(ReportInterval interval, Instant t) {
        ZonedDateTime z = t.atZone(ZoneOffset.UTC);
        return switch (interval) {
            case HOUR -> z.truncatedTo(ChronoUnit.HOURS).toInstant();
            case DAY -> z.truncatedTo(ChronoUnit.DAYS).toInstant();
            case WEEK ->
                z.truncatedTo(ChronoUnit.DAYS)
                        .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                        .toInstant();
            case MONTH -> z.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1).toInstant();
        };
    }

    static Map<List<Object>, Long> expected(List<JsonObject> stored, ReportInterval interval) {
        Map<List<Object>, Long> out = new HashMap<>();
        for (JsonObject d : stored) {
            JsonObject facts = d.getJsonObject("facts");
            String role =
                    facts == null ? null : facts.getJsonObject("requester").getString("role");
            List<Object> key = Arrays.asList(
                    bucketStart(interval, Instant.parse(d.getString("evaluatedAt")))
                            .toString(),
                    facts.getString("scenario"), // every decision these tests make keeps its facts
                    d.getString("outcome"),
                    d.getJsonArray("reasons").getJsonObject(0).getString("code"),
                    role,
                    d.getString("policyVersion"));
            out.merge(key, 1L, Long::sum);
        }
        return out;
    }

    /** The report's rows as bucket and grouped values → count (each combination at most once). */
    static Map<List<Object>, Long> actual(JsonObject report) {
        Map<List<Object>, Long> out = new HashMap<>();
        List<String> groupBy = new ArrayList<>();
        report.getJsonArray("groupBy").forEach(d -> groupBy.add((String) d));
        for (Object o : report.getJsonArray("rows")) {
            JsonObject r = (JsonObject) o;
            List<Object> key = new ArrayList<>();
            key.add(r.getString("bucket"));
            for (String d : groupBy) {
                assertTrue(r.containsKey(d), d + " missing in " + r);
                key.add(r.getValue(d));
            }
            assertEquals(groupBy.size() + 2, r.size(), "only the grouped dimensions: " + r);
            assertNull(out.put(key, r.getLong("count")), "one row per combination: " + key);
        }
        return out;
    }

    private static void assertSorted(JsonObject report) {
        JsonArray rows = report.getJsonArray("rows");
        for (int i = 1; i < rows.size(); i++) {
            Instant previous = Instant.parse(rows.getJsonObject(i - 1).getString("bucket"));
            Instant bucket = Instant.parse(rows.getJsonObject(i).getString("bucket"));
            assertFalse(bucket.isBefore(previous), "rows by bucket: " + rows);
        }
    }

    private static Map<String, Long> totals(String interval) {
        JsonObject report = report("A-auditor", RANGE + "&interval=" + interval + "&groupBy=");
        Map<String, Long> out = new TreeMap<>();
        for (Object o : report.getJsonArray("rows")) {
            JsonObject r = (JsonObject) o;
            assertEquals(Set.of("bucket", "count"), r.fieldNames());
            out.put(r.getString("bucket"), r.getLong("count"));
        }
        return out;
    }

    private static long total(JsonObject report) {
        long n = 0;
        for (Object o : report.getJsonArray("rows")) {
            n += ((JsonObject) o).getLong("count");
        }
        return n;
    }

    private static void assertBad(String query, String... pointers) {
        TestService.Response r = get("A-auditor", query, Map.of());
        assertEquals(400, r.status(), query + ": " + r.body());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        Set<String> named = new HashSet<>();
        for (Object o : r.json().getJsonArray("errors")) {
            named.add(((JsonObject) o).getString("pointer"));
        }
        assertEquals(Set.of(pointers), named, query + ": " + r.body());
        for (String bad : List.of("fortnight", "colour", "yesterday", "tomorrow", "groupby")) {
            assertFalse(r.json().encode().contains(bad), "the problem echoes " + bad + ": " + r.body());
        }
    }

    private static JsonObject report(String key, String query) {
        TestService.Response r = get(key, query, Map.of());
        assertEquals(200, r.status(), query + ": " + r.body());
        assertTrue(r.contentType().startsWith("application/json"), r.contentType());
        return r.json();
    }

    private static TestService.Response get(String key, String query, Map<String, String> headers) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.putAll(keys.bearer(key));
        return service.send("GET", "/v1/reports/decisions?" + query, null, h);
    }

    private static String url() {
        return "http://127.0.0.1:" + service.port();
    }

    private static CliRun cli(String keyLabel, String... args) {
        return CliRun.run(
                ReportCli::new, keyLabel == null ? Map.of() : Map.of(ReportCommand.KEY_ENV, keys.key(keyLabel)), args);
    }
}
