package io.recallgate.http.policy;

import io.recallgate.http.route.JsonAnswer;
import io.recallgate.policy.PolicyManager;
import io.recallgate.policy.ReloadReport;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /v1/policy} and {@code POST /v1/policy/reload}: the active rule set, and loading it again. */
public final class PolicyRoutes {

    private final PolicyManager policy;

    public PolicyRoutes(PolicyManager policy) {
        this.policy = policy;
    }

    /** {@code GET /v1/policy}. */
    public void status(RoutingContext ctx) {
        JsonAnswer.send(ctx, 200, PolicyJson.status(policy));
    }

    /** {@code POST /v1/policy/reload}: answers the status after the attempt, rejected or not. */
    public void reload(RoutingContext ctx) {
        policy.reload()
                .onSuccess((ReloadReport r) -> JsonAnswer.send(ctx, 200, PolicyJson.status(policy)))
                .onFailure(ctx::fail);
    }
}
