package io.recallgate.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.recallgate.model.Decision;
import io.recallgate.model.RecallRequest;
import io.recallgate.policy.ReloadReport;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The service's own meters, in the same Prometheus registry as Vert.x's HTTP and database pool
 * meters. Scenario names are free text in the API, so only scenarios the active policy names
 * become label values; the rest count as {@code other}, which keeps the series count bounded.
 */
public final class ServiceMetrics {

    private final PrometheusMeterRegistry registry;
    private volatile Supplier<Set<String>> knownScenarios = Set::of;

    private final Timer evaluation;
    private final DistributionSummary recordBatch;

    public ServiceMetrics() {
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // Meters without per-call tags are registered once; tagged ones are looked up per call.
        this.evaluation = Timer.builder("recallgate_decision_evaluation")
                .description("Time to scan the text and run the rules for one decision")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(1_000))
                .maximumExpectedValue(Duration.ofMillis(100))
                .register(registry);
        this.recordBatch = DistributionSummary.builder("recallgate_record_batch_size")
                .description("Decision records written per group commit")
                .publishPercentileHistogram()
                .minimumExpectedValue(1.0)
                .maximumExpectedValue(1000.0)
                .register(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public void knownScenarios(Supplier<Set<String>> scenarios) {
        this.knownScenarios = scenarios;
    }

    public String scrape() {
        return registry.scrape();
    }

    /** One rule evaluation: counted by outcome, decisive reason and scenario; timed. */
    public void decided(RecallRequest request, Decision decision, long nanos) {
        String scenario = knownScenarios.get().contains(request.scenario()) ? request.scenario() : "other";
        Counter.builder("recallgate_decisions")
                .description("Decisions made, by outcome, decisive reason, scenario and mode")
                .tag("outcome", decision.outcome().json())
                .tag("reason", decision.decisiveReason().code())
                .tag("scenario", scenario)
                .tag("mode", decision.mode().json())
                .register(registry)
                .increment();
        evaluation.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void httpRequest(String route, int status, long nanos) {
        Timer.builder("recallgate_http_requests")
                .description("HTTP requests by route and status, with latency")
                .tag("route", route)
                .tag("status", String.valueOf(status))
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(10_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    public void reloaded(ReloadReport report) {
        Counter.builder("recallgate_policy_reloads")
                .description("Rule set load attempts by result")
                .tag("result", report.status())
                .register(registry)
                .increment();
    }

    public void recordBatch(int size) {
        recordBatch.record(size);
    }

    public void recordQueueDepth(Supplier<Number> depth) {
        Gauge.builder("recallgate_record_queue_depth", depth)
                .description("Decision records waiting to be committed")
                .register(registry);
    }

    /** Policy activations waiting to be archived; above zero only while the database does not answer. */
    public void policyArchivePending(Supplier<Number> pending) {
        Gauge.builder("recallgate_policy_archive_pending", pending)
                .description("Policy activations not yet archived in the database (retried until stored)")
                .register(registry);
    }
}
