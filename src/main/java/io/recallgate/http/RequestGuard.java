package io.recallgate.http;

import io.recallgate.http.contract.FieldError;
import io.recallgate.http.contract.Problems;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;

/**
 * The first handler after the access log, before anything decodes the URL or reads the body:
 *
 * <ol>
 *   <li>the request target must be well-formed ({@link RequestTarget}): 400 naming
 *       {@code /path} or {@code /query};
 *   <li>a body must be JSON: {@code Content-Type} {@code application/json} (or {@code +json}),
 *       no {@code Content-Encoding}, and never a form or multipart type, which Vert.x would
 *       start decoding: 415;
 *   <li>a body reserves its size in the {@link BodyBudget} before it is read: 503 with
 *       {@code Retry-After} when the process holds too many bodies already;
 *   <li>a body must arrive within the body timeout: 408, and the connection is closed (the
 *       {@link BodyDeadlines} of this event loop: one sweep for every body being read, not a
 *       timer set and cancelled per request);
 *   <li>a body the HTTP codec cannot read (a broken chunk) is answered 400.
 * </ol>
 *
 * It also tells the {@link ConnectionGuard} when a request starts and ends.
 */
final class RequestGuard implements Handler<RoutingContext> {

    private final HttpLimits limits;
    private final ConnectionGuard connections;
    private final BodyDeadlines deadlines;

    /** Made on the event loop it serves (a verticle's start): its body sweep runs there. */
    RequestGuard(Vertx vertx, HttpLimits limits, ConnectionGuard connections) {
        this.limits = limits;
        this.connections = connections;
        this.deadlines = new BodyDeadlines(vertx, limits.bodyTimeout(), RequestGuard::timedOut);
    }

    /** Stops the body sweep (the verticle stops). */
    void close() {
        deadlines.close();
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        HttpServerResponse resp = ctx.response();
        connections.requestStarted(req.connection());
        ctx.addEndHandler(ar -> connections.requestEnded(req.connection()));

        long length = contentLength(req);
        boolean body = length > 0 || length == UNKNOWN;
        if (body && !req.isEnded()) {
            bound(req, resp);
        }

        RequestTarget.Problem target = RequestTarget.check(req.uri());
        if (target != null) {
            Problems.send(
                    ctx,
                    Problems.json(
                            Problems.INVALID_REQUEST,
                            400,
                            "Invalid request",
                            "The URL is not well-formed.",
                            null,
                            List.of(new FieldError(target.pointer(), target.detail()))));
            return;
        }
        String type = req.getHeader(HttpHeaders.CONTENT_TYPE);
        if (isForm(type) || (body && !isJson(type))) {
            Problems.send(ctx, 415, "Unsupported Media Type", "A request body must be application/json.", List.of());
            return;
        }
        String encoding = req.getHeader(HttpHeaders.CONTENT_ENCODING);
        if (body && encoding != null && !encoding.trim().equalsIgnoreCase("identity")) {
            Problems.send(
                    ctx,
                    415,
                    "Unsupported Media Type",
                    "A request body must not be compressed (no Content-Encoding).",
                    List.of());
            return;
        }
        if (body) {
            long reserve = length == UNKNOWN ? ApiRouter.BODY_LIMIT : Math.min(length, ApiRouter.BODY_LIMIT);
            if (length > ApiRouter.BODY_LIMIT) {
                reserve = 0; // refused with 413 before a byte of it is read
            }
            if (!limits.bodies().tryReserve(reserve)) {
                resp.putHeader("Retry-After", "1");
                Problems.send(
                        ctx,
                        503,
                        "Service Unavailable",
                        "The service is reading too many request bodies at once; retry shortly.",
                        List.of());
                return;
            }
            long reserved = reserve;
            ctx.addEndHandler(ar -> limits.bodies().release(reserved));
        }
        ctx.next();
    }

    /** The body timeout, and a 400 when the codec cannot read the body. */
    private void bound(HttpServerRequest req, HttpServerResponse resp) {
        BodyDeadlines.Entry deadline = deadlines.watch(req, resp);
        req.end().onComplete(ar -> deadlines.done(deadline));
        req.exceptionHandler(t -> {
            // e.g. a chunk size that is not hex; Vert.x closes the connection right after this
            if (!resp.ended() && !resp.headWritten()) {
                resp.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
                Problems.send(resp, Problems.json(400, "Bad Request", "The request body could not be read.", null));
            }
        });
    }

    /** A body that did not arrive in time: 408 if nothing was answered yet, and the connection closed. */
    private static void timedOut(HttpServerRequest req, HttpServerResponse resp, long timeoutSeconds) {
        if (req.isEnded()) {
            return;
        }
        if (!resp.ended() && !resp.headWritten()) {
            resp.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
            Problems.send(
                            resp,
                            Problems.json(
                                    408,
                                    "Request Timeout",
                                    "The request body did not arrive within " + timeoutSeconds + " s.",
                                    null))
                    .onComplete(v -> req.connection().close());
        } else {
            req.connection().close();
        }
    }

    static final long UNKNOWN = -2;

    /** The declared length; -1 for no body, {@link #UNKNOWN} for a chunked one. */
    static long contentLength(HttpServerRequest req) {
        if (req.headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
            return UNKNOWN;
        }
        String value = req.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return UNKNOWN; // the codec refuses these; never trust it to mean "no body"
        }
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String media = mediaType(contentType);
        if (!media.equals("application/json") && !(media.startsWith("application/") && media.endsWith("+json"))) {
            return false;
        }
        String lower = contentType.toLowerCase(Locale.ROOT);
        int charset = lower.indexOf("charset=");
        if (charset < 0) {
            return true;
        }
        String value = lower.substring(charset + 8).split(";", 2)[0].trim().replace("\"", "");
        return value.equals("utf-8") || value.equals("utf8");
    }

    static boolean isForm(String contentType) {
        if (contentType == null) {
            return false;
        }
        String media = mediaType(contentType);
        return media.startsWith("multipart/") || media.equals("application/x-www-form-urlencoded");
    }

    private static String mediaType(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }
}
