package io.recallgate.store.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the embedded PostgreSQL running while the service runs. When the postmaster exits without
 * being asked to (killed, out of memory, a crash), it is started again on the same files and port
 * after a short pause that doubles with each failed attempt ({@link #BACKOFF_FIRST} up to
 * {@link #BACKOFF_MAX}), for as long as the service runs. PostgreSQL's crash recovery replays its
 * write-ahead log, so every commit it acknowledged is there again; the pool's connections to the
 * dead server fail and new ones reach the new server. Meanwhile the database calls fail fast
 * ({@link io.recallgate.store.StoreUnavailableException}: HTTP 503 with Retry-After, readiness 503).
 *
 * <p>The port stays the same, unless another program took it while the server was down: then a
 * free port is chosen, and the pool connects there ({@link #port} is read for each new connection).
 */
public final class PostgresSupervisor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresSupervisor.class);

    static final Duration BACKOFF_FIRST = Duration.ofMillis(250);
    static final Duration BACKOFF_MAX = Duration.ofSeconds(5);

    /**
     * How long one start may take before it is given up (crash recovery replays the log written
     * since the last checkpoint, which can take a while after heavy writing).
     */
    static final Duration START_TIMEOUT = Duration.ofMinutes(5);

    private final EmbeddedCluster cluster;
    private final ScheduledThreadPoolExecutor restarts;
    private volatile int port;
    private volatile PostmasterProcess current;
    private volatile boolean closing;
    private final Thread stopAtExit = new Thread(this::close, "recallgate-postgres-stop");
    private int failedAttempts;
    private long downSince;

    private PostgresSupervisor(EmbeddedCluster cluster, int port) {
        this.cluster = cluster;
        this.port = port;
        this.restarts = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "recallgate-postgres-supervisor");
            t.setDaemon(true);
            return t;
        });
        // a pending restart is dropped at close; one under way finishes
        restarts.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /**
     * Blocking: clears what a dead process left (see {@link EmbeddedCluster#clearLeftovers}),
     * starts the postmaster and watches it. A postmaster that exits while starting (old server
     * processes still exiting, a port taken) is tried again with the same pauses for up to
     * {@code within}; other failures (no binaries, running as root) are not.
     */
    public static PostgresSupervisor start(EmbeddedCluster cluster, Duration within) {
        PostgresSupervisor s = new PostgresSupervisor(cluster, freePort());
        long deadline = System.nanoTime() + within.toNanos();
        int attempts = 0;
        while (true) {
            try {
                s.current = s.startOnce();
                s.watch(s.current);
                // a JVM that exits without closing the database (a signal during start-up,
                // System.exit elsewhere) still stops its server
                Runtime.getRuntime().addShutdownHook(s.stopAtExit);
                return s;
            } catch (PostmasterProcess.StartFailed e) {
                attempts++;
                if (System.nanoTime() > deadline) {
                    s.restarts.shutdownNow();
                    throw e;
                }
                LOG.warn("starting the embedded PostgreSQL failed (attempt {}): {}", attempts, e.getMessage());
                sleep(backoff(attempts));
            }
        }
    }

    /** The port the server listens on (the last one, while it is down). */
    public int port() {
        return port;
    }

    private PostmasterProcess startOnce() {
        cluster.clearLeftovers();
        try {
            return cluster.start(port, START_TIMEOUT);
        } catch (PostmasterProcess.StartFailed e) {
            if (e.portInUse()) {
                int old = port;
                port = freePort();
                LOG.warn("port {} of the embedded PostgreSQL is taken by another program; moving to {}", old, port);
            }
            throw e;
        }
    }

    private void watch(PostmasterProcess p) {
        p.onExit().thenRun(() -> {
            if (closing) {
                return;
            }
            LOG.error(
                    "the embedded PostgreSQL (pid {}) exited with code {}; restarting it: {}",
                    p.pid(),
                    exitCode(p),
                    p.recentOutput());
            synchronized (this) {
                downSince = System.nanoTime();
                failedAttempts = 0;
            }
            schedule(BACKOFF_FIRST);
        });
    }

    private static String exitCode(PostmasterProcess p) {
        try {
            return Integer.toString(p.onExit().get().exitValue());
        } catch (Exception e) {
            return "?";
        }
    }

    private void schedule(Duration delay) {
        try {
            restarts.schedule(this::restart, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    private void restart() {
        if (closing) {
            return;
        }
        PostmasterProcess p;
        try {
            p = startOnce();
        } catch (RuntimeException e) {
            int attempts;
            synchronized (this) {
                attempts = ++failedAttempts;
            }
            Duration pause = backoff(attempts);
            LOG.warn(
                    "restarting the embedded PostgreSQL failed (attempt {}), next attempt in {} ms: {}",
                    attempts,
                    pause.toMillis(),
                    e.getMessage());
            schedule(pause);
            return;
        }
        synchronized (this) {
            if (closing) {
                cluster.stopPostmaster(p.pid());
                return;
            }
            current = p;
            LOG.warn(
                    "the embedded PostgreSQL is running again (pid {}, port {}) after {} ms",
                    p.pid(),
                    port,
                    (System.nanoTime() - downSince) / 1_000_000);
        }
        watch(p);
    }

    /** {@code BACKOFF_FIRST * 2^(attempts-1)}, at most {@code BACKOFF_MAX}. */
    static Duration backoff(int attempts) {
        long ms = BACKOFF_FIRST.toMillis() << Math.min(Math.max(attempts - 1, 0), 16);
        return Duration.ofMillis(Math.min(ms, BACKOFF_MAX.toMillis()));
    }

    /** Blocking: stops restarting, then stops the postmaster (fast shutdown). */
    @Override
    public void close() {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
        }
        if (Thread.currentThread() != stopAtExit) {
            try {
                Runtime.getRuntime().removeShutdownHook(stopAtExit);
            } catch (IllegalStateException | IllegalArgumentException e) {
                // the JVM is exiting, or the hook was never added
            }
        }
        restarts.shutdown();
        try {
            // a restart under way finishes (and stops what it started) first
            restarts.awaitTermination(START_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        PostmasterProcess p = current;
        if (p != null && p.isAlive()) {
            cluster.stopPostmaster(p.pid());
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for the embedded PostgreSQL", e);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the embedded PostgreSQL", e);
        }
    }
}
