package io.recallgate.decision;

/**
 * Impact analysis refused because as many analyses as the service runs at once are under way
 * (HTTP 503 with {@code Retry-After}): analyses share one worker so that they never take the
 * processors the decisions need.
 */
public final class ImpactBusyException extends RuntimeException {

    /** Seconds after which a retry is likely to be taken: about one analysis of a busy window. */
    public static final int RETRY_AFTER_SECONDS = 5;

    ImpactBusyException(int running) {
        super(running + " impact analyses are running");
    }
}
