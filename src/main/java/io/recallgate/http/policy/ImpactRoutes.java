package io.recallgate.http.policy;

import io.recallgate.decision.ImpactAnalyzer;
import io.recallgate.decision.ImpactBusyException;
import io.recallgate.decision.ImpactRequest;
import io.recallgate.http.auth.Authenticator;
import io.recallgate.http.contract.FieldError;
import io.recallgate.http.contract.ImpactRequestParser;
import io.recallgate.http.contract.ParseResult;
import io.recallgate.http.contract.Problems;
import io.recallgate.http.route.JsonAnswer;
import io.recallgate.store.TooManyRecordsException;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;

/**
 * {@code POST /v1/policy/impact}: what a candidate rules folder would do to the caller's stored
 * decisions. This class checks the body and writes the answer; {@link ImpactAnalyzer} does the
 * work, off the event loop.
 */
public final class ImpactRoutes {

    private final ImpactAnalyzer analyzer;
    private final ImpactRequestParser parser;

    public ImpactRoutes(ImpactAnalyzer analyzer, ImpactRequestParser parser) {
        this.analyzer = analyzer;
        this.parser = parser;
    }

    public void impact(RoutingContext ctx) {
        ParseResult<ImpactRequest> parsed = parser.parse(ctx.body().buffer(), Instant.now());
        if (!parsed.ok()) {
            Problems.invalidRequest(ctx, parsed.errors());
            return;
        }
        analyzer.analyze(Authenticator.caller(ctx).tenant(), parsed.value())
                .onSuccess(report -> {
                    ctx.response().putHeader("Cache-Control", "no-store");
                    JsonAnswer.send(ctx, 200, ImpactJson.toJson(report));
                })
                .onFailure(t -> {
                    if (t instanceof TooManyRecordsException tooMany) {
                        Problems.invalidRequest(
                                ctx,
                                List.of(new FieldError(
                                        "/since",
                                        "the window holds " + tooMany.count() + " stored decisions; at most "
                                                + tooMany.limit() + " are replayed at once: ask for a shorter"
                                                + " window (a later since, or an earlier until)")));
                    } else if (t instanceof ImpactBusyException) {
                        ctx.response()
                                .putHeader("Retry-After", String.valueOf(ImpactBusyException.RETRY_AFTER_SECONDS));
                        Problems.send(
                                ctx,
                                503,
                                "Service Unavailable",
                                "Other impact analyses are running; retry shortly.",
                                List.of());
                    } else {
                        ctx.fail(t);
                    }
                });
    }
}
