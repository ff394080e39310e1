package io.recallgate.http;

import java.util.Comparator;
import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** RFC 9457 problem details ({@code application/problem+json}), with an {@code errors} array of bad fields. */
public final class Problems {

    private Problems() {
    }

    public static JsonObject json(int status, String title, String detail, String instance, List<FieldError> errors) {
        JsonObject p = new JsonObject()
                .put("type", "about:blank")
                .put("title", title)
                .put("status", status)
                .put("detail", detail);
        if (instance != null) {
            p.put("instance", instance);
        }
        if (errors != null && !errors.isEmpty()) {
            JsonArray list = new JsonArray();
            errors.stream().distinct().sorted(Comparator.comparing(FieldError::pointer))
                    .forEach(e -> list.add(new JsonObject().put("pointer", e.pointer()).put("detail", e.detail())));
            p.put("errors", list);
        }
        return p;
    }

    public static void send(RoutingContext ctx, int status, String title, String detail, List<FieldError> errors) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("content-type", "application/problem+json")
                .end(json(status, title, detail, ctx.request().path(), errors).toBuffer());
    }

    /** 400 naming every bad field. */
    public static void invalid(RoutingContext ctx, List<FieldError> errors) {
        send(ctx, 400, "Invalid request", errors.size() == 1 ? "1 field is invalid." : errors.size() + " fields are invalid.",
                errors);
    }
}
