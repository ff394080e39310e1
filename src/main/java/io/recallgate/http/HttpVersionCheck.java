package io.recallgate.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.vertx.core.http.HttpConnection;

/**
 * Marks a request head whose version is neither HTTP/1.0 nor HTTP/1.1 (e.g. {@code HTTP/1.2},
 * {@code HTTP/0.9}) as undecodable, so that it reaches the server's invalid-request handler
 * ({@link CodecErrorHandler}, a problem+json 400) instead of Vert.x's empty 501.
 *
 * <p>Vert.x has no public hook for this: the handler goes into the connection's Netty pipeline
 * right after Vert.x's request decoder ({@code "httpDecoder"}). Should a Vert.x upgrade rename
 * it, nothing is installed and such requests get the empty 501 again, which
 * {@code HttpCodecErrorsIT} notices.
 */
final class HttpVersionCheck extends ChannelInboundHandlerAdapter {

    static final String NAME = "recallgateVersionCheck";
    private static final String DECODER = "httpDecoder";

    /** The version is not one this service speaks. */
    static final class UnsupportedVersion extends Exception {
        UnsupportedVersion() {
            super("unsupported HTTP version", null, false, false);
        }
    }

    static void install(HttpConnection conn) {
        if (conn instanceof io.vertx.core.net.impl.ConnectionBase base) {
            ChannelPipeline pipeline = base.channelHandlerContext().pipeline();
            if (pipeline.get(DECODER) != null && pipeline.get(NAME) == null) {
                pipeline.addAfter(DECODER, NAME, new HttpVersionCheck());
            }
        }
    }

    /**
     * Writes out what was sent on {@code conn} now. Needed when a response is sent from within
     * the codec's exception handling, after which Vert.x closes the channel at once: without it
     * the answer would be dropped unwritten.
     */
    static void flush(HttpConnection conn) {
        if (conn instanceof io.vertx.core.net.impl.ConnectionBase base) {
            base.channelHandlerContext().flush();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request && request.decoderResult().isSuccess()) {
            HttpVersion v = request.protocolVersion();
            if (v != HttpVersion.HTTP_1_1 && v != HttpVersion.HTTP_1_0) {
                request.setDecoderResult(DecoderResult.failure(new UnsupportedVersion()));
            }
        }
        ctx.fireChannelRead(msg);
    }
}
