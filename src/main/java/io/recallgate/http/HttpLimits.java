package io.recallgate.http;

import io.vertx.core.http.HttpServerOptions;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one client may make the service hold (issue 9 §6), shared by every HTTP event loop of the
 * process. Each bound has a default, so a service started with no settings is bounded too:
 *
 * <ul>
 *   <li>{@link #maxConnections} open connections; one more is closed at once;
 *   <li>{@link #bodyMemoryBytes} of request bodies held in memory at once, across connections: a
 *       request with a body reserves its {@code Content-Length} (a chunked one reserves the 256
 *       KiB limit) before it is read, and gets 503 with {@code Retry-After} when that would go
 *       over;
 *   <li>{@link #headerTimeout}: a new connection must deliver a whole request head within it;
 *       after a response, the next request head must arrive within {@link #IDLE_TIMEOUT}
 *       (slowloris: a request head sent one byte at a time);
 *   <li>{@link #bodyTimeout}: a body must be received within it once its head has arrived (408);
 *   <li>a request line of at most {@link #MAX_INITIAL_LINE} bytes (414) and header fields of
 *       at most {@link #MAX_HEADER_SIZE} bytes in all (431).
 * </ul>
 */
public final class HttpLimits {

    public static final int DEFAULT_MAX_CONNECTIONS = 1024;
    public static final long DEFAULT_BODY_MEMORY_BYTES = 64L * 1024 * 1024;
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(30);
    /** Longer than the usual load balancer's keep-alive (60 s), so that it closes first. */
    public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(120);

    public static final int MAX_INITIAL_LINE = 4096;
    public static final int MAX_HEADER_SIZE = 8192;

    private final int maxConnections;
    private final long bodyMemoryBytes;
    private final Duration headerTimeout;
    private final Duration bodyTimeout;
    private final BodyBudget bodies;
    private final AtomicInteger connections = new AtomicInteger();

    public HttpLimits(int maxConnections, long bodyMemoryBytes, Duration headerTimeout, Duration bodyTimeout) {
        if (bodyMemoryBytes < ApiRouter.BODY_LIMIT) {
            throw new IllegalArgumentException(
                    "the body memory bound must hold at least one request body (" + ApiRouter.BODY_LIMIT + " bytes)");
        }
        this.maxConnections = maxConnections;
        this.bodyMemoryBytes = bodyMemoryBytes;
        this.headerTimeout = headerTimeout;
        this.bodyTimeout = bodyTimeout;
        this.bodies = new BodyBudget(bodyMemoryBytes);
    }

    public static HttpLimits defaults() {
        return new HttpLimits(
                DEFAULT_MAX_CONNECTIONS, DEFAULT_BODY_MEMORY_BYTES, DEFAULT_HEADER_TIMEOUT, DEFAULT_BODY_TIMEOUT);
    }

    public int maxConnections() {
        return maxConnections;
    }

    public long bodyMemoryBytes() {
        return bodyMemoryBytes;
    }

    public Duration headerTimeout() {
        return headerTimeout;
    }

    public Duration bodyTimeout() {
        return bodyTimeout;
    }

    BodyBudget bodies() {
        return bodies;
    }

    /** Open connections of the whole process. */
    AtomicInteger connections() {
        return connections;
    }

    /**
     * The codec limits. HTTP/2 over cleartext (h2c) is off: the API is HTTP/1.1 (put TLS and
     * HTTP/2 at the load balancer), so one set of limits and timeouts covers every connection.
     */
    HttpServerOptions applyTo(HttpServerOptions options) {
        return options.setMaxInitialLineLength(MAX_INITIAL_LINE)
                .setMaxHeaderSize(MAX_HEADER_SIZE)
                .setIdleTimeout((int) IDLE_TIMEOUT.toSeconds())
                .setHttp2ClearTextEnabled(false)
                .setDecompressionSupported(false);
    }
}
