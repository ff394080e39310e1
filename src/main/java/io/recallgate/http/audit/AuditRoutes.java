package io.recallgate.http.audit;

import io.recallgate.http.auth.Authenticator;
import io.recallgate.http.contract.FieldError;
import io.recallgate.http.contract.ParseResult;
import io.recallgate.http.contract.Problems;
import io.recallgate.http.contract.RequestParser;
import io.recallgate.http.route.JsonAnswer;
import io.recallgate.store.AuditVerifier;
import io.recallgate.store.TenantLogs;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /v1/audit/*}: the caller's tenant's verifiable log (API.md, "Verifiable decision log" and
 * "Audit"). Every answer is about the caller's own tenant only; another tenant's decision is a 404
 * like an unknown one.
 */
public final class AuditRoutes {

    private final TenantLogs logs;
    private final AuditVerifier verifier;
    private final RequestParser parser;

    public AuditRoutes(TenantLogs logs, AuditVerifier verifier, RequestParser parser) {
        this.logs = logs;
        this.verifier = verifier;
        this.parser = parser;
    }

    public void checkpoint(RoutingContext ctx) {
        logs.checkpoint(Authenticator.caller(ctx).tenant())
                .onSuccess(note -> text(ctx, note))
                .onFailure(ctx::fail);
    }

    public void logKey(RoutingContext ctx) {
        text(ctx, logs.verifierKey() + "\n");
    }

    public void inclusion(RoutingContext ctx) {
        ParseResult<List<String>> id = parser.queryIds(ctx.queryParams(), "decisionId");
        ParseResult<List<Long>> size = parser.queryCounts(ctx.queryParams(), "treeSize");
        if (!id.ok() || !size.ok()) {
            List<FieldError> errors = new ArrayList<>();
            errors.addAll(id.ok() ? List.of() : id.errors());
            errors.addAll(size.ok() ? List.of() : size.errors());
            Problems.invalidRequest(ctx, errors);
            return;
        }
        if (size.value().get(0) < 1) {
            Problems.invalidRequest(ctx, List.of(new FieldError("/query/treeSize", "must be at least 1")));
            return;
        }
        logs.inclusion(
                        Authenticator.caller(ctx).tenant(),
                        id.value().get(0),
                        size.value().get(0))
                .onSuccess(p -> {
                    if (p == null) {
                        Problems.send(ctx, 404, "Not Found", "No decision with this id.", List.of());
                    } else {
                        JsonAnswer.send(
                                ctx,
                                200,
                                new JsonObject()
                                        .put("logIndex", p.logIndex())
                                        .put("treeSize", p.treeSize())
                                        .put("leafHash", p.leafHash())
                                        .put("proof", new JsonArray(new ArrayList<>(p.proof()))));
                    }
                })
                .onFailure(t -> badRequestOrFail(ctx, t));
    }

    public void consistency(RoutingContext ctx) {
        ParseResult<List<Long>> sizes = parser.queryCounts(ctx.queryParams(), "from", "to");
        if (!sizes.ok()) {
            Problems.invalidRequest(ctx, sizes.errors());
            return;
        }
        long from = sizes.value().get(0);
        long to = sizes.value().get(1);
        logs.consistency(Authenticator.caller(ctx).tenant(), from, to)
                .onSuccess(p -> JsonAnswer.send(
                        ctx,
                        200,
                        new JsonObject()
                                .put("from", p.from())
                                .put("to", p.to())
                                .put("proof", new JsonArray(new ArrayList<>(p.proof())))))
                .onFailure(t -> badRequestOrFail(ctx, t));
    }

    public void verify(RoutingContext ctx) {
        verifier.verify(Authenticator.caller(ctx).tenant())
                .onSuccess(report -> JsonAnswer.send(ctx, 200, report.toJson()))
                .onFailure(ctx::fail);
    }

    private static void badRequestOrFail(RoutingContext ctx, Throwable t) {
        if (t instanceof TenantLogs.BadProofRequest bad) {
            Problems.invalidRequest(ctx, List.of(new FieldError("/query/" + bad.parameter(), bad.getMessage())));
        } else {
            ctx.fail(t);
        }
    }

    private static void text(RoutingContext ctx, String body) {
        if (!ctx.response().ended()) {
            ctx.response()
                    .putHeader("content-type", "text/plain; charset=utf-8")
                    .end(body);
        }
    }
}
