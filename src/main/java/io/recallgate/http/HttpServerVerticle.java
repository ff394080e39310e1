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
    private HttpServer server;

    public HttpServerVerticle(ApiServices services, String host, int port) {
        this.services = services;
        this.host = host;
        this.port = port;
    }

    @Override
    public Future<?> start() {
        HttpServerOptions options = new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                .setTcpNoDelay(true)
                .setIdleTimeout(120);
        return vertx.createHttpServer(options)
                .requestHandler(new ApiRouter(vertx, services).router())
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
        return server == null ? Future.succeededFuture() : server.shutdown(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
    }
}
