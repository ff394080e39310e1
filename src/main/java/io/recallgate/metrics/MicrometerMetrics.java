package io.recallgate.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.recallgate.model.Mode;
import io.recallgate.model.Outcome;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The service's own meters, in the same Prometheus registry as Vert.x's HTTP and database pool
 * meters. Every meter is built once: untagged ones here, tagged ones the first time their tags
 * occur, then found again by a map look-up (a Micrometer builder per call would build, sort and
 * compare tags every time). Label values are bounded by the callers ({@link Metrics}).
 */
public final class MicrometerMetrics implements Metrics {

    private static final int STATUSES = 600;

    private final PrometheusMeterRegistry registry;
    private final Timer evaluation;
    private final DistributionSummary recordBatch;
    private final Counter recordWritesRedone;
    private final AtomicInteger recordQueueDepth = new AtomicInteger();
    private final AtomicInteger archivePending = new AtomicInteger();
    /** Registered on first use, as before: a result that never happened has no series. */
    private volatile Counter reloadsActive;

    private volatile Counter reloadsRejected;

    private record DecisionKey(Mode mode, Outcome outcome, String reason, String scenario) {}

    private final ConcurrentHashMap<DecisionKey, Counter> decisions = new ConcurrentHashMap<>();
    /** By route, then by status code. */
    private final ConcurrentHashMap<String, Timer[]> http = new ConcurrentHashMap<>();

    public MicrometerMetrics() {
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.evaluation = Timer.builder("recallgate_decision_evaluation")
                .description("Time to scan the text and run the rules for one decision")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(1_000))
                .maximumExpectedValue(Duration.ofMillis(100))
                .register(registry);
        this.recordBatch = DistributionSummary.builder("recallgate_record_batch_size")
                .description("Decision records sent per group-commit transaction (counted when sent, committed or not)")
                .publishPercentileHistogram()
                .minimumExpectedValue(1.0)
                .maximumExpectedValue(1000.0)
                .register(registry);
        this.recordWritesRedone = Counter.builder("recallgate_record_writes_redone")
                .description("Group commits sent in one round trip, refused and written again the careful way")
                .register(registry);
        Gauge.builder("recallgate_record_queue_depth", recordQueueDepth, AtomicInteger::get)
                .description("Decision records waiting to be committed")
                .register(registry);
        Gauge.builder("recallgate_policy_archive_pending", archivePending, AtomicInteger::get)
                .description("Policy activations not yet archived in the database (retried until stored)")
                .register(registry);
    }

    private Counter reloads(String result) {
        return Counter.builder("recallgate_policy_reloads")
                .description("Rule set load attempts by result")
                .tag("result", result)
                .register(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void decided(Mode mode, Outcome outcome, String reason, String scenario, long nanos) {
        DecisionKey key = new DecisionKey(mode, outcome, reason, scenario);
        Counter counter = decisions.get(key);
        if (counter == null) {
            counter = decisions.computeIfAbsent(
                    key,
                    k -> Counter.builder("recallgate_decisions")
                            .description("Decisions made, by outcome, decisive reason, scenario and mode")
                            .tag("outcome", k.outcome().json())
                            .tag("reason", k.reason())
                            .tag("scenario", k.scenario())
                            .tag("mode", k.mode().json())
                            .register(registry));
        }
        counter.increment();
        evaluation.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void httpRequest(String route, int status, long nanos) {
        Timer[] byStatus = http.get(route);
        if (byStatus == null) {
            byStatus = http.computeIfAbsent(route, r -> new Timer[STATUSES]);
        }
        int i = status >= 0 && status < STATUSES ? status : 0;
        Timer timer = byStatus[i];
        if (timer == null) {
            timer = Timer.builder("recallgate_http_requests")
                    .description("HTTP requests by route and status, with latency")
                    .tag("route", route)
                    .tag("status", String.valueOf(status))
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofNanos(10_000))
                    .maximumExpectedValue(Duration.ofSeconds(10))
                    .register(registry); // idempotent: a race registers the same meter once
            byStatus[i] = timer;
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void policyLoaded(boolean activated) {
        if (activated) {
            if (reloadsActive == null) {
                reloadsActive = reloads("active");
            }
            reloadsActive.increment();
        } else {
            if (reloadsRejected == null) {
                reloadsRejected = reloads("rejected");
            }
            reloadsRejected.increment();
        }
    }

    @Override
    public void recordBatch(int records) {
        recordBatch.record(records);
    }

    @Override
    public void recordWriteRedone() {
        recordWritesRedone.increment();
    }

    @Override
    public void recordsWaiting(int delta) {
        recordQueueDepth.addAndGet(delta);
    }

    @Override
    public void policyArchivePending(int activations) {
        archivePending.set(activations);
    }
}
