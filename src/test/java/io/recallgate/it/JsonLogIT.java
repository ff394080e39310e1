package io.recallgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service's standard output is its log: every line is one JSON object (with timestamp, level,
 * logger and message), except the one documented plain line {@code listening on http://HOST:PORT}.
 * A real process goes through a whole life: start-up with the embedded PostgreSQL (zonky, initdb
 * and the server's own output, Flyway), decisions (access lines with their fields), a reload
 * rejected because of an {@code .xlsx} decision table (Apache POI logs through the Log4j API, which
 * once printed a plain "ERROR StatusLogger" line), and SIGTERM.
 */
class JsonLogIT {

    @TempDir
    Path tmp;

    @Test
    void everyLineOfStandardOutputIsJsonExceptListeningOn() throws Exception {
        Path rules = tmp.resolve("rules");
        TestService.copyTree(Path.of("rules"), rules);
        List<String> args = List.of(
                "serve",
                "--http-port",
                "0",
                "--http-instances",
                "2",
                "--rules-dir",
                rules.toString(),
                "--data-dir",
                tmp.resolve("data").toString()); // no --database-url: the embedded PostgreSQL
        int exit;
        String stdout;
        String stderr;
        List<String> decisionIds = new ArrayList<>();
        try (ServiceProcess p = ServiceProcess.start(args)) {
            Http http = new Http(p.base());
            for (String scenario : List.of("after_sales", "ecommerce", "tech_support")) {
                TestService.Response r =
                        http.post("/v1/recall-decisions", Requests.recall(scenario, "卡号 6222 0210 0112 3456 789", 60));
                assertEquals(200, r.status(), r.body());
                decisionIds.add(r.json().getString("decisionId"));
            }
            assertEquals(
                    400, http.post("/v1/recall-decisions", new JsonObject()).status());
            assertEquals(404, http.get("/v1/recall-decisions/not-a-decision").status());

            writeBrokenDecisionTable(rules.resolve("zz-broken.drl.xlsx"));
            TestService.Response reload = http.post("/v1/policy/reload", new JsonObject());
            assertEquals(200, reload.status(), reload.body());
            assertTrue(reload.body().contains("zz-broken.drl.xlsx"), "the reload was rejected: " + reload.body());

            p.sigterm();
            exit = p.awaitExit(60);
            stdout = p.stdout();
            stderr = p.stderr();
        }
        assertEquals(0, exit, "exit after SIGTERM; stderr: " + stderr);

        List<JsonObject> log = new ArrayList<>();
        int listening = 0;
        for (String line : stdout.split("\n")) {
            if (line.matches("listening on http://127\\.0\\.0\\.1:\\d+")) {
                listening++;
                continue;
            }
            JsonObject json;
            try {
                json = new JsonObject(line);
            } catch (DecodeException e) {
                throw new AssertionError("not a JSON line on standard output: " + line);
            }
            for (String field : List.of("timestamp", "level", "logger", "message", "thread")) {
                assertTrue(json.getValue(field) instanceof String, field + " in " + line);
            }
            log.add(json);
        }
        assertEquals(1, listening, "one 'listening on' line");
        assertFalse(
                stdout.contains("StatusLogger") || stderr.contains("StatusLogger"),
                "Log4j's StatusLogger: " + stdout + stderr);

        // every source of lines was there, as JSON
        assertTrue(log.stream().anyMatch(l -> l.getString("logger").startsWith("org.flywaydb")), "Flyway");
        assertTrue(
                log.stream()
                        .anyMatch(l -> "io.recallgate.store.postgres".equals(l.getString("logger"))
                                && l.getString("message").contains("database system is ready to accept connections")),
                "the PostgreSQL server's own output, forwarded by the service");
        assertTrue(
                log.stream()
                        .anyMatch(l -> l.getString("logger").startsWith("io.recallgate.store")
                                && l.getString("message").startsWith("created the embedded database")),
                "the embedded database's creation");
        assertTrue(
                log.stream()
                        .anyMatch(l -> "WARN".equals(l.getString("level"))
                                && l.getString("message").contains("rejected")
                                && l.getString("message").contains("zz-broken.drl.xlsx")),
                "the rejected reload");
        assertTrue(log.stream().anyMatch(l -> l.getString("message").startsWith("Recall Gate started")), "start-up");
        assertTrue(
                log.get(log.size() - 1).getString("message").startsWith("Recall Gate stopped"),
                "the last line is the end of the drain: " + log.get(log.size() - 1));

        List<JsonObject> access =
                log.stream().filter(l -> "access".equals(l.getString("type"))).toList();
        assertEquals(6, access.size(), "one access line per request: " + access);
        for (JsonObject a : access) {
            assertEquals("recallgate.access", a.getString("logger"), a.encode());
            assertTrue(a.getValue("status") instanceof Integer, a.encode());
            assertTrue(a.getValue("latencyMs") instanceof Number, a.encode());
            assertTrue(
                    a.getString("message").startsWith(a.getString("method") + " " + a.getString("path") + " "),
                    a.encode());
        }
        for (String id : decisionIds) {
            assertTrue(
                    access.stream()
                            .anyMatch(a -> id.equals(a.getString("decisionId"))
                                    && a.getString("outcome") != null
                                    && a.getString("reason") != null),
                    "access line for decision " + id);
        }
    }

    /** An {@code .xlsx} decision table whose condition is not DRL: it reads, but does not compile. */
    private static void writeBrokenDecisionTable(Path file) throws Exception {
        String[][] cells = {
            {"RuleSet", "io.recallgate.rules.broken"},
            {"Import", "io.recallgate.model.PolicySettings"},
            {},
            {"RuleTable Broken"},
            {"NAME", "CONDITION", "ACTION"},
            {"", "$settings : PolicySettings", ""},
            {"", "this is not ((( a condition $param", "$settings.recall(kcontext, \"$param\");"},
            {"Name", "Condition", "Action"},
            {"a broken row", "x", "y"}
        };
        try (XSSFWorkbook book = new XSSFWorkbook();
                OutputStream out = Files.newOutputStream(file)) {
            Sheet sheet = book.createSheet("Tables");
            for (int r = 0; r < cells.length; r++) {
                Row row = sheet.createRow(r);
                for (int c = 0; c < cells[r].length; c++) {
                    row.createCell(c).setCellValue(cells[r][c]);
                }
            }
            book.write(out);
        }
    }
}
