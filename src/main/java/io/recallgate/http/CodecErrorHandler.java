package io.recallgate.http;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.recallgate.http.contract.Problems;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * The answer to a request head the HTTP codec could not read (the server's
 * {@code invalidRequestHandler}): problem+json instead of Vert.x's bare bodies — 414 for a
 * request line over {@link HttpLimits#MAX_INITIAL_LINE} bytes, 431 for header fields over
 * {@link HttpLimits#MAX_HEADER_SIZE} bytes, 400 for anything else (a broken request line, a bad
 * header, an unsupported HTTP version, a bad {@code Content-Length}). These are faults of the
 * request, so never a 5xx; the connection is closed after the answer.
 */
final class CodecErrorHandler implements Handler<HttpServerRequest> {

    @Override
    public void handle(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        int status;
        String detail;
        if (cause instanceof TooLongHttpLineException) {
            status = 414;
            detail = "The request line is longer than " + HttpLimits.MAX_INITIAL_LINE + " bytes.";
        } else if (cause instanceof TooLongHttpHeaderException) {
            status = 431;
            detail = "The request's header fields are larger than " + HttpLimits.MAX_HEADER_SIZE + " bytes in all.";
        } else if (cause instanceof HttpVersionCheck.UnsupportedVersion) {
            status = 400;
            detail = "This service speaks HTTP/1.1 and HTTP/1.0 only.";
        } else {
            status = 400;
            detail = "The request is not valid HTTP.";
        }
        request.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        Problems.send(request.response(), Problems.json(status, null, detail, null))
                .onComplete(v -> request.connection().close());
    }
}
