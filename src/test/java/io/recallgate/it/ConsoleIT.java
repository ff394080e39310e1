package io.recallgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The console (issue 13, API.md "Console") in a real browser against the real service and
 * PostgreSQL: what a policy author and a service manager see, read back from the page and
 * compared with what the API answers. Screenshots of every state go to target/console-screenshots/.
 *
 * <p>The service with API keys has a tenant of its own, so the counts the page shows are exactly
 * the decisions made here; the service without keys shares the open tenant with other tests, so
 * only the policy is looked at there.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {

    /** After-sales messages asked about 3 minutes after sending: denied now, allowed with a 5-minute window. */
    static final int TURNED = 4;

    static KeysFile keys;
    static TestService service;
    static TestService open;
    static Chromium browser;

    /** The after-sales conversation under two holds, one of them released. */
    static final String HELD = "c-held-" + UUID.randomUUID();

    @BeforeAll
    static void start() {
        String tenant = "console-" + UUID.randomUUID();
        keys = new KeysFile()
                .add("manager", tenant, "policy,auditor,dispute,platform")
                .add("author", tenant, "policy")
                .add("auditor", tenant, "auditor")
                .write();
        service = TestService.start(Map.of("api-keys-file", keys.path().toString()));
        open = TestService.start();
        decideThroughTheApi();
        browser = Chromium.start("zh-CN");
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (service != null) {
            service.close();
        }
        if (open != null) {
            open.close();
        }
    }

    @AfterEach
    void noContentSecurityViolationsOrScriptErrors() {
        List<String> problems = browser.consoleMessages().stream()
                .filter(m -> m.startsWith("SEVERE"))
                // the page asks the API on purpose: a 401 brings the key prompt, a 403 the role notice
                .filter(m -> !m.matches(
                        "(?s).*/v1/.* - Failed to load resource: the server responded with a status of 40[13].*"))
                .toList();
        assertEquals(List.of(), problems, "the browser's console");
    }

    // ---------------------------------------------------------------- what the decisions are

    /**
     * Yesterday and the day before, in after sales, e-commerce and tech support; {@link #TURNED}
     * of them are after-sales messages asked about 3 minutes after sending.
     */
    static void decideThroughTheApi() {
        Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS);
        JsonArray batch = new JsonArray();
        for (int day = 1; day <= 2; day++) {
            Instant at = today.minus(day, ChronoUnit.DAYS).plus(9, ChronoUnit.HOURS);
            for (int i = 0; i < TURNED / 2; i++) {
                batch.add(request("after_sales", at, 180, true)); // WINDOW_EXPIRED; WITHIN_WINDOW at 5 min
            }
            batch.add(request("after_sales", at, 360, true)); // WINDOW_EXPIRED either way
            batch.add(request("after_sales", at, 60, true)); // WITHIN_WINDOW either way
            batch.add(request("after_sales", at, 60, false)); // NOT_SENDER
            for (int i = 0; i < day + 1; i++) {
                batch.add(request("ecommerce", at, 30, true)); // SCENARIO_NO_RECALL
                batch.add(request("tech_support", at, 30, true)); // LATEST_UNREPLIED
            }
        }
        TestService.Response r = service.send(
                "POST",
                "/v1/recall-decisions/batch",
                new JsonObject().put("requests", batch).encode(),
                keys.bearer("manager"));
        assertEquals(200, r.status(), r.body());

        TestService.Response held = service.send(
                "POST",
                "/v1/holds",
                new JsonObject()
                        .put("conversationId", HELD)
                        .put("reason", "退款争议 #88")
                        .put("placedBy", "agent-7")
                        .encode(),
                keys.bearer("manager"));
        assertEquals(201, held.status(), held.body());
        TestService.Response second = service.send(
                "POST",
                "/v1/holds",
                new JsonObject()
                        .put("conversationId", HELD)
                        .put("messageIds", new JsonArray().add("m-17"))
                        .put("reason", "<b>refund</b> dispute #87")
                        .put("placedBy", "agent-3")
                        .encode(),
                keys.bearer("manager"));
        assertEquals(201, second.status(), second.body());
        TestService.Response released = service.send(
                "POST",
                "/v1/holds/" + second.json().getString("holdId") + "/release",
                new JsonObject()
                        .put("releasedBy", "agent-3")
                        .put("reason", "resolved")
                        .encode(),
                keys.bearer("manager"));
        assertEquals(200, released.status(), released.body());
    }

    static JsonObject request(String scenario, Instant at, long ageSeconds, boolean bySender) {
        JsonObject request = Requests.recall(scenario, "发错了，sorry", at.minusSeconds(ageSeconds), at);
        return bySender ? request : Requests.byAgent(request);
    }

    // ---------------------------------------------------------------- the tests

    @Test
    @Order(1)
    void withoutKeysThePageNeedsNoKeyAndShowsTheLivePolicyAndItsLastReload() throws IOException {
        TestService.Response page = open.get("/console/");
        assertEquals(200, page.status());
        assertTrue(page.contentType().startsWith("text/html"), page.contentType());
        String csp = page.header("Content-Security-Policy");
        assertNotNull(csp);
        assertTrue(csp.contains("script-src 'self';") && !csp.contains("unsafe-inline"), csp);
        assertTrue(csp.contains("frame-ancestors 'none'"), csp);
        assertEquals("nosniff", page.header("X-Content-Type-Options"));
        assertEquals("no-referrer", page.header("Referrer-Policy"));
        assertEquals(301, open.get("/console").status());
        assertEquals("/console/", open.get("/console").header("Location"));
        TestService.Response library = open.get("/console/vendor/echarts-5.3.1/echarts.common.min.js");
        assertEquals(200, library.status());
        assertTrue(library.header("Cache-Control").contains("immutable"));
        assertTrue(
                library.contentType().startsWith("application/javascript")
                        || library.contentType().startsWith("text/javascript"),
                library.contentType());
        // a path is text the client chose: metrics (and the access log) name the route, not the path
        assertEquals(404, open.get("/console/6222021001123456789").status());
        String metrics = open.get("/metrics").body();
        assertTrue(metrics.contains("route=\"/console/{file}\""), "console routes in the metrics");
        assertFalse(metrics.contains("6222021001123456789"));

        String version = open.get("/v1/policy").json().getString("version");
        browser.driver().get(url(open, "policy"));
        assertEquals(version, shownVersion());
        assertTrue(browser.driver().findElements(By.id("key-input")).isEmpty(), "no key is asked for");
        assertEquals("未开启身份验证（仅本机访问）", text(By.id("auth-status")));
        assertEquals("已生效", text(By.id("reload-status")));
        browser.screenshot("01-policy-zh");

        // a broken edit saved into the rules folder: rejected, located, the previous rules keep deciding
        Path settings = open.rulesDir().resolve("settings.csv");
        String good = Files.readString(settings);
        Files.writeString(
                settings, good.replace("after_sales,yes,window,2 minutes", "after_sales,yes,window,two minutes"));
        awaitReload(open, r -> "rejected".equals(r.getJsonObject("lastReload").getString("status")));
        browser.driver().findElement(By.id("policy-refresh")).click();
        browser.waiting().until(ExpectedConditions.textToBe(By.id("reload-status"), "已拒绝，之前的规则继续生效"));
        assertEquals(version, shownVersion());
        String errors = text(By.id("reload-errors"));
        assertTrue(errors.contains("settings.csv 第 3 行，第 24 列"), errors);
        assertTrue(errors.contains("第 3 行 · 撤回时限：“two minutes”不是有效的时长"), errors);
        browser.screenshot("02-policy-rejected-zh");

        // saved again, corrected: the page shows the new version in force
        Files.writeString(settings, good.replace("general,yes,window,2 minutes", "general,yes,window,120 seconds"));
        JsonObject now = awaitReload(
                open, r -> "active".equals(r.getJsonObject("lastReload").getString("status")));
        assertFalse(version.equals(now.getString("version")));
        browser.driver().findElement(By.id("policy-refresh")).click();
        browser.waiting().until(d -> now.getString("version").equals(shownVersionOrNull()));
        assertEquals("已生效", text(By.id("reload-status")));
    }

    @Test
    @Order(2)
    void withKeysThePageAsksForOneAndASectionSaysWhichRoleItNeeds() {
        browser.driver().get(url(service, "policy"));
        WebElement input = visible(By.id("key-input"));
        browser.screenshot("03-key-prompt-zh");
        input.sendKeys("rg_not-a-key");
        browser.driver().findElement(By.id("key-submit")).click();
        visible(By.id("key-rejected"));

        // a key with the policy role only: the policy shows, the report says it needs the auditor role
        visible(By.id("key-input")).sendKeys(keys.key("author"));
        browser.driver().findElement(By.id("key-submit")).click();
        assertEquals(401, service.get("/v1/policy").status(), "the API itself wants a key");
        assertEquals(
                service.send("GET", "/v1/policy", null, keys.bearer("author"))
                        .json()
                        .getString("version"),
                shownVersion());
        assertFalse(browser.driver().getCurrentUrl().contains(keys.key("author")), "the key is never in the address");
        assertEquals(keys.key("author"), browser.js("return sessionStorage.getItem('recallgate.apiKey')"));

        browser.driver().findElement(By.id("tab-report")).click();
        // the section renders twice (a placeholder, then the answer): read the notice once it says its role
        By notice = By.cssSelector("#section-report .need-role");
        browser.waiting().until(ExpectedConditions.attributeToBe(notice, "data-role", "auditor"));
        browser.waiting().until(d -> text(notice).contains("auditor（审计与报告）"));
        browser.screenshot("04-report-without-role-zh");

        browser.driver().findElement(By.id("tab-holds")).click();
        visible(By.id("hold-ids")).sendKeys(HELD);
        browser.driver().findElement(By.id("hold-search")).click();
        browser.waiting()
                .until(ExpectedConditions.attributeToBe(
                        By.cssSelector("#section-holds .need-role"), "data-role", "dispute"));

        // the settings are the author's: the page reads them, the check is theirs to run
        browser.driver().findElement(By.id("tab-settings")).click();
        visible(By.id("settings-table"));

        browser.driver().findElement(By.id("sign-out")).click();
        visible(By.id("key-input"));
        assertNull(browser.js("return sessionStorage.getItem('recallgate.apiKey')"));
    }

    @Test
    @Order(3)
    void theReportChartsShowExactlyTheNumbersOfTheReportApi() throws Exception {
        signIn("manager", "report");
        browser.waiting().until(d -> chartReady("chart-daily") && chartReady("chart-scenario"));

        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String range = "from=" + today.minusDays(29) + "T00:00:00Z&to=" + today.plusDays(1) + "T00:00:00Z&interval=day";
        JsonObject byOutcome = report(range + "&groupBy=outcome");
        JsonObject byScenario = report(range + "&groupBy=scenario,outcome,reason");
        int total = 0;
        for (Object row : byOutcome.getJsonArray("rows")) {
            total += ((JsonObject) row).getInteger("count");
        }
        assertEquals(TURNED / 2 * 2 + 2 * 3 + (2 + 3) * 2, total, "every decision made here, and only those");

        // chart 1: per day and outcome — the chart's own data, and the table under it
        JsonObject daily = chart("chart-daily");
        List<String> days = daily.getJsonArray("x").getList();
        Map<String, Map<String, Integer>> expected = new HashMap<>();
        for (Object o : byOutcome.getJsonArray("rows")) {
            JsonObject row = (JsonObject) o;
            expected.computeIfAbsent(row.getString("outcome"), k -> new HashMap<>())
                    .put(row.getString("bucket"), row.getInteger("count"));
        }
        assertEquals(30, days.size(), "every day of the last 30 days");
        Map<String, Map<String, Integer>> drawn = new HashMap<>();
        for (Object s : daily.getJsonArray("series")) {
            JsonObject series = (JsonObject) s;
            Map<String, Integer> values = new HashMap<>();
            for (int i = 0; i < days.size(); i++) {
                int v = series.getJsonArray("data").getInteger(i);
                if (v != 0) {
                    values.put(days.get(i), v);
                }
            }
            drawn.put(series.getString("id"), values);
        }
        assertEquals(expected, drawn);
        Map<String, Map<String, Integer>> tabled = new HashMap<>();
        for (WebElement cell :
                browser.driver().findElements(By.cssSelector("#table-daily tr[data-bucket] td[data-outcome]"))) {
            String outcome = cell.getAttribute("data-outcome");
            int v = number(cell.getText());
            if (!outcome.equals("total") && v != 0) {
                String bucket = cell.findElement(By.xpath("..")).getAttribute("data-bucket");
                tabled.computeIfAbsent(outcome, k -> new HashMap<>()).put(bucket, v);
            }
        }
        assertEquals(expected, tabled);

        // chart 2: per scenario and decisive reason, summed over the period
        Map<String, Integer> perScenario = new HashMap<>();
        for (Object o : byScenario.getJsonArray("rows")) {
            JsonObject row = (JsonObject) o;
            perScenario.merge(
                    row.getString("scenario") + "/" + row.getString("outcome") + ":" + row.getString("reason"),
                    row.getInteger("count"),
                    Integer::sum);
        }
        assertEquals(TURNED / 2 * 2 + 2, perScenario.get("after_sales/deny:WINDOW_EXPIRED"));
        JsonObject scenarios = chart("chart-scenario");
        List<String> names = scenarios.getJsonArray("x").getList();
        Map<String, Integer> drawnPerScenario = new HashMap<>();
        for (Object s : scenarios.getJsonArray("series")) {
            JsonObject series = (JsonObject) s;
            for (int i = 0; i < names.size(); i++) {
                int v = series.getJsonArray("data").getInteger(i);
                if (v != 0) {
                    drawnPerScenario.put(names.get(i) + "/" + series.getString("id"), v);
                }
            }
        }
        assertEquals(perScenario, drawnPerScenario);
        Map<String, Integer> tabledPerScenario = new HashMap<>();
        for (WebElement row : browser.driver().findElements(By.cssSelector("#table-scenario tr[data-scenario]"))) {
            tabledPerScenario.put(
                    row.getAttribute("data-scenario") + "/" + row.getAttribute("data-outcome") + ":"
                            + row.getAttribute("data-reason"),
                    number(row.findElement(By.cssSelector("td.count")).getText()));
        }
        assertEquals(perScenario, tabledPerScenario);
        // reason codes come with their sentence from the policy's messages.csv
        String table = text(By.id("table-scenario"));
        assertTrue(table.contains("已超过撤回时限") && table.contains("已超过可撤回时间，无法撤回。"), table);
        browser.screenshot("05-report-zh");

        // the CSV download is the API's own CSV
        browser.driver().findElement(By.id("csv-scenario")).click();
        Path csv = awaitDownload(".csv");
        TestService.Response apiCsv = service.send(
                "GET",
                "/v1/reports/decisions?" + range + "&groupBy=scenario,outcome,reason",
                null,
                Map.of("Authorization", keys.bearer("manager").get("Authorization"), "Accept", "text/csv"));
        assertEquals(apiCsv.body(), Files.readString(csv, StandardCharsets.UTF_8));

        // the same page in English
        browser.driver()
                .findElement(By.cssSelector("#lang-switch button[data-lang='en']"))
                .click();
        browser.waiting().until(d -> chartReady("chart-daily"));
        assertEquals("Reports", text(By.id("tab-report")));
        assertEquals(perScenario, perScenarioOf(chart("chart-scenario")));
        assertTrue(text(By.id("table-scenario")).contains("The time to recall this message has passed."));
        browser.screenshot("06-report-en");
        browser.driver()
                .findElement(By.cssSelector("#lang-switch button[data-lang='zh-CN']"))
                .click();
    }

    @Test
    @Order(4)
    void anAuditorReadsTheReportWithTheReasonsSentencesButNotThePolicy() {
        signIn("auditor", "policy");
        assertEquals(
                "policy", visible(By.cssSelector("#section-policy .need-role")).getAttribute("data-role"));
        browser.driver().findElement(By.id("tab-report")).click();
        browser.waiting().until(d -> chartReady("chart-scenario"));
        // the sentences come from the version in force, found in the archive's list (no policy role)
        browser.waiting().until(d -> text(By.id("table-scenario")).contains("只有消息的发送者本人才能撤回这条消息。"));
        browser.driver().findElement(By.id("tab-settings")).click();
        assertEquals(
                "policy",
                visible(By.cssSelector("#section-settings .need-role")).getAttribute("data-role"));
    }

    @Test
    @Order(4)
    void holdsOfAConversationOpenAndReleased() {
        signIn("manager", "holds");
        visible(By.id("hold-ids")).sendKeys(HELD + ", c-nothing-here" + Keys.ENTER);
        WebElement found = visible(By.cssSelector(".conversation[data-conversation='" + HELD + "']"));
        assertEquals(1, found.findElements(By.cssSelector("tr.hold-active")).size());
        assertEquals(1, found.findElements(By.cssSelector("tr.hold-released")).size());
        String shown = found.getText();
        assertTrue(shown.contains("整个会话") && shown.contains("退款争议 #88"), shown);
        // what the API returns is text, never markup
        assertTrue(shown.contains("<b>refund</b> dispute #87"), shown);
        assertTrue(found.findElements(By.tagName("b")).isEmpty());
        assertTrue(shown.contains("消息 m-17") && shown.contains("resolved"), shown);
        assertTrue(text(By.cssSelector(".conversation[data-conversation='c-nothing-here']"))
                .contains("没有冻结记录"));
        browser.screenshot("07-holds-zh");
    }

    @Test
    @Order(5)
    void aRejectedEditShowsItsCell() throws IOException {
        signIn("manager", "settings");
        editCell("after_sales", "Recall window", "5 minuets");
        browser.driver().findElement(By.id("check-button")).click();
        WebElement status = visible(By.cssSelector("#check-status"));
        assertEquals("rejected", status.getAttribute("data-status"));
        WebElement cell = cell("after_sales", "Recall window");
        assertTrue(cell.getAttribute("class").contains("error"), cell.getAttribute("class"));
        assertEquals(
                1,
                browser.driver()
                        .findElements(By.cssSelector("#settings-table td.error"))
                        .size());
        String errors = text(By.id("check-errors"));
        assertTrue(errors.contains("settings.csv 第 3 行"), errors);
        assertTrue(errors.contains("撤回时限：“5 minuets”不是有效的时长"), errors);
        String row = text(By.cssSelector("#settings-table tr.error-line"));
        assertTrue(row.contains("“5 minuets”不是有效的时长"), row);
        browser.screenshot("08-settings-rejected-cell-zh");
    }

    @Test
    @Order(6)
    void anEditedWindowIsPreviewedWithTheDecisionsItWouldTurn() throws Exception {
        signIn("manager", "settings");
        editCell("after_sales", "Recall window", "5 minutes");

        // with the shipped scenario tests, which pin the 2-minute window, the service would reject it
        browser.driver().findElement(By.id("check-button")).click();
        assertEquals("rejected", visible(By.id("check-status")).getAttribute("data-status"));
        String failures = text(By.id("check-test-failures"));
        assertEquals(
                3,
                browser.driver()
                        .findElements(By.cssSelector("#check-test-failures li"))
                        .size(),
                failures);
        assertTrue(
                failures.contains("After sales, a message may be recalled exactly two minutes after sending"),
                failures);
        assertTrue(
                failures.contains("可撤回至 2026-11-24 08:02:00 UTC") && failures.contains("可撤回至 2026-11-24 08:05:00 UTC"),
                failures);
        browser.screenshot("09-settings-tests-fail-zh");

        // the author adjusts those tests in the rules folder (here: drops the three that pin the window)
        String before = service.send("GET", "/v1/policy", null, keys.bearer("manager"))
                .json()
                .getString("version");
        Path tests = service.rulesDir().resolve("tests/07-after-sales.yaml");
        String yaml = Files.readString(tests);
        int from = yaml.indexOf("  # ---- the after-sales recall window");
        int to = yaml.indexOf("  # ---- replies and the rest");
        assertTrue(from > 0 && to > from, "the window cases of the shipped tests");
        Files.writeString(tests, yaml.substring(0, from) + yaml.substring(to));
        awaitReload(
                service,
                r -> !before.equals(r.getString("version"))
                        && "active".equals(r.getJsonObject("lastReload").getString("status")));

        signIn("manager", "settings");
        editCell("after_sales", "Recall window", "5 minutes");
        browser.driver().findElement(By.id("check-button")).click();
        assertEquals("valid", visible(By.id("check-status")).getAttribute("data-status"), text(By.id("check-result")));
        WebElement summary = visible(By.id("impact-summary"));
        assertEquals(String.valueOf(TURNED), summary.getAttribute("data-changed"));
        assertEquals(String.valueOf(TURNED), text(By.id("impact-changed")));
        List<WebElement> transitions =
                browser.driver().findElements(By.cssSelector("#impact-transitions tr.transition-row"));
        assertEquals(1, transitions.size());
        String transition = transitions.get(0).getText();
        assertTrue(
                transition.contains("售后") && transition.contains("已超过撤回时限") && transition.contains("在撤回时限内"),
                transition);
        assertEquals(
                String.valueOf(TURNED),
                transitions.get(0).findElement(By.cssSelector("td.count")).getText());
        assertTrue(text(By.id("save-note")).contains("服务会在一秒内启用它"));
        browser.screenshot("10-settings-impact-zh");

        browser.driver().findElement(By.id("download-settings")).click();
        Path saved = awaitDownload("settings.csv");
        String written = Files.readString(saved, StandardCharsets.UTF_8);
        String shipped = Files.readString(service.rulesDir().resolve("settings.csv"), StandardCharsets.UTF_8);
        assertEquals(shipped.replace("after_sales,yes,window,2 minutes", "after_sales,yes,window,5 minutes"), written);

        browser.driver()
                .findElement(By.cssSelector("#lang-switch button[data-lang='en']"))
                .click();
        visible(By.id("impact-summary"));
        browser.screenshot("11-settings-impact-en");
        browser.driver()
                .findElement(By.cssSelector("#lang-switch button[data-lang='zh-CN']"))
                .click();
    }

    // ---------------------------------------------------------------- helpers

    static String url(TestService s, String tab) {
        return "http://127.0.0.1:" + s.port() + "/console/#" + tab;
    }

    /** A fresh page of the keyed service, signed in with {@code label}'s key, on {@code tab}. */
    static void signIn(String label, String tab) {
        browser.driver().get(url(service, tab));
        browser.js("sessionStorage.removeItem('recallgate.apiKey')");
        browser.driver().navigate().refresh();
        visible(By.id("key-input")).sendKeys(keys.key(label));
        browser.driver().findElement(By.id("key-submit")).click();
        visible(By.id("section-" + tab));
    }

    static WebElement visible(By by) {
        return browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    static String text(By by) {
        return visible(by).getText();
    }

    static String shownVersion() {
        return visible(By.id("policy-version")).getAttribute("data-version");
    }

    static String shownVersionOrNull() {
        // read in one step in the page: the section is drawn again while the answer comes in
        return (String) browser.js(
                "var el = document.getElementById('policy-version'); return el ? el.dataset.version : null;");
    }

    /** The input of the settings table in the row of {@code scenario} and the column named {@code column}. */
    static WebElement input(String scenario, String column) {
        WebElement td = cell(scenario, column);
        return td.findElement(By.tagName("input"));
    }

    static WebElement cell(String scenario, String column) {
        visible(By.id("settings-table"));
        List<WebElement> heads = browser.driver().findElements(By.cssSelector("#settings-table thead th[data-column]"));
        int col = -1;
        for (int i = 0; i < heads.size(); i++) {
            if (heads.get(i).getAttribute("data-column").equals(column)) {
                col = i;
            }
        }
        assertTrue(col >= 0, "a column " + column);
        List<WebElement> firsts =
                browser.driver().findElements(By.cssSelector("#settings-table td[data-col='0'] input"));
        for (WebElement first : firsts) {
            if (scenario.equals(first.getAttribute("value"))) {
                String row = first.getAttribute("data-row");
                return browser.driver()
                        .findElement(
                                By.cssSelector("#settings-table td[data-row='" + row + "'][data-col='" + col + "']"));
            }
        }
        throw new AssertionError("no row " + scenario);
    }

    static void editCell(String scenario, String column, String value) {
        WebElement input = input(scenario, column);
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        input.sendKeys(value);
        assertTrue(cell(scenario, column).getAttribute("class").contains("changed"));
    }

    static boolean chartReady(String id) {
        return Boolean.TRUE.equals(browser.js(
                "var el = document.getElementById(arguments[0]);"
                        + " return !!(el && window.echarts && echarts.getInstanceByDom(el));",
                id));
    }

    /** The chart's categories and series as ECharts holds them (what it draws). */
    static JsonObject chart(String id) {
        String json = (String) browser.js(
                "var o = echarts.getInstanceByDom(document.getElementById(arguments[0])).getOption();"
                        + " var cat = o.xAxis[0].type === 'category' ? o.xAxis[0] : o.yAxis[0];"
                        + " return JSON.stringify({x: cat.data, series: o.series.map(function (s) {"
                        + " return {id: s.id, name: s.name, data: s.data}; })});",
                id);
        return new JsonObject(json);
    }

    static Map<String, Integer> perScenarioOf(JsonObject chart) {
        List<String> names = chart.getJsonArray("x").getList();
        Map<String, Integer> out = new HashMap<>();
        for (Object s : chart.getJsonArray("series")) {
            JsonObject series = (JsonObject) s;
            for (int i = 0; i < names.size(); i++) {
                int v = series.getJsonArray("data").getInteger(i);
                if (v != 0) {
                    out.put(names.get(i) + "/" + series.getString("id"), v);
                }
            }
        }
        return out;
    }

    static JsonObject report(String query) {
        TestService.Response r = service.send("GET", "/v1/reports/decisions?" + query, null, keys.bearer("manager"));
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    static int number(String shown) {
        return Integer.parseInt(shown.replaceAll("[^0-9]", ""));
    }

    /** Waits for a finished download whose name ends with {@code suffix}, and clears it after reading. */
    static Path awaitDownload(String suffix) throws Exception {
        Instant until = Instant.now().plusSeconds(15);
        while (Instant.now().isBefore(until)) {
            try (Stream<Path> files = Files.list(browser.downloads())) {
                List<Path> done = new ArrayList<>(
                        files.filter(p -> p.getFileName().toString().endsWith(suffix))
                                .toList());
                if (!done.isEmpty()) {
                    Path copy = Files.createTempFile("console-download", suffix);
                    copy.toFile().deleteOnExit();
                    Files.copy(done.get(0), copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    for (Path p : done) {
                        Files.delete(p);
                    }
                    return copy;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no download ending with " + suffix);
    }

    /** Polls GET /v1/policy until {@code done} holds (the watcher reloads within about a second). */
    static JsonObject awaitReload(TestService s, java.util.function.Predicate<JsonObject> done) {
        Instant until = Instant.now().plus(Duration.ofSeconds(20));
        Map<String, String> auth = s == service ? keys.bearer("manager") : Map.of();
        while (Instant.now().isBefore(until)) {
            JsonObject p = s.send("GET", "/v1/policy", null, auth).json();
            if (p.getJsonObject("lastReload") != null && done.test(p)) {
                return p;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("the service did not reload the rules folder as expected");
    }
}
