package io.recallgate.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs unexpected failures (the service's own faults, answered 5xx) without letting a client
 * fill the log or put its text in it (issue 9 §5):
 *
 * <ul>
 *   <li>each failure gets an {@code errorId} (a random UUID) that its problem+json also carries,
 *       logged as the structured key-value {@code errorId} (a JSON field with a JSON encoder, or
 *       {@code errorId=…} in plain text) next to {@code errorKind};
 *   <li>nothing the client typed is logged: no path, header or body, and no exception messages
 *       (a library's message may quote its input, e.g. PostgreSQL's "invalid input syntax for
 *       type uuid: …"). Stack traces keep the class names and frames only ({@link Redacted});
 *   <li>failures are grouped by {@code errorKind} (exception class and where it was thrown).
 *       Per kind and {@link #WINDOW_MILLIS}, the first is logged with its stack trace, the next
 *       {@link #LINES_PER_WINDOW} with one line each, and the rest only counted: the next line
 *       of that kind (or {@link #flush}, called periodically) says "N more like KIND".
 * </ul>
 *
 * Thread-safe.
 */
public final class FailureLog {

    static final long WINDOW_MILLIS = 60_000;
    static final int LINES_PER_WINDOW = 10;
    /** Kinds remembered at once; beyond it the oldest is forgotten (after its count is logged). */
    static final int MAX_KINDS = 256;

    private static final Logger LOG = LoggerFactory.getLogger(FailureLog.class);

    private final Logger log;
    private final LongSupplier clock;
    private final Map<String, Window> windows = new LinkedHashMap<>();

    private static final class Window {
        long start;
        int logged;
        long suppressed;
    }

    public FailureLog() {
        this(LOG, System::currentTimeMillis);
    }

    FailureLog(Logger log, LongSupplier clock) {
        this.log = log;
        this.clock = clock;
    }

    /**
     * Logs (or counts) one unexpected failure of a request to {@code route} (the contract's path
     * template or a fixed word, never the request's path) and returns its new error id.
     */
    public String failed(String route, Throwable failure) {
        String errorId = UUID.randomUUID().toString();
        String kind = kind(failure);
        long now = clock.getAsLong();
        boolean withTrace;
        long suppressedBefore = 0;
        synchronized (windows) {
            Window w = windows.get(kind);
            if (w == null || now - w.start >= WINDOW_MILLIS) {
                if (w != null) {
                    suppressedBefore = w.suppressed;
                }
                w = new Window();
                w.start = now;
                windows.remove(kind);
                windows.put(kind, w);
                while (windows.size() > MAX_KINDS) {
                    Map.Entry<String, Window> oldest =
                            windows.entrySet().iterator().next();
                    summarize(oldest.getKey(), oldest.getValue().suppressed);
                    windows.remove(oldest.getKey());
                }
            }
            if (w.logged > LINES_PER_WINDOW) {
                w.suppressed++;
                return errorId;
            }
            withTrace = w.logged == 0;
            w.logged++;
        }
        summarize(kind, suppressedBefore);
        var line = log.atError()
                .addKeyValue("errorId", errorId)
                .addKeyValue("errorKind", kind)
                .addKeyValue("route", route == null ? "other" : route);
        if (withTrace) {
            line = line.setCause(Redacted.of(failure));
        }
        line.log("unexpected failure answered 500");
        return errorId;
    }

    /** Logs the counts of failures not logged one by one whose window has closed. */
    public void flush() {
        long now = clock.getAsLong();
        Map<String, Long> due = new LinkedHashMap<>();
        synchronized (windows) {
            var it = windows.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<String, Window> e = it.next();
                if (now - e.getValue().start >= WINDOW_MILLIS) {
                    due.put(e.getKey(), e.getValue().suppressed);
                    it.remove();
                }
            }
        }
        due.forEach(this::summarize);
    }

    private void summarize(String kind, long suppressed) {
        if (suppressed > 0) {
            log.atError()
                    .addKeyValue("errorKind", kind)
                    .addKeyValue("count", suppressed)
                    .log("{} more like {} (not logged one by one)", suppressed, kind);
        }
    }

    /** The exception's class and the first frame that threw it: the same bug, the same kind. */
    static String kind(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        StackTraceElement[] frames = root.getStackTrace();
        String where = frames.length == 0 ? "" : "@" + frames[0].getClassName() + "." + frames[0].getMethodName();
        return root.getClass().getName() + where;
    }

    /**
     * A copy of an exception chain with the same classes (by name) and stack frames but no
     * messages, so that logging it cannot write input that a message quotes.
     */
    static final class Redacted extends RuntimeException {
        private final String className;

        private Redacted(Throwable original, Redacted cause) {
            super(null, cause, false, true);
            this.className = original.getClass().getName();
            setStackTrace(original.getStackTrace());
        }

        static Redacted of(Throwable t) {
            java.util.List<Throwable> chain = new java.util.ArrayList<>();
            for (Throwable c = t; c != null && !chain.contains(c) && chain.size() < 16; c = c.getCause()) {
                chain.add(c);
            }
            Redacted cause = null;
            for (int i = chain.size() - 1; i >= 0; i--) {
                cause = new Redacted(chain.get(i), cause);
            }
            return cause;
        }

        @Override
        public String toString() {
            return className + " (message not logged)";
        }
    }
}
