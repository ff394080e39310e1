package io.recallgate.http;

import static net.logstash.logback.argument.StructuredArguments.entries;
import static net.logstash.logback.argument.StructuredArguments.value;

import io.recallgate.http.auth.Authenticator;
import io.recallgate.http.auth.Caller;
import io.recallgate.http.console.ConsoleRoutes;
import io.recallgate.http.route.AccessLogFields;
import io.recallgate.metrics.Metrics;
import io.recallgate.model.Decision;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON line per request (logger {@code recallgate.access}, {@code "type":"access"}): method,
 * route, status, latency, tenant, and for decisions the decision id and outcome, each a field of
 * the line (structured arguments; the log's writer thread encodes them, off the event loop).
 * Never the body, the query string, free text from the path, the message text, detected numbers
 * or the API key.
 */
final class AccessLog implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger("recallgate.access");

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
            "/v1/policy/versions",
            "/v1/reports/decisions",
            "/v1/audit/verify",
            "/v1/audit/checkpoint",
            "/v1/audit/log-key",
            "/v1/audit/proof/inclusion",
            "/v1/audit/proof/consistency");
    private static final Pattern DECISION_PATH = Pattern.compile("/v1/recall-decisions/([^/]+)");
    private static final Pattern RELEASE_PATH = Pattern.compile("/v1/holds/([^/]+)/release");
    private static final Pattern VERSION_PATH = Pattern.compile("/v1/policy/versions/([^/]+)");
    private static final Pattern VERSION_SHAPE = Pattern.compile("sha256:[0-9a-f]{64}");

    private final Metrics metrics;
    private final Inflight inflight;

    AccessLog(Metrics metrics, Inflight inflight) {
        this.metrics = metrics;
        this.inflight = inflight;
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
            String path =
                    loggedPath(RequestTarget.check(ctx.request().uri()) == null ? ctx.normalizedPath() : null, ids);
            metrics.httpRequest(path, status, nanos);
            if (!LOG.isInfoEnabled()) {
                return;
            }
            String method = LoggedMethod.of(ctx.request().method());
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("type", "access");
            fields.putAll(ids.getMap());
            Caller caller = Authenticator.authenticated(ctx);
            if (caller != null) {
                fields.put("tenant", caller.tenant());
                fields.put("key", caller.label());
            }
            Decision d = AccessLogFields.decision(ctx);
            if (d != null) {
                fields.put("decisionId", d.decisionId());
                fields.put("mode", d.mode().json());
                fields.put("outcome", d.outcome().json());
                fields.put("reason", d.decisiveReason().code());
            }
            Integer batch = AccessLogFields.batchSize(ctx);
            if (batch != null) {
                fields.put("batchSize", batch);
            }
            // "POST /v1/recall-decisions 200 3.27 ms", and each value a JSON field of its own
            LOG.info(
                    "{} {} {} {} ms",
                    value("method", method),
                    value("path", path),
                    value("status", status),
                    value("latencyMs", Math.round(nanos / 10_000.0) / 100.0),
                    entries(fields));
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
        String console = ConsoleRoutes.loggedPath(path);
        if (console != null) {
            return console;
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
        m = VERSION_PATH.matcher(path);
        if (m.matches()) {
            if (VERSION_SHAPE.matcher(m.group(1)).matches()) {
                line.put("policyVersion", m.group(1));
            }
            return "/v1/policy/versions/{version}";
        }
        return "other";
    }
}
