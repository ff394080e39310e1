package io.recallgate.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.recallgate.model.Mode;
import io.recallgate.model.Outcome;
import org.junit.jupiter.api.Test;

/** The Micrometer side of {@link Metrics}: each call lands in its meter, meters are built once. */
class MicrometerMetricsTest {

    private final MicrometerMetrics m = new MicrometerMetrics();

    @Test
    void decisionsAreCountedPerOutcomeReasonScenarioAndModeAndTimed() {
        m.decided(Mode.ENFORCE, Outcome.ALLOW, "WITHIN_WINDOW", "after_sales", 5_000);
        m.decided(Mode.ENFORCE, Outcome.ALLOW, "WITHIN_WINDOW", "after_sales", 7_000);
        m.decided(Mode.PREVIEW, Outcome.DENY, "WINDOW_EXPIRED", "other", 1_000);

        Counter enforce = m.registry()
                .find("recallgate_decisions")
                .tags("outcome", "allow", "reason", "WITHIN_WINDOW", "scenario", "after_sales", "mode", "enforce")
                .counter();
        assertEquals(2.0, enforce.count());
        Counter preview = m.registry()
                .find("recallgate_decisions")
                .tags("outcome", "deny", "reason", "WINDOW_EXPIRED", "scenario", "other", "mode", "preview")
                .counter();
        assertEquals(1.0, preview.count());
        assertEquals(2, m.registry().find("recallgate_decisions").counters().size());
        Timer evaluation = m.registry().find("recallgate_decision_evaluation").timer();
        assertEquals(3, evaluation.count());

        // the same reason and scenario in another mode, or with another outcome: series of their own
        m.decided(Mode.PREVIEW, Outcome.ALLOW, "WITHIN_WINDOW", "after_sales", 1_000);
        m.decided(Mode.ENFORCE, Outcome.REDACT, "WITHIN_WINDOW", "after_sales", 1_000);
        m.decided(Mode.ENFORCE, Outcome.ALLOW, "WITHIN_WINDOW", "ecommerce", 1_000);
        assertEquals(2.0, enforce.count());
        assertEquals(5, m.registry().find("recallgate_decisions").counters().size());
        assertEquals(
                1.0,
                m.registry()
                        .find("recallgate_decisions")
                        .tags(
                                "outcome",
                                "redact",
                                "reason",
                                "WITHIN_WINDOW",
                                "scenario",
                                "after_sales",
                                "mode",
                                "enforce")
                        .counter()
                        .count());
        assertEquals(16_000, evaluation.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS), 0.5);
    }

    @Test
    void httpRequestsAreTimedPerRouteAndStatus() {
        m.httpRequest("/v1/recall-decisions", 200, 1_000_000);
        m.httpRequest("/v1/recall-decisions", 200, 3_000_000);
        m.httpRequest("/v1/recall-decisions", 400, 1_000_000);
        m.httpRequest("other", 404, 1_000_000);
        Timer ok = m.registry()
                .find("recallgate_http_requests")
                .tags("route", "/v1/recall-decisions", "status", "200")
                .timer();
        assertEquals(2, ok.count());
        assertEquals(4.0, ok.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS), 1e-9);
        assertEquals(3, m.registry().find("recallgate_http_requests").timers().size());
        assertTrue(m.scrape().contains("recallgate_http_requests_seconds_count{route=\"other\",status=\"404\"} 1"));
    }

    @Test
    void reloadsAreCountedByResultAndAResultThatNeverHappenedHasNoSeries() {
        m.policyLoaded(true);
        m.policyLoaded(true);
        assertEquals(
                2.0,
                m.registry()
                        .find("recallgate_policy_reloads")
                        .tag("result", "active")
                        .counter()
                        .count());
        assertFalse(m.scrape().contains("result=\"rejected\""));
        m.policyLoaded(false);
        assertEquals(
                1.0,
                m.registry()
                        .find("recallgate_policy_reloads")
                        .tag("result", "rejected")
                        .counter()
                        .count());
    }

    @Test
    void gaugesFollowWhatTheirPartsReport() {
        assertEquals(0.0, gauge("recallgate_record_queue_depth"), "registered before anything is queued");
        assertEquals(0.0, gauge("recallgate_policy_archive_pending"));
        m.recordsWaiting(500);
        m.recordsWaiting(3);
        m.recordsWaiting(-500);
        assertEquals(3.0, gauge("recallgate_record_queue_depth"));
        m.policyArchivePending(2);
        m.policyArchivePending(1);
        assertEquals(1.0, gauge("recallgate_policy_archive_pending"));
        m.recordBatch(7);
        assertEquals(
                7.0, m.registry().find("recallgate_record_batch_size").summary().totalAmount());
        assertEquals(
                0.0,
                m.registry().find("recallgate_record_writes_redone").counter().count());
        m.recordWriteRedone();
        m.recordWriteRedone();
        assertEquals(
                2.0,
                m.registry().find("recallgate_record_writes_redone").counter().count());
    }

    @Test
    void theNoOpDefaultAcceptsEveryCall() {
        Metrics none = Metrics.NONE;
        none.decided(Mode.ENFORCE, Outcome.ALLOW, "X", "y", 1);
        none.httpRequest("other", 500, 1);
        none.policyLoaded(false);
        none.recordBatch(1);
        none.recordWriteRedone();
        none.recordsWaiting(1);
        none.policyArchivePending(1);
    }

    private double gauge(String name) {
        return m.registry().find(name).gauge().value();
    }
}
