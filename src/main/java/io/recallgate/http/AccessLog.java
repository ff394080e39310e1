package io.recallgate.http;

import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.recallgate.model.Decision;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * One JSON line per request: method, route, status, latency, tenant, and for decisions the
 * decision id and outcome. Never the body, the message text, detected numbers or the API key.
 */
final class AccessLog implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger("recallgate.access");
    private static final String DECISION = "recallgate.decision";
    private static final String BATCH = "recallgate.batch";

    private final ServiceMetrics metrics;

    AccessLog(ServiceMetrics metrics) {
        this.metrics = metrics;
    }

    static void decision(RoutingContext ctx, Decision d) {
        ctx.put(DECISION, d);
    }

    static void batch(RoutingContext ctx, int size) {
        ctx.put(BATCH, size);
    }

    @Override
    public void handle(RoutingContext ctx) {
        long start = System.nanoTime();
        ctx.addEndHandler(ar -> {
            long nanos = System.nanoTime() - start;
            int status = ctx.response().getStatusCode();
            metrics.httpRequest(ctx.currentRoute() == null ? "unmatched" : routeName(ctx), status, nanos);
            if (!LOG.isInfoEnabled()) {
                return;
            }
            JsonObject line = new JsonObject()
                    .put("ts", Instant.now().toString())
                    .put("type", "access")
                    .put("method", ctx.request().method().name())
                    .put("path", ctx.normalizedPath())
                    .put("status", status)
                    .put("latencyMs", Math.round(nanos / 10_000.0) / 100.0);
            Caller caller = ctx.get("recallgate.caller");
            if (caller != null) {
                line.put("tenant", caller.tenant()).put("key", caller.label());
            }
            Decision d = ctx.get(DECISION);
            if (d != null) {
                line.put("decisionId", d.decisionId()).put("mode", d.mode().json()).put("outcome", d.outcome().json())
                        .put("reason", d.decisiveReason().code());
            }
            Integer batch = ctx.get(BATCH);
            if (batch != null) {
                line.put("batchSize", batch);
            }
            LOG.info(line.encode());
        });
        ctx.next();
    }

    private static String routeName(RoutingContext ctx) {
        String path = ctx.currentRoute().getPath();
        return path == null ? "other" : path;
    }
}
