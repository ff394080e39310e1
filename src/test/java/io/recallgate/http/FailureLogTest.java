package io.recallgate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** Issue 9 §5: one line per failure with its error id, no client text, repeated failures counted. */
class FailureLogTest {

    /** A logger that keeps every event with its key-value pairs and cause. */
    static final class Recording extends AbstractLogger implements org.slf4j.spi.LoggingEventAware {
        record Line(String message, List<KeyValuePair> keyValues, Throwable cause) {
            Object value(String key) {
                return keyValues.stream()
                        .filter(kv -> kv.key.equals(key))
                        .map(kv -> kv.value)
                        .findFirst()
                        .orElse(null);
            }
        }

        final List<Line> lines = new ArrayList<>();

        @Override
        public void log(LoggingEvent e) {
            lines.add(new Line(
                    MessageFormatter.basicArrayFormat(
                            e.getMessage(), e.getArgumentArray() == null ? new Object[0] : e.getArgumentArray()),
                    e.getKeyValuePairs() == null ? List.of() : List.copyOf(e.getKeyValuePairs()),
                    e.getThrowable()));
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(
                Level level, org.slf4j.Marker marker, String msg, Object[] args, Throwable t) {
            lines.add(new Line(MessageFormatter.basicArrayFormat(msg, args), List.of(), t));
        }

        @Override
        public boolean isTraceEnabled() {
            return true;
        }

        @Override
        public boolean isTraceEnabled(org.slf4j.Marker marker) {
            return true;
        }

        @Override
        public boolean isDebugEnabled() {
            return true;
        }

        @Override
        public boolean isDebugEnabled(org.slf4j.Marker marker) {
            return true;
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public boolean isInfoEnabled(org.slf4j.Marker marker) {
            return true;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isWarnEnabled(org.slf4j.Marker marker) {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled(org.slf4j.Marker marker) {
            return true;
        }
    }

    private static RuntimeException failure(String message) {
        return new IllegalStateException(message, new IllegalArgumentException("invalid input: " + message));
    }

    private static String printed(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    @Test
    void eachFailureHasAnIdTheLineCarriesAndNoClientText() {
        Recording log = new Recording();
        FailureLog failures = new FailureLog(log, () -> 0);
        String card = "6222021001123456789";
        String id = failures.failed("/v1/recall-decisions/:decisionId", failure(card));
        UUID.fromString(id);
        assertEquals(1, log.lines.size());
        Recording.Line line = log.lines.get(0);
        assertEquals(id, line.value("errorId"));
        assertEquals("/v1/recall-decisions/:decisionId", line.value("route"));
        assertTrue(((String) line.value("errorKind")).startsWith("java.lang.IllegalArgumentException@"));
        String all = line.message() + line.keyValues() + printed(line.cause());
        assertFalse(all.contains(card), all);
        assertTrue(printed(line.cause()).contains(FailureLogTest.class.getName()), "the frames are kept");
        assertTrue(printed(line.cause()).contains("IllegalArgumentException"), "so are the classes");
    }

    @Test
    void repeatedFailuresAreCountedNotEachPrintedWithAStackTrace() {
        Recording log = new Recording();
        AtomicLong now = new AtomicLong();
        FailureLog failures = new FailureLog(log, now::get);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            ids.add(failures.failed(null, failure("x")));
        }
        assertEquals(1000, ids.stream().distinct().count(), "every failure has its own id");
        assertEquals(1 + FailureLog.LINES_PER_WINDOW, log.lines.size());
        assertTrue(log.lines.get(0).cause() != null, "the first with its stack trace");
        for (int i = 1; i < log.lines.size(); i++) {
            assertNull(log.lines.get(i).cause(), "the next ones one line each");
            assertEquals(ids.get(i), log.lines.get(i).value("errorId"));
        }
        // another kind is not suppressed by the first
        failures.failed(null, new NullPointerException());
        assertEquals(2 + FailureLog.LINES_PER_WINDOW, log.lines.size());
        assertTrue(log.lines.get(log.lines.size() - 1).cause() != null);

        now.addAndGet(FailureLog.WINDOW_MILLIS);
        failures.flush();
        Recording.Line summary = log.lines.stream()
                .filter(l -> l.message().contains("more like"))
                .findFirst()
                .orElseThrow();
        long suppressed = 1000 - 1 - FailureLog.LINES_PER_WINDOW;
        assertEquals(suppressed, summary.value("count"));
        assertTrue(summary.message().startsWith(suppressed + " more like java.lang.IllegalArgumentException@"));

        int before = log.lines.size();
        failures.failed(null, failure("x"));
        assertEquals(before + 1, log.lines.size());
        assertTrue(log.lines.get(before).cause() != null, "a new window starts with a stack trace again");
        assertNotEquals(log.lines.get(before).value("errorId"), null);
    }
}
