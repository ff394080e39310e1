package io.recallgate.config;

import io.vertx.core.json.JsonObject;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Every log record as one JSON line on standard output. Access-log records are already JSON and
 * are written as they are. Output is buffered and flushed every 200 ms (and at shutdown), so a
 * busy service does not pay a system call per request line.
 */
public final class JsonLogging extends Handler {

    private static final String ACCESS = "recallgate.access";
    private final Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);

    /**
     * java.util.logging holds loggers weakly: a level set on a logger nobody references is lost
     * when it is garbage-collected (and Drools' warnings came back). These references keep them.
     */
    private static final java.util.List<Logger> CONFIGURED = new java.util.concurrent.CopyOnWriteArrayList<>();

    private static void quiet(String name, Level level) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(level);
        CONFIGURED.add(logger);
    }

    public static void install() {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        JsonLogging handler = new JsonLogging();
        root.addHandler(handler);
        root.setLevel(Level.INFO);
        // Drools explains every build at INFO/WARNING; its real problems reach us as build results.
        quiet("org.drools", Level.SEVERE);
        quiet("org.kie", Level.SEVERE);
        quiet("io.zonky", Level.WARNING);
        quiet("org.flywaydb", Level.WARNING);
        Thread flusher = new Thread(
                () -> {
                    while (true) {
                        try {
                            Thread.sleep(200);
                        } catch (InterruptedException e) {
                            return;
                        }
                        handler.flush();
                    }
                },
                "recallgate-log-flusher");
        flusher.setDaemon(true);
        flusher.start();
        Runtime.getRuntime().addShutdownHook(new Thread(handler::flush));
    }

    @Override
    public void publish(LogRecord record) {
        if (!isLoggable(record)) {
            return;
        }
        String line;
        if (ACCESS.equals(record.getLoggerName())) {
            line = record.getMessage();
        } else {
            String message = record.getParameters() == null
                    ? record.getMessage()
                    : java.text.MessageFormat.format(record.getMessage(), record.getParameters());
            JsonObject json = new JsonObject()
                    .put("ts", Instant.ofEpochMilli(record.getMillis()).toString())
                    .put("level", record.getLevel().getName())
                    .put("logger", record.getLoggerName())
                    .put("msg", message);
            if (record.getThrown() != null) {
                StringWriter sw = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(sw));
                json.put("error", sw.toString());
            }
            line = json.encode();
        }
        synchronized (out) {
            try {
                out.write(line);
                out.write('\n');
            } catch (IOException e) {
                reportError(null, e, 0);
            }
        }
    }

    @Override
    public void flush() {
        synchronized (out) {
            try {
                out.flush();
            } catch (IOException e) {
                reportError(null, e, 0);
            }
        }
    }

    @Override
    public void close() {
        flush();
    }
}
