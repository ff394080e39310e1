package io.recallgate.http.route;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * A JSON answer ({@code application/json}) as every route group writes it. Problems have their own
 * media type and writer ({@link io.recallgate.http.contract.Problems}).
 */
public final class JsonAnswer {

    private static final CharSequence CONTENT_TYPE = HttpHeaders.CONTENT_TYPE;
    private static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");

    private JsonAnswer() {}

    public static void send(RoutingContext ctx, int status, JsonObject body) {
        send(ctx, status, body.toBuffer());
    }

    /** Nothing is written when the answer has already ended (a timeout or a closed connection answered first). */
    public static void send(RoutingContext ctx, int status, Buffer body) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response()
                .setStatusCode(status)
                .putHeader(CONTENT_TYPE, APPLICATION_JSON)
                .end(body);
    }
}
