package io.recallgate.http.holds;

import io.recallgate.http.auth.Authenticator;
import io.recallgate.http.contract.FieldError;
import io.recallgate.http.contract.ParseResult;
import io.recallgate.http.contract.Problems;
import io.recallgate.http.contract.RequestParser;
import io.recallgate.http.route.JsonAnswer;
import io.recallgate.store.Hold;
import io.recallgate.store.HoldStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/** {@code /v1/holds}: place, list and release dispute holds (API.md, "Dispute holds"). */
public final class HoldRoutes {

    private final HoldStore holds;
    private final RequestParser parser;

    public HoldRoutes(HoldStore holds, RequestParser parser) {
        this.holds = holds;
        this.parser = parser;
    }

    public void place(RoutingContext ctx) {
        ParseResult<JsonObject> parsed =
                parser.parseObject(RequestParser.HOLD_SCHEMA, ctx.body().buffer());
        if (!parsed.ok()) {
            Problems.invalidRequest(ctx, parsed.errors());
            return;
        }
        JsonObject body = parsed.value();
        List<String> messageIds = new ArrayList<>();
        JsonArray ids = body.getJsonArray("messageIds");
        if (ids != null) {
            for (Object id : ids) {
                if (!messageIds.contains((String) id)) {
                    messageIds.add((String) id);
                }
            }
        }
        holds.place(
                        Authenticator.caller(ctx).tenant(),
                        body.getString("conversationId"),
                        messageIds,
                        body.getString("reason"),
                        body.getString("placedBy"))
                .onSuccess(h -> JsonAnswer.send(ctx, 201, json(h)))
                .onFailure(ctx::fail);
    }

    public void list(RoutingContext ctx) {
        ParseResult<List<String>> ids = parser.queryIds(ctx.queryParams(), "conversationId");
        if (!ids.ok()) {
            Problems.invalidRequest(ctx, ids.errors());
            return;
        }
        String conversationId = ids.value().get(0);
        holds.list(Authenticator.caller(ctx).tenant(), conversationId)
                .onSuccess(list -> {
                    JsonArray out = new JsonArray();
                    list.forEach(h -> out.add(json(h)));
                    JsonAnswer.send(ctx, 200, new JsonObject().put("holds", out));
                })
                .onFailure(ctx::fail);
    }

    public void release(RoutingContext ctx) {
        ParseResult<String> holdId = parser.pathId("holdId", ctx.pathParam("holdId"));
        ParseResult<JsonObject> parsed =
                parser.parseObject(RequestParser.HOLD_RELEASE_SCHEMA, ctx.body().buffer());
        if (!holdId.ok() || !parsed.ok()) {
            List<FieldError> errors = new ArrayList<>(holdId.errors());
            errors.addAll(parsed.errors());
            Problems.invalidRequest(ctx, errors);
            return;
        }
        JsonObject body = parsed.value();
        holds.release(
                        Authenticator.caller(ctx).tenant(),
                        holdId.value(),
                        body.getString("releasedBy"),
                        body.getString("reason"))
                .onSuccess(h -> {
                    if (h == null) {
                        Problems.send(ctx, 404, "Not Found", "No hold with this id.", List.of());
                    } else {
                        JsonAnswer.send(ctx, 200, json(h));
                    }
                })
                .onFailure(ctx::fail);
    }

    static JsonObject json(Hold h) {
        return new JsonObject()
                .put("holdId", h.holdId())
                .put("conversationId", h.conversationId())
                .put("messageIds", new JsonArray(h.messageIds()))
                .put("reason", h.reason())
                .put("placedBy", h.placedBy())
                .put("placedAt", h.placedAt() == null ? null : h.placedAt().toString())
                .put(
                        "releasedAt",
                        h.releasedAt() == null ? null : h.releasedAt().toString())
                .put("releasedBy", h.releasedBy())
                .put("releaseReason", h.releaseReason());
    }
}
