package io.recallgate.http.auth;

import io.recallgate.http.contract.Problems;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * Resolves the {@link Caller} of a {@code /v1} request from its bearer key: missing or unknown
 * key → 401. With authentication off every request is {@link Caller#OPEN}.
 */
public final class Authenticator implements Handler<RoutingContext> {

    private static final String CALLER = "recallgate.caller";

    private final ApiKeys keys;

    public Authenticator(ApiKeys keys) {
        this.keys = keys;
    }

    public static Caller caller(RoutingContext ctx) {
        Caller c = ctx.get(CALLER);
        return c == null ? Caller.OPEN : c;
    }

    /** The authenticated caller, or null before (or without) authentication, e.g. for a 401. */
    public static Caller authenticated(RoutingContext ctx) {
        return ctx.get(CALLER);
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (!keys.enabled()) {
            ctx.put(CALLER, Caller.OPEN);
            ctx.next();
            return;
        }
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            unauthorized(ctx, "An API key is required: send 'Authorization: Bearer <key>'.");
            return;
        }
        Caller caller = keys.authenticate(header.substring(7).trim());
        if (caller == null) {
            unauthorized(ctx, "The API key is not known.");
            return;
        }
        ctx.put(CALLER, caller);
        ctx.next();
    }

    private static void unauthorized(RoutingContext ctx, String detail) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"recallgate\"");
        Problems.send(ctx, 401, "Unauthorized", detail, List.of());
    }
}
