package io.recallgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.recallgate.config.Logging;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Everything the service writes while it handles personal data — its JSON log on standard output
 * (the production configuration, {@code logback.xml}), every log event at any level our own code
 * logs, and anything printed to standard output or error — holds none of the personal
 * data in the requests, nor the API key. Access-log lines are JSON with the decision's id, tenant,
 * outcome and latency.
 */
class LogRedactionIT {

    private static final String ID = "11010519491231002X";
    private static final String CARD = "6222021001123456789";
    private static final String CARD_GROUPED = "6222 0210 0112 3456 789";
    private static final String PHONE = "13800138000";
    private static final String EMAIL = "zhang.wei.refunds@example.com";
    private static final String TEXT =
            "身份证 " + ID + "，银行卡 " + CARD + "（" + CARD_GROUPED + "），电话 " + PHONE + "，邮箱 " + EMAIL;

    /** Writes to the original stream and keeps a copy. */
    private static PrintStream tee(PrintStream original, OutputStream copy) {
        return new PrintStream(
                new OutputStream() {
                    @Override
                    public void write(int b) {
                        original.write(b);
                        synchronized (copy) {
                            try {
                                copy.write(b);
                            } catch (java.io.IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        }
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                        original.write(b, off, len);
                        synchronized (copy) {
                            try {
                                copy.write(b, off, len);
                            } catch (java.io.IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        }
                    }
                },
                true,
                StandardCharsets.UTF_8);
    }

    @Test
    void personalDataAndKeysNeverReachTheLogs() throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        Logging.install(Logging.Output.STDOUT); // the production configuration: JSON lines on System.out
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger ours = context.getLogger("io.recallgate");
        Level savedOurs = ours.getLevel();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        LogCapture capture = null;

        KeysFile keys = new KeysFile()
                .add("platform", "acme", "platform,auditor")
                .add("dispute", "acme", "dispute")
                .write();
        List<String> decisionIds = new ArrayList<>();
        String canary = "canary-" + UUID.randomUUID();
        TestService service = null;
        try {
            System.setOut(tee(out, stdout));
            System.setErr(tee(err, stderr));
            capture = LogCapture.attach();
            ours.setLevel(Level.ALL); // our own code at every level, debug included

            service = TestService.start(Map.of("api-keys-file", keys.path().toString()));
            // the capture sees what the service's loggers write
            org.slf4j.LoggerFactory.getLogger(io.recallgate.decision.DecisionService.class)
                    .info(canary);

            Map<String, String> platform = keys.bearer("platform");
            Map<String, String> dispute = keys.bearer("dispute");

            // enforce: redacted (ecommerce masks sensitive data)
            JsonObject enforce = Requests.recall("ecommerce", TEXT, 60).put("conversationId", "c-" + UUID.randomUUID());
            TestService.Response r = service.send("POST", "/v1/recall-decisions", enforce.encode(), platform);
            assertEquals(200, r.status(), r.body());
            assertEquals("redact", r.json().getString("outcome"));
            assertEquals(
                    4,
                    new HashSet<>(r.json().getJsonArray("sensitive").stream()
                                    .map(o -> ((JsonObject) o).getString("type"))
                                    .toList())
                            .size(),
                    r.body());
            decisionIds.add(r.json().getString("decisionId"));

            // preview
            r = service.send(
                    "POST",
                    "/v1/recall-decisions",
                    Requests.recall("after_sales", TEXT, 60)
                            .put("mode", "preview")
                            .encode(),
                    platform);
            assertEquals(200, r.status(), r.body());
            decisionIds.add(r.json().getString("decisionId"));

            // batch, with each item on its own
            JsonArray items = new JsonArray();
            for (String t : List.of(ID, CARD, CARD_GROUPED, PHONE, EMAIL, TEXT)) {
                items.add(Requests.recall("tech_support", t, 60));
            }
            r = service.send(
                    "POST",
                    "/v1/recall-decisions/batch",
                    new JsonObject().put("requests", items).encode(),
                    platform);
            assertEquals(200, r.status(), r.body());

            // 400: a bad field next to the text; and a body that is not JSON at all
            JsonObject bad = Requests.recall("ecommerce", TEXT, 60);
            Requests.message(bad).put("sentAt", "yesterday " + PHONE);
            r = service.send("POST", "/v1/recall-decisions", bad.encode(), platform);
            assertEquals(400, r.status(), r.body());
            r = service.send("POST", "/v1/recall-decisions", "{\"message\":{\"text\":\"" + TEXT + "\"", platform);
            assertEquals(400, r.status(), r.body());
            r = service.send(
                    "POST",
                    "/v1/recall-decisions/batch",
                    new JsonObject().put("requests", new JsonArray().add(bad)).encode(),
                    platform);
            assertEquals(400, r.status(), r.body());

            // the holds API, with personal data in every free-text field and id
            JsonObject hold = new JsonObject()
                    .put("conversationId", PHONE)
                    .put("messageIds", new JsonArray().add(CARD))
                    .put("reason", "refund dispute: " + TEXT)
                    .put("placedBy", EMAIL);
            r = service.send("POST", "/v1/holds", hold.encode(), dispute);
            assertEquals(201, r.status(), r.body());
            String holdId = r.json().getString("holdId");
            r = service.send("GET", "/v1/holds?conversationId=" + PHONE, null, dispute);
            assertEquals(200, r.status(), r.body());
            r = service.send(
                    "POST",
                    "/v1/holds/" + holdId + "/release",
                    new JsonObject()
                            .put("releasedBy", EMAIL)
                            .put("reason", "resolved " + ID)
                            .encode(),
                    dispute);
            assertEquals(200, r.status(), r.body());
            r = service.send(
                    "POST", "/v1/holds", hold.copy().put("messageIds", ID).encode(), dispute);
            assertEquals(400, r.status(), r.body());

            // personal data where ids go: in the path and in the query string
            r = service.send("GET", "/v1/recall-decisions/" + CARD, null, platform);
            assertEquals(404, r.status(), r.body());
            r = service.send(
                    "GET", "/v1/recall-decisions?conversationId=" + PHONE + "&messageId=" + ID, null, platform);
            assertEquals(404, r.status(), r.body());
            r = service.send("POST", "/v1/holds/" + ID + "/release", "{\"releasedBy\":\"" + EMAIL + "\"}", dispute);
            assertEquals(404, r.status(), r.body());
            r = service.send("GET", "/v1/no-such-thing/" + CARD, null, platform);
            assertEquals(404, r.status(), r.body());

            // the key with a role it lacks, and with the path of another tenant's data
            r = service.send("GET", "/v1/audit/verify", null, dispute);
            assertEquals(403, r.status(), r.body());
            r = service.send(
                    "GET",
                    "/v1/holds?conversationId=" + PHONE,
                    null,
                    Map.of("Authorization", "Bearer " + keys.key("platform") + "x"));
            assertEquals(401, r.status(), r.body());

            // issue 9 §5: requests that failed inside the router logged their path (a 500 for a GET
            // with a multipart body; an error in the error handler for a bad escape); a method is
            // client text too
            r = service.send(
                    "GET",
                    "/v1/recall-decisions/" + CARD,
                    "--x--",
                    Map.of(
                            "Authorization",
                            "Bearer " + keys.key("platform"),
                            "Content-Type",
                            "multipart/form-data; boundary=x"));
            assertEquals(415, r.status(), r.body());
            r = service.send(CARD, "/v1/holds", null, dispute);
            assertEquals(405, r.status(), r.body());
            RawHttp.Response raw = RawHttp.send(
                    service.port(),
                    "GET /v1/recall-decisions/" + CARD + "%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertEquals(400, raw.status(), raw.toString());
        } finally {
            if (service != null) {
                service.close(); // shutdown logs are captured too
                // the JSON lines are written by the log's own thread, in order: wait for the last one
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (!stdout.toString(StandardCharsets.UTF_8).contains("Recall Gate stopped")
                        && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
            }
            System.out.flush();
            System.err.flush();
            System.setOut(out);
            System.setErr(err);
            if (capture != null) {
                capture.detach();
            }
            ours.setLevel(savedOurs);
        }

        String logged = stdout.toString(StandardCharsets.UTF_8) + "\n" + stderr.toString(StandardCharsets.UTF_8) + "\n"
                + capture.text();
        // the capture works: it holds the service's own lines
        assertTrue(logged.contains(canary), "the capture must see the service's loggers");
        assertTrue(logged.contains("Recall Gate started"), "start-up line captured");
        for (String id : decisionIds) {
            assertTrue(stdout.toString(StandardCharsets.UTF_8).contains(id), "access line for " + id);
        }

        Map<String, String> secrets = Map.of(
                "resident id", ID,
                "resident id digits", ID.substring(0, 17),
                "bank card", CARD,
                "grouped bank card", CARD_GROUPED,
                "mobile", PHONE,
                "e-mail", EMAIL,
                "e-mail local part", "zhang.wei.refunds",
                "platform API key", keys.key("platform"),
                "dispute API key", keys.key("dispute"));
        secrets.forEach((what, value) -> {
            int at = logged.indexOf(value);
            assertTrue(
                    at < 0,
                    what + " appears in the logs: ..."
                            + logged.substring(Math.max(0, at - 200), Math.min(logged.length(), at + 100)) + "...");
        });
        // nor the key's secret part without its prefix
        assertFalse(logged.contains(keys.key("platform").substring(3)));

        // every line of the JSON log is JSON; access lines carry what operations need
        List<JsonObject> access = new ArrayList<>();
        for (String line : stdout.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank() || !line.startsWith("{")) {
                continue;
            }
            JsonObject json = new JsonObject(line);
            if ("access".equals(json.getString("type"))) {
                access.add(json);
            }
        }
        assertEquals(19, access.size(), "one access line per request: " + access);
        Set<String> seen = new HashSet<>();
        for (JsonObject a : access) {
            assertNotNull(a.getString("method"), a.encode());
            assertNotNull(a.getString("path"), a.encode());
            assertNotNull(a.getInteger("status"), a.encode());
            assertTrue(a.getValue("latencyMs") instanceof Number, a.encode());
            if ("/v1/recall-decisions".equals(a.getString("path"))
                    && "POST".equals(a.getString("method"))
                    && a.getInteger("status") == 200) {
                assertEquals("acme", a.getString("tenant"), a.encode());
                assertNotNull(a.getString("outcome"), a.encode());
                assertTrue(a.getDouble("latencyMs") >= 0, a.encode());
                seen.add(a.getString("decisionId"));
            }
        }
        assertEquals(new HashSet<>(decisionIds), seen, "one access line per decision, with its id");
        // a path with an id is logged as its template
        assertTrue(access.stream()
                .anyMatch(a ->
                        "/v1/holds/{holdId}/release".equals(a.getString("path")) && a.getString("holdId") != null));
    }
}
