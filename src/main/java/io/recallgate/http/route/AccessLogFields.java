package io.recallgate.http.route;

import io.recallgate.model.Decision;
import io.vertx.ext.web.RoutingContext;

/**
 * What a route tells the access log about its request beyond method, path and status: the
 * decision it answered (its id, mode, outcome and decisive reason are logged, never its text) or
 * the size of a batch. Kept on the routing context until the access log writes the line.
 */
public final class AccessLogFields {

    private static final String DECISION = "recallgate.decision";
    private static final String BATCH = "recallgate.batch";

    private AccessLogFields() {}

    public static void decision(RoutingContext ctx, Decision d) {
        ctx.put(DECISION, d);
    }

    public static void batch(RoutingContext ctx, int size) {
        ctx.put(BATCH, size);
    }

    /** The decision answered, or null. */
    public static Decision decision(RoutingContext ctx) {
        return ctx.get(DECISION);
    }

    /** The number of decisions a batch answered, or null. */
    public static Integer batchSize(RoutingContext ctx) {
        return ctx.get(BATCH);
    }
}
