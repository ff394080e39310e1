package io.recallgate.it;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

/**
 * Every log event of the test's process while attached to the root logger, at every level the
 * loggers let through: level, logger, message, arguments (structured ones too), MDC and exception,
 * one event a line. For tests that check what reaches the logs (and what never does).
 */
final class LogCapture extends AppenderBase<ILoggingEvent> {

    private final StringBuilder text = new StringBuilder();
    private Logger root;

    private LogCapture() {}

    /** A capture attached to the root logger of the process's Logback context. */
    static LogCapture attach() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        LogCapture c = new LogCapture();
        c.setContext(context);
        c.start();
        c.root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        c.root.addAppender(c);
        return c;
    }

    void detach() {
        root.detachAppender(this);
        stop();
    }

    @Override
    protected synchronized void append(ILoggingEvent e) {
        text.append(e.getLevel())
                .append(' ')
                .append(e.getLoggerName())
                .append(' ')
                .append(e.getFormattedMessage());
        if (e.getArgumentArray() != null) {
            for (Object p : e.getArgumentArray()) {
                text.append(" | ").append(p);
            }
        }
        e.getMDCPropertyMap()
                .forEach((k, v) -> text.append(" | ").append(k).append('=').append(v));
        if (e.getThrowableProxy() != null) {
            text.append('\n').append(ThrowableProxyUtil.asString(e.getThrowableProxy()));
        }
        text.append('\n');
    }

    synchronized String text() {
        return text.toString();
    }
}
