package io.recallgate.metrics;

import io.recallgate.model.Mode;
import io.recallgate.model.Outcome;

/**
 * What the service reports about itself: one interface, given once to each part that has
 * something to report (in its constructor), with a no-op default ({@link #NONE}) for tests and
 * tools that do not export metrics. {@link MicrometerMetrics} turns the calls into the
 * {@code recallgate_*} meters of {@code GET /metrics}.
 *
 * <p>Calls are made on hot paths (every decision, every HTTP request), so an implementation must
 * not allocate meters or build tags per call, must not block and must never throw.
 */
public interface Metrics {

    /** Reports nothing. */
    Metrics NONE = new Metrics() {};

    /**
     * One rule evaluation (not an idempotent replay).
     *
     * @param reason   the decisive reason code
     * @param scenario the request's scenario when the policy deciding it names it, else
     *                 {@code other} (free text must not become an unbounded label)
     * @param nanos    time to scan the text and run the rules
     */
    default void decided(Mode mode, Outcome outcome, String reason, String scenario, long nanos) {}

    /**
     * One HTTP request answered.
     *
     * @param route the contract's path template, {@code /console/…} or {@code other}: never a
     *              path as the client sent it
     */
    default void httpRequest(String route, int status, long nanos) {}

    /** One attempt to load the rules folder: {@code true} when it became the active rule set. */
    default void policyLoaded(boolean activated) {}

    /**
     * One group-commit transaction of the decision log is sent with this many records; counted when
     * sent, so a transaction that then fails or times out (and is rolled back) counts too.
     */
    default void recordBatch(int records) {}

    /**
     * A group-commit transaction sent in one round trip was refused (the tenant's log moved under
     * another writer, a hold appeared, a requestId was stored already) and its records were written
     * again the careful way: a rate that stays high means the quick path costs more than it saves.
     */
    default void recordWriteRedone() {}

    /** Records waiting for group commit went up (positive) or down (negative) by {@code delta}. */
    default void recordsWaiting(int delta) {}

    /** Policy activations not yet archived in the database, now. */
    default void policyArchivePending(int activations) {}
}
