package io.recallgate.http.decisions;

import io.recallgate.decision.DecisionService;
import io.recallgate.http.auth.Authenticator;
import io.recallgate.http.auth.Caller;
import io.recallgate.http.contract.ParseResult;
import io.recallgate.http.contract.Problems;
import io.recallgate.http.contract.RequestParser;
import io.recallgate.http.route.AccessLogFields;
import io.recallgate.http.route.JsonAnswer;
import io.recallgate.model.AcceptLanguage;
import io.recallgate.model.RecallRequest;
import io.recallgate.store.DecisionLog;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;

/**
 * {@code /v1/recall-decisions}: decide one message or a batch, and read back a stored decision by
 * its id or by its message (API.md, "Recall decisions"). The rules run inline (microseconds of
 * CPU); recording and reading are non-blocking database calls. Authentication and roles are
 * checked before these handlers run (see ApiRouter).
 */
public final class DecisionRoutes {

    private final RequestParser parser;
    private final DecisionService decisions;
    private final DecisionLog decisionLog;

    public DecisionRoutes(RequestParser parser, DecisionService decisions, DecisionLog decisionLog) {
        this.parser = parser;
        this.decisions = decisions;
        this.decisionLog = decisionLog;
    }

    /** {@code POST /v1/recall-decisions}. */
    public void decide(RoutingContext ctx) {
        ParseResult<RecallRequest> parsed = parser.parse(ctx.body().buffer(), Instant.now());
        if (!parsed.ok()) {
            Problems.invalidRequest(ctx, parsed.errors());
            return;
        }
        Caller caller = Authenticator.caller(ctx);
        decisions
                .decide(caller.tenant(), parsed.value(), language(ctx))
                .onSuccess(d -> {
                    AccessLogFields.decision(ctx, d);
                    JsonAnswer.send(ctx, 200, DecisionJson.toBuffer(d));
                })
                .onFailure(ctx::fail);
    }

    /** {@code POST /v1/recall-decisions/batch}. */
    public void decideBatch(RoutingContext ctx) {
        ParseResult<List<RecallRequest>> parsed = parser.parseBatch(ctx.body().buffer(), Instant.now());
        if (!parsed.ok()) {
            Problems.invalidRequest(ctx, parsed.errors());
            return;
        }
        Caller caller = Authenticator.caller(ctx);
        decisions
                .decideAll(caller.tenant(), parsed.value(), language(ctx))
                .onSuccess(list -> {
                    AccessLogFields.batch(ctx, list.size());
                    JsonAnswer.send(ctx, 200, DecisionJson.batchToBuffer(list));
                })
                .onFailure(ctx::fail);
    }

    /** {@code GET /v1/recall-decisions/{decisionId}}. */
    public void get(RoutingContext ctx) {
        ParseResult<String> decisionId = parser.pathId("decisionId", ctx.pathParam("decisionId"));
        if (!decisionId.ok()) {
            Problems.invalidRequest(ctx, decisionId.errors());
            return;
        }
        Caller caller = Authenticator.caller(ctx);
        decisionLog
                .findById(caller.tenant(), decisionId.value())
                .onSuccess(stored -> {
                    if (stored == null) {
                        Problems.send(ctx, 404, "Not Found", "No decision with this id.", List.of());
                    } else {
                        JsonAnswer.send(ctx, 200, RecordJson.stored(stored));
                    }
                })
                .onFailure(ctx::fail);
    }

    /** {@code GET /v1/recall-decisions?conversationId=…&messageId=…}. */
    public void find(RoutingContext ctx) {
        ParseResult<List<String>> ids = parser.queryIds(ctx.queryParams(), "conversationId", "messageId");
        if (!ids.ok()) {
            Problems.invalidRequest(ctx, ids.errors());
            return;
        }
        String conversationId = ids.value().get(0);
        String messageId = ids.value().get(1);
        Caller caller = Authenticator.caller(ctx);
        decisionLog
                .findByMessage(caller.tenant(), conversationId, messageId)
                .onSuccess(list -> {
                    if (list.isEmpty()) {
                        Problems.send(
                                ctx, 404, "Not Found", "No enforced decision is stored for this message.", List.of());
                    } else {
                        // API.md: "the stored decision"; the latest one when the message was asked about again.
                        JsonAnswer.send(ctx, 200, RecordJson.stored(list.get(list.size() - 1)));
                    }
                })
                .onFailure(ctx::fail);
    }

    /** The caller's {@code Accept-Language}: the language of the reasons' sentences (API.md). */
    private static AcceptLanguage language(RoutingContext ctx) {
        return AcceptLanguage.parse(ctx.request().getHeader("Accept-Language"));
    }
}
