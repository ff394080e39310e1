package io.recallgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 §6: {@code verify-audit} is read-only. A data directory that does not exist (a typo) is
 * an error and is not created; beside a running service it reads that service's embedded database
 * (the service goes on undisturbed); with no service running it starts PostgreSQL on the files and
 * stops it again.
 */
class VerifyAuditCommandIT {

    @Test
    void aMistypedDataDirectoryIsAnErrorAndNothingIsCreated() throws Exception {
        Path typo = Files.createTempDirectory("recallgate-verify").resolve("dtaa");
        try (ServiceProcess verify = ServiceProcess.start(List.of("verify-audit", "--data-dir", typo.toString()))) {
            int code = verify.awaitExit(120);
            assertNotEquals(0, code, verify.output());
            assertNotEquals(-1, code, "verify-audit hung: " + verify.output());
            assertTrue(verify.stderr().contains("no data directory"), verify.output());
            assertFalse(verify.stdout().contains("intact"), verify.output());
        }
        assertFalse(Files.exists(typo), "verify-audit created " + typo);
        Files.delete(typo.getParent());
    }

    @Test
    void verifiesBesideTheRunningServiceAndAfterItStopped() throws Exception {
        Path data = Files.createTempDirectory("recallgate-verify-data");
        Map<String, String> settings = new HashMap<>();
        settings.put("database-url", null); // the embedded default
        settings.put("data-dir", data.toString());
        try {
            try (TestService service = TestService.start(settings)) {
                for (int i = 0; i < 20; i++) {
                    assertEquals(
                            200,
                            service.post("/v1/recall-decisions", Requests.recall("after_sales", "m" + i, 30))
                                    .status());
                }
                JsonObject report = verifyAudit(data);
                assertTrue(report.getBoolean("intact"), report.encode());
                assertEquals(20, report.getLong("entries"), report.encode());

                assertEquals(
                        200,
                        service.post("/v1/recall-decisions", Requests.recall("after_sales", "after", 30))
                                .status(),
                        "the service goes on after verify-audit");
                assertEquals(200, service.get("/health/ready").status());
            }
            assertTrue(EmbeddedPostmaster.pid(data).isEmpty(), "the service stopped its database");

            JsonObject report = verifyAudit(data);
            assertTrue(report.getBoolean("intact"), report.encode());
            assertEquals(21, report.getLong("entries"), report.encode());
            assertTrue(EmbeddedPostmaster.pid(data).isEmpty(), "verify-audit stopped the database it started");

        } finally {
            EmbeddedPostmaster.removeDataDir(data);
        }
    }

    private static JsonObject verifyAudit(Path data) throws Exception {
        try (ServiceProcess verify = ServiceProcess.start(List.of("verify-audit", "--data-dir", data.toString()))) {
            assertEquals(0, verify.awaitExit(120), verify.output());
            return new JsonObject(verify.stdout()
                    .lines()
                    .filter(l -> l.startsWith("{\"intact\""))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no report: " + verify.output())));
        }
    }
}
