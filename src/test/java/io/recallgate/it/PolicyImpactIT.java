package io.recallgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recallgate.cli.ImpactCli;
import io.recallgate.client.ImpactCommand;
import io.recallgate.policy.RuleFile;
import io.recallgate.policy.RuleFolder;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/policy/impact} and the {@code impact} CLI (issue 10, API.md) against the real
 * service and PostgreSQL. The service runs on a database of its own, because some of its records
 * are made unreadable on purpose (a record without facts, as written before facts were kept, and
 * one whose facts cannot be read), which would break the audit chain other tests verify.
 *
 * <p>The README's headline edit (after-sales recall window 2 → 5 minutes, with the window tests
 * adjusted) previewed over stored decisions turns exactly the after-sales decisions aged more
 * than 2 and at most 5 minutes from deny WINDOW_EXPIRED to allow WITHIN_WINDOW, and nothing else;
 * candidates a reload would reject are answered rejected without replay; each tenant sees only
 * its own records; nothing is written anywhere.
 */
class PolicyImpactIT {

    static final Instant BASE = Instant.parse("2026-11-24T08:00:00Z");
    static final String DAY = "\"since\":\"2026-11-24T00:00:00Z\",\"until\":\"2026-11-25T00:00:00Z\"";
    static final String ROW_2_MIN = "after_sales,yes,window,2 minutes,";
    static final String ROW_5_MIN = "after_sales,yes,window,5 minutes,";

    static String databaseUrl;
    static KeysFile keys;
    static TestService service;
    /** A's stored decisions (GET /v1/recall-decisions/{id}) the edit turns around, then the rest. */
    static final List<JsonObject> changing = new ArrayList<>();

    static final List<JsonObject> unchanged = new ArrayList<>();
    static final List<JsonObject> storedB = new ArrayList<>();
    /** The decision ids of A made unreadable: no facts, and facts that cannot be read. */
    static String withoutFacts;

    static String unreadableFacts;
    /** Folders the tests send, made from the live folder. */
    static Path readmeEdit;

    static Path windowOnly;
    static Path drlError;

    @BeforeAll
    static void start() throws Exception {
        databaseUrl = ownDatabase();
        String a = "impact-a-" + UUID.randomUUID();
        String b = "impact-b-" + UUID.randomUUID();
        String c = "impact-c-" + UUID.randomUUID();
        keys = new KeysFile()
                .add("A-platform", a, "platform")
                .add("A-policy", a, "policy")
                .add("A-auditor", a, "auditor")
                .add("B-platform", b, "platform")
                .add("B-policy", b, "policy")
                .add("C-platform", c, "platform")
                .add("C-policy", c, "policy")
                .write();
        service = TestService.start(Map.of("api-keys-file", keys.path().toString(), "database-url", databaseUrl));

        // A: the after-sales decisions the edit turns around (2 min < age <= 5 min), 25 of them
        List<JsonObject> turning = new ArrayList<>();
        List<Long> ages = new ArrayList<>(List.of(121L, 300L));
        for (long age = 128; age <= 282; age += 7) {
            ages.add(age);
        }
        int i = 0;
        for (long age : ages) {
            turning.add(request("after_sales", BASE.plus(Duration.ofMinutes(10L * i++)), age));
        }
        // ... and decisions it leaves alone: within 2 minutes (only allowedUntil moves), after 5,
        // answered, not the sender, the general row (still 2 minutes), other scenarios, key
        // records, sensitive data, dispute evidence
        List<JsonObject> staying = new ArrayList<>();
        for (long age : List.of(30L, 60L, 120L, 301L, 400L, 3600L)) {
            staying.add(request("after_sales", BASE.plus(Duration.ofMinutes(10L * i++)), age));
        }
        JsonObject replied = request("after_sales", BASE.plus(Duration.ofMinutes(10L * i++)), 180);
        replied.getJsonObject("message")
                .put("repliedAt", sentAt(replied).plusSeconds(20).toString());
        staying.add(replied);
        JsonObject notSender = request("after_sales", BASE.plus(Duration.ofMinutes(10L * i++)), 180);
        notSender.put("requester", new JsonObject().put("id", "agent-9").put("role", "agent"));
        staying.add(notSender);
        for (String scenario : List.of("live_chat", "ecommerce", "tech_support")) {
            staying.add(request(scenario, BASE.plus(Duration.ofMinutes(10L * i++)), 180));
        }
        for (String tag : List.of("price", "dispute_evidence")) {
            JsonObject tagged = request("after_sales", BASE.plus(Duration.ofMinutes(10L * i++)), 180);
            tagged.getJsonObject("message").put("tags", new JsonArray().add(tag));
            staying.add(tagged);
        }
        JsonObject card = request("after_sales", BASE.plus(Duration.ofMinutes(10L * i++)), 180);
        card.getJsonObject("message").put("text", "我的银行卡号 6222 0210 0112 3456 789 发错了");
        staying.add(card);

        changing.addAll(decide("A-platform", turning));
        unchanged.addAll(decide("A-platform", staying));
        for (JsonObject d : changing) {
            assertEquals("deny", d.getString("outcome"), d.encode());
            assertEquals("WINDOW_EXPIRED", reason(d));
        }
        assertEquals(
                Set.of(
                        "WITHIN_WINDOW",
                        "WINDOW_EXPIRED",
                        "REPLIED_LOCKED",
                        "NOT_SENDER",
                        "SCENARIO_NO_RECALL",
                        "LATEST_UNREPLIED",
                        "KEY_RECORD",
                        "DISPUTE_FROZEN",
                        "SENSITIVE_CONTENT"),
                new TreeSet<>(unchanged.stream().map(PolicyImpactIT::reason).toList()));

        // B: the same kind of decisions, at the same times, for another tenant
        storedB.addAll(decide(
                "B-platform",
                List.of(
                        request("after_sales", BASE, 180),
                        request("after_sales", BASE.plusSeconds(1), 200),
                        request("after_sales", BASE.plusSeconds(2), 240),
                        request("after_sales", BASE.plusSeconds(3), 60))));

        // two of A's turning decisions become records that cannot be replayed
        withoutFacts = changing.get(0).getString("decisionId");
        unreadableFacts = changing.get(1).getString("decisionId");
        try (Connection conn = Jdbc.connect(databaseUrl);
                PreparedStatement none =
                        conn.prepareStatement("UPDATE decisions SET facts = NULL WHERE decision_id = ?::uuid");
                PreparedStatement bad = conn.prepareStatement(
                        "UPDATE decisions SET facts = '{\"mode\":\"enforce\",\"scenario\":\"after_sales\"}'::jsonb"
                                + " WHERE decision_id = ?::uuid")) {
            none.setString(1, withoutFacts);
            assertEquals(1, none.executeUpdate());
            bad.setString(1, unreadableFacts);
            assertEquals(1, bad.executeUpdate());
        }

        // the folders an author would send
        readmeEdit = copyLive("readme-edit");
        Path settings = readmeEdit.resolve("settings.csv");
        Files.writeString(settings, Files.readString(settings).replace(ROW_2_MIN, ROW_5_MIN));
        Path windowTests = readmeEdit.resolve("tests/07-after-sales.yaml");
        Files.writeString(
                windowTests,
                Files.readString(windowTests)
                        .replace("\"2026-11-24T08:02:00Z\"", "\"2026-11-24T08:05:00Z\"")
                        .replace("\"2026-11-24T08:02:01Z\"", "\"2026-11-24T08:05:01Z\"")
                        .replace("two minutes", "five minutes"));
        windowOnly = copyLive("window-only");
        Files.writeString(
                windowOnly.resolve("settings.csv"),
                Files.readString(windowOnly.resolve("settings.csv")).replace(ROW_2_MIN, ROW_5_MIN));
        drlError = copyLive("drl-error");
        Path drl = drlError.resolve("10-who-may-recall.drl");
        Files.writeString(
                drl,
                Files.readString(drl)
                        .replace("then", "then oops (((")
                        .replace("// Row 1", "// Marker-QX7 rule text a log must never show. Row 1"));
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    // ------------------------------------------------------------------ the README's edit

    @Test
    void theReadmeEditTurnsExactlyTheAfterSalesDecisionsAgedTwoToFiveMinutes() {
        JsonObject impact = impact("A-policy", readmeEdit, DAY);
        assertEquals(
                Set.of(
                        "candidateVersion",
                        "status",
                        "errors",
                        "scenarioTests",
                        "replayed",
                        "changed",
                        "skipped",
                        "transitions"),
                impact.fieldNames());
        assertEquals("valid", impact.getString("status"), impact.encode());
        assertEquals(RuleFolder.read(readmeEdit).version(), impact.getString("candidateVersion"));
        assertEquals(new JsonArray(), impact.getJsonArray("errors"));
        JsonObject tests = impact.getJsonObject("scenarioTests");
        assertEquals(0, tests.getInteger("failed"));
        assertEquals(livePassed(), tests.getInteger("passed"));
        assertEquals(new JsonArray(), tests.getJsonArray("failures"));

        int all = changing.size() + unchanged.size();
        assertEquals(all - 2, impact.getLong("replayed"));
        assertEquals(2, impact.getLong("skipped"), "one record without facts, one whose facts cannot be read");
        assertEquals(changing.size() - 2, impact.getLong("changed"));

        JsonArray transitions = impact.getJsonArray("transitions");
        assertEquals(1, transitions.size(), transitions.encodePrettily());
        JsonObject t = transitions.getJsonObject(0);
        assertEquals("after_sales", t.getString("scenario"));
        assertEquals(new JsonObject().put("outcome", "deny").put("reason", "WINDOW_EXPIRED"), t.getJsonObject("from"));
        assertEquals(new JsonObject().put("outcome", "allow").put("reason", "WITHIN_WINDOW"), t.getJsonObject("to"));
        assertEquals(changing.size() - 2, t.getLong("count"));
        // up to 20 examples: the most recently evaluated of the decisions that turn
        List<String> expected = changing.stream()
                .filter(d -> !d.getString("decisionId").equals(withoutFacts)
                        && !d.getString("decisionId").equals(unreadableFacts))
                .sorted(Comparator.comparing((JsonObject d) -> Instant.parse(d.getString("evaluatedAt")))
                        .reversed())
                .map(d -> d.getString("decisionId"))
                .limit(20)
                .toList();
        assertEquals(expected, t.getJsonArray("examples").getList());
    }

    @Test
    void nothingIsWrittenAndTheActivePolicyStays() throws Exception {
        Map<String, Long> rows = rowCounts();
        Map<String, String> files = snapshot(service.rulesDir());
        JsonObject policy =
                service.send("GET", "/v1/policy", null, keys.bearer("A-policy")).json();

        assertEquals("valid", impact("A-policy", readmeEdit, DAY).getString("status"));
        assertEquals("rejected", impact("A-policy", windowOnly, DAY).getString("status"));
        assertEquals("rejected", impact("A-policy", drlError, DAY).getString("status"));

        assertEquals(rows, rowCounts(), "no row written, in any table");
        assertEquals(files, snapshot(service.rulesDir()), "the watched rules folder: no file written, none touched");
        JsonObject after =
                service.send("GET", "/v1/policy", null, keys.bearer("A-policy")).json();
        assertEquals(policy, after, "the same rule set, loaded at the same time; no reload");
        assertEquals(RuleFolder.read(service.rulesDir()).version(), after.getString("version"));
        assertTrue(rows.get("decisions") >= changing.size() + unchanged.size() + storedB.size(), rows.toString());
        // the active policy still decides with the 2-minute window
        JsonObject threeMinutes = request("after_sales", Instant.parse("2026-11-30T08:00:00Z"), 180)
                .put("mode", "preview");
        TestService.Response r =
                service.send("POST", "/v1/recall-decisions", threeMinutes.encode(), keys.bearer("A-platform"));
        assertEquals("WINDOW_EXPIRED", reason(r.json()), r.body());
    }

    // ------------------------------------------------------------------ candidates a reload would reject

    @Test
    void aCandidateWithADrlErrorIsRejectedWithFileLineAndColumnAndNothingIsReplayed() {
        LogCapture capture = LogCapture.attach();
        JsonObject impact;
        try {
            impact = impact("A-policy", drlError, DAY);
        } finally {
            capture.detach();
        }
        assertEquals("rejected", impact.getString("status"), impact.encode());
        assertEquals(RuleFolder.read(drlError).version(), impact.getString("candidateVersion"));
        JsonArray errors = impact.getJsonArray("errors");
        assertFalse(errors.isEmpty());
        JsonObject e = errors.getJsonObject(0);
        assertEquals("10-who-may-recall.drl", e.getString("file"), errors.encode());
        assertTrue(e.getInteger("line") > 0, e.encode());
        assertTrue(e.getInteger("column") > 0, e.encode());
        assertFalse(e.getString("message").isBlank());
        assertNothingReplayed(impact);
        assertEquals(
                new JsonObject().put("passed", 0).put("failed", 0).put("failures", new JsonArray()),
                impact.getJsonObject("scenarioTests"));
        // the candidate is the client's text: no log line holds it
        assertTrue(capture.text().contains("rejected"), capture.text());
        assertFalse(capture.text().contains("Marker-QX7"), capture.text());
        assertFalse(capture.text().contains("oops"), capture.text());
    }

    @Test
    void aCandidateFailingItsScenarioTestsIsRejectedWithTheFailures() {
        JsonObject impact = impact("A-policy", windowOnly, DAY);
        assertEquals("rejected", impact.getString("status"), impact.encode());
        assertEquals(new JsonArray(), impact.getJsonArray("errors"));
        JsonObject tests = impact.getJsonObject("scenarioTests");
        assertEquals(3, tests.getInteger("failed"), tests.encodePrettily());
        assertEquals(livePassed() - 3, tests.getInteger("passed"));
        for (Object o : tests.getJsonArray("failures")) {
            JsonObject f = (JsonObject) o;
            assertEquals("tests/07-after-sales.yaml", f.getString("file"));
            assertTrue(f.getString("name").startsWith("After sales, "), f.encode());
            assertTrue(f.getString("name").contains("two minutes"), "a case about the window: " + f.encode());
            assertFalse(f.getString("actual").isBlank());
        }
        assertNothingReplayed(impact);
    }

    @Test
    void aFileThatIsNotUtf8IsJudgedAsTheReloadWouldJudgeIt() throws Exception {
        Path gbk = copyLive("gbk");
        Path messages = gbk.resolve("messages.csv");
        Files.write(messages, Files.readString(messages).getBytes(Charset.forName("GBK")));
        JsonArray files = folder(gbk);
        JsonObject sent = null;
        for (Object o : files) {
            if (((JsonObject) o).getString("path").equals("messages.csv")) {
                sent = (JsonObject) o;
            }
        }
        assertNotNull(sent);
        assertEquals("base64", sent.getString("encoding"));
        JsonObject impact = post("A-policy", new JsonObject("{\"files\":" + files.encode() + "," + DAY + "}"));
        assertEquals("rejected", impact.getString("status"), impact.encode());
        assertEquals(RuleFolder.read(gbk).version(), impact.getString("candidateVersion"));
        JsonObject e = impact.getJsonArray("errors").getJsonObject(0);
        assertEquals("messages.csv", e.getString("file"), impact.encode());
        assertTrue(e.getString("message").contains("not UTF-8"), e.encode());
    }

    // ------------------------------------------------------------------ tenants and the window

    @Test
    void eachTenantReplaysOnlyItsOwnDecisions() {
        JsonObject b = impact("B-policy", readmeEdit, DAY);
        assertEquals(4, b.getLong("replayed"));
        assertEquals(0, b.getLong("skipped"));
        assertEquals(3, b.getLong("changed"));
        JsonObject t = b.getJsonArray("transitions").getJsonObject(0);
        assertEquals(3, t.getLong("count"));
        Set<String> bIds = new TreeSet<>(
                storedB.stream().map(d -> d.getString("decisionId")).toList());
        assertTrue(bIds.containsAll(t.getJsonArray("examples").getList()), t.encode());

        JsonObject a = impact("A-policy", readmeEdit, DAY);
        for (Object id : a.getJsonArray("transitions").getJsonObject(0).getJsonArray("examples")) {
            assertFalse(bIds.contains((String) id), "B's decision in A's examples: " + id);
        }
        // a tenant without decisions in the window
        JsonObject c =
                impact("C-policy", readmeEdit, "\"since\":\"2026-01-01T00:00:00Z\",\"until\":\"2026-01-02T00:00:00Z\"");
        assertEquals(0, c.getLong("replayed"));
        assertEquals(new JsonArray(), c.getJsonArray("transitions"));
    }

    @Test
    void theWindowIsHalfOpenAndDefaultsToTheLastSevenDays() {
        // C decides now-ish: 1 and 6 days ago are in the default window, 8 days ago is not
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<JsonObject> c = decide(
                "C-platform",
                List.of(
                        request("after_sales", now.minus(Duration.ofDays(1)), 180),
                        request("after_sales", now.minus(Duration.ofDays(6)), 180),
                        request("after_sales", now.minus(Duration.ofDays(8)), 180)));
        JsonObject byDefault = impact("C-policy", readmeEdit, null);
        assertEquals(2, byDefault.getLong("replayed"), byDefault.encode());
        assertEquals(2, byDefault.getLong("changed"));
        assertEquals(
                List.of(c.get(0).getString("decisionId"), c.get(1).getString("decisionId")),
                byDefault
                        .getJsonArray("transitions")
                        .getJsonObject(0)
                        .getJsonArray("examples")
                        .getList());

        // [since, until): the decision evaluated exactly at since counts, the one at until does not
        String at0 = c.get(0).getString("evaluatedAt");
        String at1 = c.get(1).getString("evaluatedAt");
        JsonObject exact = impact("C-policy", readmeEdit, "\"since\":\"" + at1 + "\",\"until\":\"" + at0 + "\"");
        assertEquals(1, exact.getLong("replayed"), exact.encode());
        assertEquals(
                List.of(c.get(1).getString("decisionId")),
                exact.getJsonArray("transitions")
                        .getJsonObject(0)
                        .getJsonArray("examples")
                        .getList());
    }

    // ------------------------------------------------------------------ the contract

    @Test
    void everyBadFieldIsNamedInOne400() {
        JsonArray files = folder(readmeEdit);
        files.add(new JsonObject().put("path", "/etc/passwd").put("content", "x"));
        files.add(new JsonObject().put("path", "settings.csv").put("content", "x"));
        files.add(new JsonObject().put("path", ".hidden").put("content", "x"));
        files.add(new JsonObject().put("path", "b.csv").put("content", "***").put("encoding", "base64"));
        int n = files.size();
        JsonObject body = new JsonObject()
                .put("files", files)
                .put("since", "last tuesday")
                .put("until", "2026-11-24T00:00:00Z")
                .put("dryRun", true);
        TestService.Response r = service.send("POST", "/v1/policy/impact", body.encode(), keys.bearer("A-policy"));
        assertEquals(400, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        Set<String> pointers = new TreeSet<>();
        for (Object o : r.json().getJsonArray("errors")) {
            pointers.add(((JsonObject) o).getString("pointer"));
        }
        assertEquals(
                new TreeSet<>(Set.of(
                        "", // the unknown field dryRun, named at its object (a key is never echoed)
                        "/files/" + (n - 4) + "/path",
                        "/files/" + (n - 3) + "/path",
                        "/files/" + (n - 2) + "/path",
                        "/files/" + (n - 1) + "/content",
                        "/since")),
                pointers,
                r.body());
        assertFalse(r.body().contains("last tuesday"), "the problem echoes the input: " + r.body());

        TestService.Response backwards = service.send(
                "POST",
                "/v1/policy/impact",
                new JsonObject("{\"files\":" + folder(readmeEdit).encode()
                                + ",\"since\":\"2026-11-25T00:00:00Z\",\"until\":\"2026-11-24T00:00:00Z\"}")
                        .encode(),
                keys.bearer("A-policy"));
        assertEquals(400, backwards.status(), backwards.body());
        assertEquals(
                "/since",
                backwards.json().getJsonArray("errors").getJsonObject(0).getString("pointer"));

        TestService.Response notJson =
                service.send("POST", "/v1/policy/impact", "{\"files\":[", keys.bearer("A-policy"));
        assertEquals(400, notJson.status(), notJson.body());

        // over the 256 KiB body limit
        String big = "x".repeat(300 * 1024);
        TestService.Response tooLarge = service.send(
                "POST",
                "/v1/policy/impact",
                new JsonObject()
                        .put(
                                "files",
                                new JsonArray()
                                        .add(new JsonObject()
                                                .put("path", "a.csv")
                                                .put("content", big)))
                        .encode(),
                keys.bearer("A-policy"));
        assertEquals(413, tooLarge.status(), tooLarge.body());
    }

    @Test
    void onlyThePolicyRoleMayAsk() {
        String body = "{\"files\":" + folder(readmeEdit).encode() + "," + DAY + "}";
        assertEquals(
                401, service.send("POST", "/v1/policy/impact", body, Map.of()).status());
        for (String other : List.of("A-platform", "A-auditor")) {
            TestService.Response r = service.send("POST", "/v1/policy/impact", body, keys.bearer(other));
            assertEquals(403, r.status(), other + ": " + r.body());
        }
    }

    // ------------------------------------------------------------------ the CLI

    @Test
    void theImpactCommandPrintsTheTransitionsAsATable() {
        CliRun run = cli(
                "A-policy",
                readmeEdit.toString(),
                "--url",
                url(),
                "--since",
                "2026-11-24",
                "--until",
                "2026-11-25T00:00:00Z");
        assertEquals(0, run.code(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals(
                "candidate " + RuleFolder.read(readmeEdit).version() + " ("
                        + RuleFolder.read(readmeEdit).files().size() + " files): valid, " + livePassed()
                        + " scenario tests passed",
                lines.get(0));
        assertEquals(
                "replayed " + (changing.size() + unchanged.size() - 2) + " stored decisions evaluated from"
                        + " 2026-11-24T00:00:00Z to 2026-11-25T00:00:00Z (2 skipped: recorded without facts, or facts"
                        + " that could not be decided again)",
                lines.get(1));
        assertEquals((changing.size() - 2) + " would change:", lines.get(2));
        assertTrue(lines.get(3).matches("scenario +before +after +count +example"), lines.get(3));
        assertTrue(
                lines.get(4)
                        .matches("after_sales +deny WINDOW_EXPIRED +allow WITHIN_WINDOW +" + (changing.size() - 2)
                                + "  [0-9a-f-]{36}"),
                lines.get(4));
        int countEnd = lines.get(3).indexOf("count") + "count".length();
        String count = String.valueOf(changing.size() - 2);
        assertEquals(count, lines.get(4).substring(countEnd - count.length(), countEnd), "counts right-aligned");
        assertEquals(5, lines.size(), run.out());

        CliRun json = cli(
                "A-policy",
                readmeEdit.toString(),
                "--url",
                url(),
                "--since",
                "2026-11-24",
                "--until",
                "2026-11-25",
                "--json");
        assertEquals(0, json.code(), json.err());
        assertEquals(
                20,
                new JsonObject(json.out())
                        .getJsonArray("transitions")
                        .getJsonObject(0)
                        .getJsonArray("examples")
                        .size());
    }

    @Test
    void theImpactCommandExitsOneWhenRejectedOrRefusedAnd64ForABadOption() {
        CliRun rejected = cli(
                "A-policy", windowOnly.toString(), "--url", url(), "--since", "2026-11-24", "--until", "2026-11-25");
        assertEquals(1, rejected.code(), rejected.out() + rejected.err());
        List<String> fails = rejected.out()
                .lines()
                .filter(l -> l.startsWith("FAIL  tests/07-after-sales.yaml: \"After sales, "))
                .toList();
        assertEquals(3, fails.size(), rejected.out());
        assertTrue(
                rejected.out()
                        .startsWith("candidate " + RuleFolder.read(windowOnly).version()),
                rejected.out());
        assertTrue(rejected.out().contains("REJECTED"), rejected.out());

        CliRun broken = cli("A-policy", drlError.toString(), "--url", url());
        assertEquals(1, broken.code(), broken.out() + broken.err());
        assertTrue(
                broken.out().lines().anyMatch(l -> l.matches("ERROR 10-who-may-recall\\.drl:\\d+:\\d+: .+")),
                broken.out());

        CliRun noKey = cli(null, readmeEdit.toString(), "--url", url());
        assertEquals(1, noKey.code(), noKey.err());
        assertTrue(noKey.err().contains("401"), noKey.err());
        CliRun wrongRole = cli("A-platform", readmeEdit.toString(), "--url", url());
        assertEquals(1, wrongRole.code(), wrongRole.err());
        assertTrue(wrongRole.err().contains("403"), wrongRole.err());

        CliRun badSince = cli("A-policy", readmeEdit.toString(), "--url", url(), "--since", "last tuesday");
        assertEquals(64, badSince.code(), badSince.err());
        assertTrue(badSince.err().contains("'last tuesday' is not an RFC 3339 date-time"), badSince.err());
        CliRun backwards = cli(
                "A-policy", readmeEdit.toString(), "--url", url(), "--since", "2026-11-25", "--until", "2026-11-24");
        assertEquals(64, backwards.code(), backwards.err());
        assertTrue(backwards.err().contains("--since must be before until"), backwards.err());
        CliRun noFolder = cli("A-policy", readmeEdit.resolve("nothing-here").toString(), "--url", url());
        assertEquals(64, noFolder.code(), noFolder.err());
        CliRun noUrl = cli("A-policy", readmeEdit.toString());
        assertEquals(64, noUrl.code(), noUrl.err());
        CliRun unreachable = cli("A-policy", readmeEdit.toString(), "--url", "http://127.0.0.1:1");
        assertEquals(1, unreachable.code(), unreachable.err());
    }

    // ------------------------------------------------------------------ helpers

    private static void assertNothingReplayed(JsonObject impact) {
        assertEquals(0, impact.getLong("replayed"));
        assertEquals(0, impact.getLong("changed"));
        assertEquals(0, impact.getLong("skipped"));
        assertEquals(new JsonArray(), impact.getJsonArray("transitions"));
    }

    /** How many scenario tests the shipped folder has (all pass). */
    private static int livePassed() {
        int n = 0;
        for (RuleFile f : RuleFolder.read(service.rulesDir()).scenarioTests()) {
            n += (int) new String(f.content(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> l.startsWith("  - name:"))
                    .count();
        }
        return n;
    }

    private static JsonObject impact(String key, Path candidate, String window) {
        return post(
                key,
                new JsonObject(
                        "{\"files\":" + folder(candidate).encode() + (window == null ? "" : "," + window) + "}"));
    }

    private static JsonObject post(String key, JsonObject body) {
        TestService.Response r = service.send("POST", "/v1/policy/impact", body.encode(), keys.bearer(key));
        assertEquals(200, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/json"), r.contentType());
        return r.json();
    }

    /** The folder as the request's {@code files}: text, or base64 for a file that is not UTF-8. */
    static JsonArray folder(Path dir) {
        JsonArray files = new JsonArray();
        for (RuleFile f : RuleFolder.read(dir).files()) {
            JsonObject file = new JsonObject().put("path", f.path());
            try {
                file.put(
                        "content",
                        StandardCharsets.UTF_8
                                .newDecoder()
                                .decode(java.nio.ByteBuffer.wrap(f.content()))
                                .toString());
            } catch (java.nio.charset.CharacterCodingException e) {
                file.put("content", java.util.Base64.getEncoder().encodeToString(f.content()))
                        .put("encoding", "base64");
            }
            files.add(file);
        }
        return files;
    }

    /** A customer's own unanswered text message, asked about {@code ageSeconds} after {@code sentAt}. */
    static JsonObject request(String scenario, Instant sentAt, long ageSeconds) {
        return Requests.recall(scenario, "ok", sentAt, sentAt.plusSeconds(ageSeconds));
    }

    private static Instant sentAt(JsonObject request) {
        return Instant.parse(request.getJsonObject("message").getString("sentAt"));
    }

    /** Decides the requests (enforce) and returns them as stored. */
    private static List<JsonObject> decide(String key, List<JsonObject> requests) {
        TestService.Response r = service.send(
                "POST",
                "/v1/recall-decisions/batch",
                new JsonObject()
                        .put("requests", new JsonArray(new ArrayList<Object>(requests)))
                        .encode(),
                keys.bearer(key));
        assertEquals(200, r.status(), r.body());
        List<JsonObject> stored = new ArrayList<>();
        for (Object o : r.json().getJsonArray("decisions")) {
            stored.add((JsonObject) o);
        }
        return stored;
    }

    private static String reason(JsonObject decision) {
        return decision.getJsonArray("reasons").getJsonObject(0).getString("code");
    }

    private static Path copyLive(String name) throws IOException {
        Path dir = Files.createTempDirectory("impact-" + name);
        TestService.copyTree(service.rulesDir(), dir);
        return dir;
    }

    /** Every table's row count in the service's database. */
    private static Map<String, Long> rowCounts() throws Exception {
        Map<String, Long> out = new TreeMap<>();
        try (Connection c = Jdbc.connect(databaseUrl);
                Statement st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs =
                    st.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                            + " AND table_type = 'BASE TABLE'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM \"" + t + "\"")) {
                    rs.next();
                    out.put(t, rs.getLong(1));
                }
            }
        }
        return out;
    }

    /** Every file under {@code dir} with its digest and modification time. */
    private static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.toList()) {
                if (Files.isRegularFile(p)) {
                    out.put(
                            dir.relativize(p).toString(),
                            HexFormat.of()
                                            .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                                    .digest(Files.readAllBytes(p)))
                                    + " " + Files.getLastModifiedTime(p));
                } else {
                    out.put(dir.relativize(p) + "/", "");
                }
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** A database of this test's own on the shared test server. */
    private static String ownDatabase() throws Exception {
        String shared = TestPostgres.url();
        String name = "impact_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = Jdbc.connect(shared);
                Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        URI u = URI.create(shared);
        return u.getScheme() + "://" + u.getUserInfo() + "@" + u.getHost() + ":" + u.getPort() + "/" + name;
    }

    private static String url() {
        return "http://127.0.0.1:" + service.port();
    }

    private static CliRun cli(String keyLabel, String... args) {
        return CliRun.run(
                ImpactCli::new, keyLabel == null ? Map.of() : Map.of(ImpactCommand.KEY_ENV, keys.key(keyLabel)), args);
    }
}
