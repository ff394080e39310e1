package io.recallgate.config;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Drops events with an empty message and no exception: the blank lines of the embedded
 * PostgreSQL's {@code initdb} output, which zonky forwards line by line.
 */
public final class BlankLinesFilter extends Filter<ILoggingEvent> {

    @Override
    public FilterReply decide(ILoggingEvent event) {
        String message = event.getFormattedMessage();
        return (message == null || message.isBlank()) && event.getThrowableProxy() == null
                ? FilterReply.DENY
                : FilterReply.NEUTRAL;
    }
}
