package io.recallgate.http;

import java.util.ArrayList;
import java.util.List;

import io.recallgate.store.Hold;
import io.recallgate.store.HoldStore;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** {@code /v1/holds}: place, list and release dispute holds (API.md, "Dispute holds"). */
final class HoldRoutes {

    private static final int MAX_ID = 128;
    private static final int MAX_TEXT = 1024;

    private final HoldStore holds;

    HoldRoutes(HoldStore holds) {
        this.holds = holds;
    }

    void place(RoutingContext ctx) {
        List<FieldError> errors = new ArrayList<>();
        JsonObject body = object(ctx.body().buffer(), errors);
        if (body == null) {
            Problems.invalid(ctx, errors);
            return;
        }
        allowOnly(body, errors, "conversationId", "messageIds", "reason", "placedBy");
        String conversationId = text(body, "conversationId", MAX_ID, true, errors);
        String reason = text(body, "reason", MAX_TEXT, true, errors);
        String placedBy = text(body, "placedBy", MAX_ID, true, errors);
        List<String> messageIds = new ArrayList<>();
        Object ids = body.getValue("messageIds");
        if (ids != null && !(ids instanceof JsonArray)) {
            errors.add(new FieldError("/messageIds", "must be an array of message ids"));
        } else if (ids != null) {
            JsonArray array = (JsonArray) ids;
            if (array.size() > 1000) {
                errors.add(new FieldError("/messageIds", "must have at most 1000 items"));
            }
            for (int i = 0; i < array.size(); i++) {
                Object v = array.getValue(i);
                if (!(v instanceof String id) || id.isEmpty() || id.length() > MAX_ID) {
                    errors.add(new FieldError("/messageIds/" + i, "must be a string of 1-128 characters"));
                } else if (!messageIds.contains(id)) {
                    messageIds.add(id);
                }
            }
        }
        if (!errors.isEmpty()) {
            Problems.invalid(ctx, errors);
            return;
        }
        holds.place(Authenticator.caller(ctx).tenant(), conversationId, messageIds, reason, placedBy)
                .onSuccess(h -> ApiRouter.json(ctx, 201, json(h)))
                .onFailure(ctx::fail);
    }

    void list(RoutingContext ctx) {
        String conversationId = ctx.queryParams().get("conversationId");
        if (conversationId == null || conversationId.isEmpty() || conversationId.length() > MAX_ID) {
            Problems.invalid(ctx, List.of(new FieldError("/query/conversationId", "is required, 1-128 characters")));
            return;
        }
        holds.list(Authenticator.caller(ctx).tenant(), conversationId)
                .onSuccess(list -> {
                    JsonArray out = new JsonArray();
                    list.forEach(h -> out.add(json(h)));
                    ApiRouter.json(ctx, 200, new JsonObject().put("holds", out));
                })
                .onFailure(ctx::fail);
    }

    void release(RoutingContext ctx) {
        List<FieldError> errors = new ArrayList<>();
        JsonObject body = object(ctx.body().buffer(), errors);
        if (body == null) {
            Problems.invalid(ctx, errors);
            return;
        }
        allowOnly(body, errors, "releasedBy", "reason");
        String releasedBy = text(body, "releasedBy", MAX_ID, true, errors);
        String reason = text(body, "reason", MAX_TEXT, false, errors);
        if (!errors.isEmpty()) {
            Problems.invalid(ctx, errors);
            return;
        }
        holds.release(Authenticator.caller(ctx).tenant(), ctx.pathParam("holdId"), releasedBy, reason)
                .onSuccess(h -> {
                    if (h == null) {
                        Problems.send(ctx, 404, "Not Found", "No hold with this id.", List.of());
                    } else {
                        ApiRouter.json(ctx, 200, json(h));
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
                .put("releasedAt", h.releasedAt() == null ? null : h.releasedAt().toString())
                .put("releasedBy", h.releasedBy())
                .put("releaseReason", h.releaseReason());
    }

    private static JsonObject object(Buffer body, List<FieldError> errors) {
        if (body == null || body.length() == 0) {
            errors.add(new FieldError("", "a JSON object body is required"));
            return null;
        }
        try {
            Object v = io.vertx.core.json.Json.decodeValue(body);
            if (v instanceof JsonObject o) {
                return o;
            }
        } catch (DecodeException e) {
            errors.add(new FieldError("", "body is not valid JSON"));
            return null;
        }
        errors.add(new FieldError("", "must be a JSON object"));
        return null;
    }

    private static void allowOnly(JsonObject body, List<FieldError> errors, String... names) {
        List<String> allowed = List.of(names);
        for (String f : body.fieldNames()) {
            if (!allowed.contains(f)) {
                errors.add(new FieldError("/" + f, "is not a field of this request"));
            }
        }
    }

    private static String text(JsonObject body, String field, int max, boolean required, List<FieldError> errors) {
        Object v = body.getValue(field);
        if (v == null) {
            if (required) {
                errors.add(new FieldError("/" + field, "is required"));
            }
            return null;
        }
        if (!(v instanceof String s) || s.isEmpty() || s.length() > max) {
            errors.add(new FieldError("/" + field, "must be a string of 1-" + max + " characters"));
            return null;
        }
        return s;
    }
}
