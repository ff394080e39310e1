package io.recallgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics}: valid Prometheus text with the service's own meters and Vert.x's pool meters. */
class MetricsIT {

    private static TestService service;

    @BeforeAll
    static void start() {
        service = TestService.start();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static PrometheusText scrape() {
        TestService.Response r = service.get("/metrics");
        assertEquals(200, r.status());
        assertTrue(r.contentType().startsWith("text/plain"), r.contentType());
        return PrometheusText.parse(r.body());
    }

    @Test
    void theParserRejectsWhatPrometheusWouldReject() {
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse("x 1\n"), "no TYPE");
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse("# TYPE x counter\nx{a=\"1} 1\n"));
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse("# TYPE x counter\nx{a=1} 1\n"));
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse("# TYPE x counter\nx one\n"));
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse("# TYPE x counter\nx 1"));
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse("# TYPE x countr\nx 1\n"));
        PrometheusText ok = PrometheusText.parse(
                "# HELP x_total a \"counter\"\n# TYPE x_total counter\n" + "x_total{a=\"q\\\"\\\\\",b=\"\"} 1.5E3\n");
        assertEquals(1500.0, ok.sum("x_total", Map.of("a", "q\"\\")));
    }

    @Test
    void exposesTheServiceAndPoolMeters() {
        // one of each: enforce, preview, batch (so every meter below has a sample)
        post("/v1/recall-decisions", Requests.recall("after_sales", "a", 10));
        post("/v1/recall-decisions", Requests.recall("ecommerce", "b", 10).put("mode", "preview"));
        post(
                "/v1/recall-decisions/batch",
                new JsonObject().put("requests", new JsonArray().add(Requests.recall("tech_support", "c", 10))));
        post("/v1/policy/reload", new JsonObject());

        PrometheusText m = scrape();
        Set<String> names = m.names();

        List<PrometheusText.Sample> decisions = m.samples("recallgate_decisions_total");
        assertFalse(decisions.isEmpty(), "recallgate_decisions_total in " + names);
        assertEquals("counter", m.types.get("recallgate_decisions_total"));
        for (PrometheusText.Sample s : decisions) {
            assertTrue(s.labels().keySet().containsAll(Set.of("outcome", "reason", "scenario")), s.toString());
        }
        assertTrue(m.sum(
                        "recallgate_decisions_total",
                        Map.of("scenario", "after_sales", "outcome", "allow", "reason", "WITHIN_WINDOW"))
                >= 1);

        assertEquals("histogram", m.types.get("recallgate_decision_evaluation_seconds"));
        List<PrometheusText.Sample> buckets = m.samples("recallgate_decision_evaluation_seconds_bucket");
        assertTrue(buckets.size() > 5, "histogram buckets: " + buckets.size());
        assertTrue(buckets.stream().anyMatch(b -> "+Inf".equals(b.label("le"))));
        assertEquals(
                m.sum("recallgate_decision_evaluation_seconds_count", Map.of()),
                m.sum("recallgate_decision_evaluation_seconds_bucket", Map.of("le", "+Inf")));

        assertTrue(
                m.sum("recallgate_policy_reloads_total", Map.of("result", "active")) >= 2,
                "the start-up load and the reload: " + m.samples("recallgate_policy_reloads_total"));
        assertTrue(m.sum("recallgate_record_batch_size_count", Map.of()) >= 1, names.toString());
        assertTrue(names.contains("recallgate_record_batch_size_bucket"), names.toString());
        assertEquals(1, m.samples("recallgate_record_queue_depth").size());
        assertEquals("gauge", m.types.get("recallgate_record_queue_depth"));

        // The database pool, as Vert.x's micrometer metrics report it
        List<PrometheusText.Sample> pool = m.samples.stream()
                .filter(s -> s.name().startsWith("vertx_pool_") && "sql".equals(s.label("pool_type")))
                .toList();
        assertFalse(
                pool.isEmpty(),
                "no vertx_pool_* samples with pool_type=sql in "
                        + names.stream()
                                .filter(n -> n.startsWith("vertx_"))
                                .sorted()
                                .toList());
        Set<String> poolNames = pool.stream().map(PrometheusText.Sample::name).collect(Collectors.toSet());
        assertTrue(poolNames.contains("vertx_pool_in_use"), poolNames.toString());
        assertTrue(m.sum("vertx_pool_completed_total", Map.of("pool_type", "sql")) >= 1, poolNames.toString());
        // a stable pool name, so dashboards and alerts survive restarts
        assertEquals(
                Set.of("recallgate-db"),
                pool.stream().map(s -> s.label("pool_name")).collect(Collectors.toSet()));
        assertEquals(
                1,
                m.samples("vertx_pool_ratio").stream()
                        .filter(s -> "sql".equals(s.label("pool_type")))
                        .count(),
                "pool usage ratio (in use / max size)");
    }

    @Test
    void theDecisionCounterMovesByExactlyN() {
        double before = scrape().sum("recallgate_decisions_total", Map.of());
        int n = 7;
        for (int i = 0; i < n - 2; i++) {
            post("/v1/recall-decisions", Requests.recall("after_sales", "x" + i, 10));
        }
        post(
                "/v1/recall-decisions/batch",
                new JsonObject()
                        .put(
                                "requests",
                                new JsonArray()
                                        .add(Requests.recall("after_sales", "y", 10))
                                        .add(Requests.recall("after_sales", "z", 500))));
        double after = scrape().sum("recallgate_decisions_total", Map.of());
        assertEquals(n, after - before, 0.0);

        // an idempotent replay is not a new decision
        JsonObject retried = Requests.recall("after_sales", "r", 10).put("requestId", "metrics-" + System.nanoTime());
        post("/v1/recall-decisions", retried);
        post("/v1/recall-decisions", retried);
        assertEquals(n + 1, scrape().sum("recallgate_decisions_total", Map.of()) - before, 0.0);
    }

    private static void post(String path, JsonObject body) {
        TestService.Response r = service.post(path, body);
        assertEquals(200, r.status(), r.body());
    }
}
