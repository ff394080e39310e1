package io.recallgate.config;

import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.spi.LifeCycle;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Logback's own warnings and errors (a broken {@code logback.xml}, an appender that cannot write)
 * as plain lines on standard error. Logback would otherwise print its status messages on standard
 * output, in the middle of the JSON log; its routine messages are not printed at all.
 */
public final class LogbackProblemsToStderr extends ContextAwareBase implements StatusListener, LifeCycle {

    private volatile boolean started;

    @Override
    public void addStatusEvent(Status status) {
        if (status.getEffectiveLevel() < Status.WARN) {
            return;
        }
        StringBuilder line = new StringBuilder("logback: ")
                .append(status.getLevel() == Status.ERROR ? "ERROR " : "WARN ")
                .append(status.getMessage());
        if (status.getThrowable() != null) {
            StringWriter trace = new StringWriter();
            status.getThrowable().printStackTrace(new PrintWriter(trace));
            line.append('\n').append(trace);
        }
        System.err.println(line);
    }

    @Override
    public boolean isResetResistant() {
        return true;
    }

    @Override
    public void start() {
        started = true;
    }

    @Override
    public void stop() {
        started = false;
    }

    @Override
    public boolean isStarted() {
        return started;
    }
}
