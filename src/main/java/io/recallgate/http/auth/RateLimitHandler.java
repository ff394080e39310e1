package io.recallgate.http.auth;

import io.recallgate.http.contract.Problems;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** Answers 429 with Retry-After when the caller's key is over its rate. Installed only with API keys. */
public final class RateLimitHandler implements Handler<RoutingContext> {

    private final RateLimiter limiter;

    public RateLimitHandler(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Caller caller = Authenticator.caller(ctx);
        long wait = limiter.acquire(caller.keyId());
        if (wait == 0) {
            ctx.next();
            return;
        }
        ctx.response().putHeader("Retry-After", String.valueOf(wait));
        Problems.send(
                ctx,
                429,
                "Too Many Requests",
                "This API key is over its request rate; retry after " + wait + " s.",
                List.of());
    }
}
