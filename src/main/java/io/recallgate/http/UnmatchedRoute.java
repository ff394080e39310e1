package io.recallgate.http;

import io.recallgate.http.contract.ContractOperations;
import io.recallgate.http.contract.Problems;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;

/**
 * The last route: a path the contract has, asked with another method, is 405 with {@code Allow}
 * (API.md "Errors"); anything else is 404. Neither echoes the method or path the client sent.
 */
final class UnmatchedRoute implements Handler<RoutingContext> {

    private final ContractOperations operations;

    UnmatchedRoute(ContractOperations operations) {
        this.operations = operations;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Set<String> allowed = operations.methods(ctx.normalizedPath());
        if (!allowed.isEmpty() && !allowed.contains(ctx.request().method().name())) {
            ctx.response().putHeader("Allow", String.join(", ", allowed));
            Problems.send(
                    ctx,
                    405,
                    "Method Not Allowed",
                    "This path does not take this method; the Allow header lists those it takes.",
                    List.of());
            return;
        }
        Problems.send(ctx, 404, "Not Found", "There is no such resource in this API.", List.of());
    }
}
