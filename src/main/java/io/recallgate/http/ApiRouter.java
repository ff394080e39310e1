package io.recallgate.http;

import io.recallgate.http.audit.AuditRoutes;
import io.recallgate.http.auth.ApiRole;
import io.recallgate.http.auth.Authenticator;
import io.recallgate.http.auth.Caller;
import io.recallgate.http.auth.RateLimitHandler;
import io.recallgate.http.console.ConsoleRoutes;
import io.recallgate.http.contract.ContractOperations;
import io.recallgate.http.contract.ImpactRequestParser;
import io.recallgate.http.contract.Problems;
import io.recallgate.http.contract.ReportQueryParser;
import io.recallgate.http.decisions.DecisionRoutes;
import io.recallgate.http.holds.HoldRoutes;
import io.recallgate.http.policy.ImpactRoutes;
import io.recallgate.http.policy.PolicyRoutes;
import io.recallgate.http.policy.PolicyVersionRoutes;
import io.recallgate.http.reports.ReportRoutes;
import io.recallgate.http.route.JsonAnswer;
import io.recallgate.store.StoreBusyException;
import io.recallgate.store.StoreUnavailableException;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;

/**
 * The routes of API.md in one table: which path, for which role, goes to which route group
 * (decisions, holds, policy, reports, audit, console: one package each under {@code http}), and
 * what every request goes through: the access log, the request guard, the body limit,
 * authentication, the rate limit, and the problems answered for errors and unmatched routes.
 * The health, metrics and contract endpoints are answered here. Every handler composes Futures
 * and never blocks: the rules run inline (microseconds of CPU), everything else is a
 * non-blocking database call.
 */
public final class ApiRouter {

    /** API.md: a request body over 256 KiB gets 413. */
    public static final long BODY_LIMIT = 256 * 1024;

    /** Unexpected failures of every router in the process, counted together. */
    static final FailureLog FAILURES = new FailureLog();

    private final Vertx vertx;
    private final ApiServices s;
    private final Handler<RoutingContext> guard;

    public ApiRouter(Vertx vertx, ApiServices services) {
        this(vertx, services, RoutingContext::next);
    }

    /** {@code guard}: runs first after the access log (request target, body limits; see RequestGuard). */
    public ApiRouter(Vertx vertx, ApiServices services, Handler<RoutingContext> guard) {
        this.vertx = vertx;
        this.s = services;
        this.guard = guard;
    }

    public Router router() {
        String contractYaml = s.contract().yaml();
        Router r = Router.router(vertx);
        r.route().handler(new AccessLog(s.metrics(), s.inflight()));
        r.route().handler(guard);

        r.get("/health/live").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "up")));
        r.get("/health/ready").handler(this::ready);
        r.get("/metrics")
                .handler(ctx -> ctx.response()
                        .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                        .end(s.metrics().scrape()));
        r.get("/openapi.yaml")
                .handler(ctx -> ctx.response()
                        .putHeader("content-type", "application/yaml; charset=utf-8")
                        .end(contractYaml));
        ConsoleRoutes.mount(r);

        r.route("/v1/*").handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
        r.route("/v1/*").handler(new Authenticator(s.apiKeys()));
        if (s.rateLimiter() != null) { // per API key: there are none without a keys file
            r.route("/v1/*").handler(new RateLimitHandler(s.rateLimiter()));
        }

        DecisionRoutes decisions = new DecisionRoutes(s.parser(), s.decisions(), s.decisionLog());
        r.post("/v1/recall-decisions").handler(role(ApiRole.PLATFORM)).handler(decisions::decide);
        r.post("/v1/recall-decisions/batch").handler(role(ApiRole.PLATFORM)).handler(decisions::decideBatch);
        r.get("/v1/recall-decisions/:decisionId")
                .handler(role(ApiRole.PLATFORM, ApiRole.AUDITOR))
                .handler(decisions::get);
        r.get("/v1/recall-decisions")
                .handler(role(ApiRole.PLATFORM, ApiRole.AUDITOR))
                .handler(decisions::find);

        HoldRoutes holds = new HoldRoutes(s.holds(), s.parser());
        r.post("/v1/holds").handler(role(ApiRole.DISPUTE)).handler(holds::place);
        r.get("/v1/holds").handler(role(ApiRole.DISPUTE)).handler(holds::list);
        r.post("/v1/holds/:holdId/release").handler(role(ApiRole.DISPUTE)).handler(holds::release);

        PolicyRoutes policy = new PolicyRoutes(s.policy());
        r.get("/v1/policy").handler(role(ApiRole.POLICY)).handler(policy::status);
        r.post("/v1/policy/reload").handler(role(ApiRole.POLICY)).handler(policy::reload);
        // The archive: authors look up what they changed, auditors resolve a record's policyVersion.
        PolicyVersionRoutes versions =
                new PolicyVersionRoutes(s.policyArchive(), s.parser().validator());
        r.get("/v1/policy/versions")
                .handler(role(ApiRole.POLICY, ApiRole.AUDITOR))
                .handler(versions::list);
        r.get("/v1/policy/versions/:version")
                .handler(role(ApiRole.POLICY, ApiRole.AUDITOR))
                .handler(versions::get);
        // What a candidate folder would do to the tenant's stored decisions; compiled and replayed off the event loop.
        ImpactRoutes impact =
                new ImpactRoutes(s.impact(), new ImpactRequestParser(s.parser().validator()));
        r.post("/v1/policy/impact").handler(role(ApiRole.POLICY)).handler(impact::impact);

        ReportRoutes reports = new ReportRoutes(s.reports(), new ReportQueryParser(s.contract()));
        r.get("/v1/reports/decisions").handler(role(ApiRole.AUDITOR)).handler(reports::decisions);

        AuditRoutes audit = new AuditRoutes(s.tenantLogs(), s.auditVerifier(), s.parser());
        r.get("/v1/audit/verify").handler(role(ApiRole.AUDITOR)).handler(audit::verify);
        // the log's public face: auditors, and platforms proving their own decisions to their users
        r.get("/v1/audit/checkpoint")
                .handler(role(ApiRole.AUDITOR, ApiRole.PLATFORM))
                .handler(audit::checkpoint);
        r.get("/v1/audit/log-key")
                .handler(role(ApiRole.AUDITOR, ApiRole.PLATFORM))
                .handler(audit::logKey);
        r.get("/v1/audit/proof/inclusion")
                .handler(role(ApiRole.AUDITOR, ApiRole.PLATFORM))
                .handler(audit::inclusion);
        r.get("/v1/audit/proof/consistency")
                .handler(role(ApiRole.AUDITOR, ApiRole.PLATFORM))
                .handler(audit::consistency);

        r.route().last().handler(new UnmatchedRoute(ContractOperations.of(s.contract())));
        StatusProblems statusProblems = new StatusProblems();
        for (int status = 400; status < 600; status++) {
            if (status != 400 && status != 500) {
                r.errorHandler(status, statusProblems);
            }
        }
        // Vert.x Web's body handler fails with status 200 when the codec cannot read a body
        r.errorHandler(200, statusProblems);
        r.errorHandler(500, this::failure);
        r.errorHandler(400, this::failure);
        return r;
    }

    // ---- operations ----

    private void ready(RoutingContext ctx) {
        boolean rules = s.policy().active() != null;
        s.database().ping().onComplete(ar -> {
            boolean ready = rules && ar.succeeded();
            JsonObject checks = new JsonObject()
                    .put("rules", rules ? "up" : "down")
                    .put("database", ar.succeeded() ? "up" : "down");
            if (ready) {
                json(ctx, 200, new JsonObject().put("status", "up").put("checks", checks));
                return;
            }
            // not ready is an error like any other 503 (problem+json, Retry-After); the checks say
            // which part is down. A probe reads only the status code.
            ctx.response().putHeader("Retry-After", "2");
            Problems.send(
                    ctx,
                    Problems.json(
                                    503,
                                    null,
                                    ar.succeeded()
                                            ? "Not ready: no rule set is active."
                                            : "Not ready: the database does not answer.",
                                    null)
                            .put("checks", checks));
        });
    }

    // ---- shared ----

    private static Handler<RoutingContext> role(ApiRole... anyOf) {
        return ctx -> {
            Caller caller = Authenticator.caller(ctx);
            for (ApiRole role : anyOf) {
                if (caller.has(role)) {
                    ctx.next();
                    return;
                }
            }
            Problems.send(
                    ctx,
                    403,
                    "Forbidden",
                    "This API key does not have the role needed here ("
                            + String.join(
                                    " or ",
                                    java.util.Arrays.stream(anyOf)
                                            .map(ApiRole::json)
                                            .toList()) + ").",
                    List.of());
        };
    }

    private void failure(RoutingContext ctx) {
        Throwable t = ctx.failure();
        if (t instanceof StoreBusyException busy) {
            ctx.response().putHeader("Retry-After", String.valueOf(busy.retryAfterSeconds()));
            Problems.send(
                    ctx,
                    503,
                    "Service Unavailable",
                    "Too many decisions are waiting to be recorded; retry shortly.",
                    List.of());
        } else if (t instanceof StoreUnavailableException) {
            ctx.response().putHeader("Retry-After", "2");
            Problems.send(
                    ctx,
                    503,
                    "Service Unavailable",
                    "The decision record store is unavailable; retry shortly.",
                    List.of());
        } else if (ctx.statusCode() == 400) {
            Problems.send(ctx, 400, "Bad Request", "The request could not be read.", List.of());
        } else {
            // issue 9 §5: one line with an error id, no path, no message text; the problem carries the id
            String route =
                    ctx.currentRoute() == null ? null : ctx.currentRoute().getPath();
            String errorId = FAILURES.failed(route, t == null ? new IllegalStateException("status 500") : t);
            Problems.send(
                    ctx,
                    Problems.withErrorId(
                            Problems.json(500, "Internal Server Error", "The request failed unexpectedly.", null),
                            errorId));
        }
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        JsonAnswer.send(ctx, status, body);
    }
}
