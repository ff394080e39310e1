package io.recallgate.http;

import io.recallgate.model.Decision;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON line per request: method, route, status, latency, tenant, and for decisions the
 * decision id and outcome. Never the body, the query string, free text from the path, the message
 * text, detected numbers or the API key.
 */
final class AccessLog implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger("recallgate.access");
    private static final String DECISION = "recallgate.decision";
    private static final String BATCH = "recallgate.batch";

    private static final Pattern UUID_SHAPE =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private static final Set<String> STATIC_PATHS = Set.of(
            "/health/live",
            "/health/ready",
            "/metrics",
            "/openapi.yaml",
            "/v1/recall-decisions",
            "/v1/recall-decisions/batch",
            "/v1/holds",
            "/v1/policy",
            "/v1/policy/reload",
            "/v1/audit/verify",
            "/v1/audit/checkpoint",
            "/v1/audit/log-key",
            "/v1/audit/proof/inclusion",
            "/v1/audit/proof/consistency");
    private static final Pattern DECISION_PATH = Pattern.compile("/v1/recall-decisions/([^/]+)");
    private static final Pattern RELEASE_PATH = Pattern.compile("/v1/holds/([^/]+)/release");

    private final ServiceMetrics metrics;
    private final Inflight inflight;

    AccessLog(ServiceMetrics metrics, Inflight inflight) {
        this.metrics = metrics;
        this.inflight = inflight;
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
        inflight.enter();
        ctx.addHeadersEndHandler(v -> {
            if (inflight.draining() && ctx.request().version() != HttpVersion.HTTP_2) {
                ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
            }
        });
        ctx.addEndHandler(ar -> {
            inflight.exit();
            long nanos = System.nanoTime() - start;
            int status = ctx.response().getStatusCode();
            JsonObject ids = new JsonObject();
            String path = loggedPath(ctx.normalizedPath(), ids);
            metrics.httpRequest(path, status, nanos);
            if (!LOG.isInfoEnabled()) {
                return;
            }
            JsonObject line = new JsonObject()
                    .put("ts", Instant.now().toString())
                    .put("type", "access")
                    .put("method", ctx.request().method().name())
                    .put("path", path)
                    .put("status", status)
                    .put("latencyMs", Math.round(nanos / 10_000.0) / 100.0)
                    .mergeIn(ids);
            Caller caller = Authenticator.authenticated(ctx);
            if (caller != null) {
                line.put("tenant", caller.tenant()).put("key", caller.label());
            }
            Decision d = ctx.get(DECISION);
            if (d != null) {
                line.put("decisionId", d.decisionId())
                        .put("mode", d.mode().json())
                        .put("outcome", d.outcome().json())
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

    /**
     * The path as the contract names it. A path is free text chosen by the client (a card number
     * pasted as a decision id would otherwise be logged), so only the API's own paths are logged:
     * a path with an id becomes its template ({@code /v1/holds/{holdId}/release}) and the id is
     * logged as a field of its own only when it is a well-formed UUID. Anything else is "other".
     */
    static String loggedPath(String path, JsonObject line) {
        if (path == null) {
            return "other";
        }
        if (STATIC_PATHS.contains(path)) {
            return path;
        }
        Matcher m = DECISION_PATH.matcher(path);
        if (m.matches()) {
            if (UUID_SHAPE.matcher(m.group(1)).matches()) {
                line.put("decisionId", m.group(1));
            }
            return "/v1/recall-decisions/{decisionId}";
        }
        m = RELEASE_PATH.matcher(path);
        if (m.matches()) {
            if (UUID_SHAPE.matcher(m.group(1)).matches()) {
                line.put("holdId", m.group(1));
            }
            return "/v1/holds/{holdId}/release";
        }
        return "other";
    }
}
