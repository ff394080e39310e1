package io.recallgate.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP event loop. The service deploys one per core; Vert.x spreads connections over them.
 * Every instance has its own router; the services behind it are shared and thread-safe.
 */
public final class HttpServerVerticle extends VerticleBase {

    /** How long a stopping server waits for requests in flight before it closes their connections. */
    public static final int SHUTDOWN_GRACE_SECONDS = 10;

    private final ApiServices services;
    private final String host;
    private final int port;
    private final HttpLimits limits;
    private HttpServer server;
    private long flusher = -1;
    private RequestGuard guard;

    public HttpServerVerticle(ApiServices services, String host, int port, HttpLimits limits) {
        this.services = services;
        this.host = host;
        this.port = port;
        this.limits = limits;
    }

    @Override
    public Future<?> start() {
        HttpServerOptions options = limits.applyTo(
                new HttpServerOptions().setHost(host).setPort(port).setTcpNoDelay(true));
        ConnectionGuard connections = new ConnectionGuard(vertx, limits);
        flusher = vertx.setPeriodic(10_000, id -> ApiRouter.FAILURES.flush());
        guard = new RequestGuard(vertx, limits, connections);
        return vertx.createHttpServer(options)
                .connectionHandler(connections)
                .invalidRequestHandler(new CodecErrorHandler())
                .requestHandler(new ApiRouter(vertx, services, guard).router())
                .listen()
                .onSuccess(s -> server = s);
    }

    public int actualPort() {
        return server.actualPort();
    }

    /**
     * Stops accepting new connections; requests already received are answered first, for at most
     * {@link #SHUTDOWN_GRACE_SECONDS} (well inside the usual 30 s between SIGTERM and SIGKILL).
     */
    @Override
    public Future<?> stop() {
        vertx.cancelTimer(flusher);
        Future<Void> shutdown =
                server == null ? Future.succeededFuture() : server.shutdown(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
        // the bodies still being read during the grace period keep their timeout
        return shutdown.andThen(ar -> {
            if (guard != null) {
                guard.close();
            }
        });
    }
}
