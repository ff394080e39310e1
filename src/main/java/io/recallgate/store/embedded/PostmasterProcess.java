package io.recallgate.store.embedded;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A postmaster this process started as its own child (not through {@code pg_ctl}, which detaches
 * it): so its death is noticed at once ({@link #onExit}), and a start that fails is known as soon
 * as the process exits instead of after a time-out. Its output goes to the log, one line per line.
 */
final class PostmasterProcess {
    private static final Logger PG_LOG = LoggerFactory.getLogger("io.recallgate.store.postgres");
    private static final int KEPT_LINES = 20;

    private final Process process;
    private final List<String> output;

    private PostmasterProcess(Process process, List<String> output) {
        this.process = process;
        this.output = output;
    }

    /** The server settings, as {@code -c name=value}. */
    static List<String> settings(int port) {
        return List.of(
                "port=" + port,
                "listen_addresses=127.0.0.1",
                // TCP only: no socket file in /tmp (everything stays in the data volume)
                "unix_socket_directories=",
                "max_connections=100",
                "timezone=UTC",
                "log_timezone=UTC",
                // a production database: every acknowledged commit is on disk (zonky's test
                // defaults turn these off)
                "fsync=on",
                "synchronous_commit=on",
                "full_page_writes=on",
                // the server log holds start, stop, recovery and fatal errors; no statement errors,
                // whose details could quote a value a client sent (the service reports those itself)
                "log_min_messages=log",
                "log_min_error_statement=panic",
                "log_error_verbosity=terse",
                // checkpoints further apart (PostgreSQL's defaults are for a small shared machine):
                // each one is followed by a burst of full page images in the WAL (every page's
                // first change after it is logged whole: the index pages of requestIds and
                // messages, touched at random, each time) and ends with fsyncs of the data files. Under a
                // sustained load the WAL then takes up to about max_wal_size on disk
                "max_wal_size=4GB",
                "checkpoint_timeout=15min",
                // a new WAL segment (16 MB) is made by the backend that first writes past the last
                // one, holding the WAL write lock: zero-filling and fsyncing 16 MB stalled every
                // commit for 10-25 ms, once per segment (every ~0.7 s under the enforce load, until
                // checkpoints recycle old segments). Off, the file is made at its full size by
                // writing its last byte (and fsynced); its blocks are allocated as the WAL is
                // written, and every commit's fdatasync still makes them durable. Recycled
                // segments (after the first checkpoints) are used as they are either way
                "wal_init_zero=off",
                // one line per checkpoint in the server log (PostgreSQL 15's default), to tell
                // whether a latency spike was one
                "log_checkpoints=on");
    }

    /**
     * Starts the postmaster and waits until it accepts connections: {@code postmaster.pid} names
     * this process with status "ready" and a query answers. Fails as soon as the process exits.
     */
    static PostmasterProcess start(ProcessBuilder pb, Path pgDir, int port, Duration timeout) {
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
        }
        List<String> output = new ArrayList<>();
        pump(process, "postgres", output);
        PostmasterProcess pm = new PostmasterProcess(process, output);
        long deadline = System.nanoTime() + timeout.toNanos();
        SQLException lastQueryError = null;
        try {
            while (true) {
                if (!process.isAlive()) {
                    process.waitFor(5, TimeUnit.SECONDS);
                    throw new StartFailed(
                            "the embedded PostgreSQL exited with code " + process.exitValue() + " while starting: "
                                    + pm.recentOutput(),
                            pm.recentOutput().contains("could not create any TCP/IP sockets"));
                }
                Optional<PostmasterPid> pid = readQuietly(pgDir);
                if (pid.isPresent() && pid.get().ready() && pid.get().pid() == process.pid()) {
                    try {
                        query(port);
                        return pm;
                    } catch (SQLException e) {
                        lastQueryError = e;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new StartFailed(
                            "the embedded PostgreSQL was not ready within " + timeout.toSeconds() + " s"
                                    + (lastQueryError == null ? "" : " (" + lastQueryError.getMessage() + ")") + ": "
                                    + pm.recentOutput(),
                            false);
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pm.kill();
            throw new StartFailed("interrupted while starting the embedded PostgreSQL", false);
        } catch (RuntimeException e) {
            pm.kill();
            throw e;
        }
    }

    private static Optional<PostmasterPid> readQuietly(Path pgDir) {
        try {
            return PostmasterPid.read(pgDir);
        } catch (UncheckedIOException e) {
            return Optional.empty(); // being written
        }
    }

    private static void query(int port) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        props.setProperty("connectTimeout", "2");
        props.setProperty("socketTimeout", "10");
        try (Connection c = new org.postgresql.Driver()
                        .connect("jdbc:postgresql://127.0.0.1:" + port + "/postgres", props);
                Statement s = c.createStatement()) {
            s.execute("SELECT 1");
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    /** The last lines it wrote, for an error message. */
    String recentOutput() {
        synchronized (output) {
            return String.join(" | ", output);
        }
    }

    /** SIGKILL, for a start that failed: PostgreSQL recovers from it on the next start. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Copies a PostgreSQL program's output to the log and keeps its last lines in {@code kept},
     * for error messages. Returns the copying thread. The server's lines are logged as
     * information (a PANIC as an error: the server is going down; a FATAL ends one session
     * only, e.g. "the database system is starting up" while it recovers); those of initdb and
     * pg_ctl only at debug level, as their failures are reported with their output.
     */
    static Thread pump(Process p, String name, List<String> kept) {
        boolean server = name.equals("postgres");
        Thread t = new Thread(
                () -> {
                    try (BufferedReader r =
                            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = r.readLine()) != null) {
                            if (!server) {
                                PG_LOG.debug("{}: {}", name, line);
                            } else if (line.contains("PANIC:")) {
                                PG_LOG.error("{}: {}", name, line);
                            } else {
                                PG_LOG.info("{}: {}", name, line);
                            }
                            synchronized (kept) {
                                kept.add(line);
                                if (kept.size() > KEPT_LINES) {
                                    kept.remove(0);
                                }
                            }
                        }
                    } catch (IOException ignored) {
                        // the process ended
                    }
                },
                "recallgate-" + name + "-output");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** A start that did not come up; {@code portInUse}: the port was taken by another program. */
    static final class StartFailed extends RuntimeException {
        private final boolean portInUse;

        StartFailed(String message, boolean portInUse) {
            super(message);
            this.portInUse = portInUse;
        }

        boolean portInUse() {
            return portInUse;
        }
    }
}
