package io.recallgate.http;

import io.recallgate.http.contract.Problems;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The problem+json for a request that Vert.x Web failed with a status code of its own (e.g.
 * 417 for an {@code Expect} it does not meet, 413 from the body handler), so that no error
 * response is a bare body (API.md "Errors"). Installed as the router's error handler for every
 * 4xx and 5xx status the router does not answer more specifically.
 */
final class StatusProblems implements Handler<RoutingContext> {

    @Override
    public void handle(RoutingContext ctx) {
        int status = ctx.statusCode();
        boolean codec = status < 400 || status > 599;
        if (codec) {
            // the body handler's "status 200" failure: the codec could not read the body (a broken chunk)
            status = 400;
        }
        // A body left unread (413, 415, 417) is read and dropped by Vert.x, so the connection
        // stays usable; the body timeout of RequestGuard bounds how long that may take.
        if (codec) {
            ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        }
        Problems.send(ctx, status, null, detail(status), List.of());
        if (codec) {
            HttpVersionCheck.flush(ctx.request().connection()); // Vert.x closes the channel next
        }
    }

    static String detail(int status) {
        return switch (status) {
            case 400 -> "The request body could not be read.";
            case 404 -> "There is no such resource in this API.";
            case 405 -> "This path does not take this method.";
            case 408 -> "The request was not received in time.";
            case 413 -> "The request body is larger than " + ApiRouter.BODY_LIMIT + " bytes.";
            case 414 -> "The request URI is too long.";
            case 415 -> "The request body must be application/json.";
            case 417 -> "The only expectation this service meets is 'Expect: 100-continue'.";
            case 431 -> "The request's header fields are too large.";
            default -> status >= 500 ? "The service could not answer this request." : "The request was refused.";
        };
    }
}
