package io.recallgate.http.contract;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * RFC 9457 problem details ({@code application/problem+json}): {@code type}, {@code title},
 * {@code status}, {@code detail}, {@code instance} and, for 400s, an {@code errors} array of
 * {@code {pointer, detail}}.
 *
 * <p>{@code type} is {@code about:blank} unless a caller names a problem type; the one type
 * this service defines is {@link #INVALID_REQUEST}. A problem never echoes the URL, headers or
 * body the client sent (API.md "Errors"): a path may carry a card number typed as an id, and
 * problem documents end up in client logs. So there is no {@code instance}; a 5xx carries the
 * {@code errorId} of its log line instead ({@link #withErrorId}).
 */
public final class Problems {

    public static final String CONTENT_TYPE = "application/problem+json";
    public static final String ABOUT_BLANK = "about:blank";
    /** The type of every 400 whose {@code errors} lists bad fields. */
    public static final String INVALID_REQUEST = "urn:recallgate:problem:invalid-request";

    private Problems() {}

    /** A problem document; {@code title} null means the HTTP reason phrase, null {@code detail}/{@code instance}/{@code errors} are left out. */
    public static JsonObject json(
            String type, int status, String title, String detail, String instance, List<FieldError> errors) {
        JsonObject p = new JsonObject()
                .put("type", type == null ? ABOUT_BLANK : type)
                .put("title", title == null ? reasonPhrase(status) : title)
                .put("status", status);
        if (detail != null) {
            p.put("detail", detail);
        }
        if (instance != null) {
            p.put("instance", instance);
        }
        if (errors != null && !errors.isEmpty()) {
            JsonArray list = new JsonArray();
            for (FieldError e : errors) {
                list.add(new JsonObject().put("pointer", e.pointer()).put("detail", e.detail()));
            }
            p.put("errors", list);
        }
        return p;
    }

    public static JsonObject json(int status, String title, String detail, List<FieldError> errors) {
        return json(null, status, title, detail, null, errors);
    }

    /** Sends an {@code about:blank} problem for the current request. */
    public static Future<Void> send(
            RoutingContext ctx, int status, String title, String detail, List<FieldError> errors) {
        return send(ctx, json(null, status, title, detail, null, errors));
    }

    /** The problem with the id of the log line that describes the failure (5xx only). */
    public static JsonObject withErrorId(JsonObject problem, String errorId) {
        return problem.put("errorId", errorId);
    }

    public static Future<Void> send(RoutingContext ctx, int status, String detail) {
        return send(ctx, status, null, detail, null);
    }

    /** The 400 for a body that failed {@link RequestParser}: every bad field in {@code errors}. */
    public static Future<Void> invalidRequest(RoutingContext ctx, List<FieldError> errors) {
        String detail = errors.size() == 1 ? "1 field is invalid." : errors.size() + " fields are invalid.";
        return send(ctx, json(INVALID_REQUEST, 400, "Invalid request", detail, null, errors));
    }

    /** Sends a ready-made problem document; its {@code status} becomes the HTTP status. */
    public static Future<Void> send(RoutingContext ctx, JsonObject problem) {
        return send(ctx.response(), problem);
    }

    /** Sends a problem outside a router, e.g. for a request the HTTP codec could not read. */
    public static Future<Void> send(HttpServerResponse response, JsonObject problem) {
        if (response.ended() || response.headWritten()) {
            return Future.succeededFuture();
        }
        return response.setStatusCode(problem.getInteger("status"))
                .putHeader("Content-Type", CONTENT_TYPE)
                .putHeader("Cache-Control", "no-store")
                .end(problem.toBuffer());
    }

    static String reasonPhrase(int status) {
        return HttpResponseStatus.valueOf(status).reasonPhrase();
    }
}
