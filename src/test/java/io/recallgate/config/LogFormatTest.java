package io.recallgate.config;

import static net.logstash.logback.argument.StructuredArguments.kv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The production log configuration ({@code logback.xml}) writes one JSON object a line with the
 * usual fields, and every logging API the libraries use ends up in it.
 */
class LogFormatTest {

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream saved;

    @BeforeEach
    void captureStandardOutput() {
        Logging.install(Logging.Output.STDOUT);
        saved = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(saved);
    }

    /** The JSON line holding {@code token}, once the log's writer thread has written it. */
    private JsonObject lineWith(String token) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            for (String line : lines()) {
                if (line.contains(token)) {
                    return new JsonObject(line);
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no line with " + token + " in: " + lines());
    }

    private List<String> lines() {
        synchronized (captured) {
            return new ArrayList<>(
                    List.of(captured.toString(StandardCharsets.UTF_8).split("\n")));
        }
    }

    @Test
    void anEventIsOneJsonLineWithTheUsualFields() throws Exception {
        String token = "event-" + UUID.randomUUID();
        String errorId = UUID.randomUUID().toString();
        MDC.put("requestId", "r-42");
        try {
            LoggerFactory.getLogger("io.recallgate.example")
                    .error("it failed: {}", token, kv("errorId", errorId), new IllegalStateException("the cause"));
        } finally {
            MDC.remove("requestId");
        }
        JsonObject line = lineWith(token);
        assertEquals("ERROR", line.getString("level"));
        assertEquals("io.recallgate.example", line.getString("logger"));
        assertEquals("it failed: " + token, line.getString("message"));
        assertTrue(
                line.getString("timestamp").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"),
                line.encode());
        assertNotNull(line.getString("thread"));
        assertEquals(errorId, line.getString("errorId"), "a structured argument is a field");
        assertEquals("r-42", line.getString("requestId"), "an MDC entry is a field");
        assertTrue(
                line.getString("stackTrace").startsWith("java.lang.IllegalStateException: the cause"), line.encode());
        assertTrue(line.getString("stackTrace").contains("at io.recallgate.config.LogFormatTest"), line.encode());
    }

    @Test
    void javaUtilLoggingComesThroughAtTheLevelsLogbackAllows() throws Exception {
        String token = "jul-" + UUID.randomUUID();
        java.util.logging.Logger jul = java.util.logging.Logger.getLogger("org.example.jul");
        jul.fine("below INFO: " + token); // off, like DEBUG
        jul.warning(token);
        JsonObject line = lineWith(token);
        assertEquals("WARN", line.getString("level"));
        assertEquals("org.example.jul", line.getString("logger"));
        assertFalse(lines().stream().anyMatch(l -> l.contains("below INFO")), lines().toString());
    }

    @Test
    void theLog4jApiComesThrough() throws Exception {
        // Apache POI (which reads .xlsx decision tables) logs through the Log4j 2 API
        String token = "log4j-" + UUID.randomUUID();
        org.apache.logging.log4j.LogManager.getLogger("org.apache.poi.example").warn("{}", token);
        JsonObject line = lineWith(token);
        assertEquals("WARN", line.getString("level"));
        assertEquals("org.apache.poi.example", line.getString("logger"));
    }

    @Test
    void vertxLogsThroughSlf4j() throws Exception {
        String token = "vertx-" + UUID.randomUUID();
        io.vertx.core.internal.logging.LoggerFactory.getLogger("io.vertx.example")
                .warn(token);
        JsonObject line = lineWith(token);
        assertEquals("WARN", line.getString("level"));
        assertEquals("io.vertx.example", line.getString("logger"));
    }

    @Test
    void blankLinesAreDropped() throws Exception {
        String token = "after-blank-" + UUID.randomUUID();
        org.slf4j.Logger log = LoggerFactory.getLogger("io.zonky.example");
        log.info("");
        log.info(token);
        lineWith(token);
        assertFalse(lines().stream().anyMatch(l -> l.contains("\"message\":\"\"")), lines().toString());
    }
}
