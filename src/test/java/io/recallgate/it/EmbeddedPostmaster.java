package io.recallgate.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * The embedded PostgreSQL of a service's data directory, seen from outside as an operator sees
 * it: through {@code DATA_DIR/pg/postmaster.pid} and the process table. Tests kill it with it.
 */
final class EmbeddedPostmaster {

    private EmbeddedPostmaster() {}

    /** The PID in {@code postmaster.pid}, when there is such a file. */
    static OptionalLong pid(Path dataDir) {
        List<String> lines = lines(dataDir);
        if (lines.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(lines.get(0).trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty(); // being written
        }
    }

    /** A postmaster other than {@code not} runs on the data directory and says it is ready. */
    static boolean readyOtherThan(Path dataDir, long not) {
        List<String> lines = lines(dataDir);
        OptionalLong pid = pid(dataDir);
        return pid.isPresent()
                && pid.getAsLong() != not
                && alive(pid.getAsLong())
                && lines.size() > 7
                && lines.get(7).trim().equals("ready");
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** SIGKILL to the postmaster, as the OOM killer would; returns once it is gone. */
    static long kill(Path dataDir) throws Exception {
        long pid = pid(dataDir).orElseThrow(() -> new IllegalStateException("no postmaster.pid in " + dataDir));
        ProcessHandle h = ProcessHandle.of(pid).orElseThrow();
        h.destroyForcibly();
        h.onExit().get(30, TimeUnit.SECONDS);
        return pid;
    }

    /**
     * Clean-up after a test that may have failed with a killed service: a postmaster still
     * running on the data directory is asked to stop (SIGTERM), then killed.
     */
    static void stopLeftover(Path dataDir) {
        OptionalLong pid = pid(dataDir);
        if (pid.isEmpty()) {
            return;
        }
        Optional<ProcessHandle> h = ProcessHandle.of(pid.getAsLong());
        if (h.isEmpty() || !isPostgres(h.get())) {
            return;
        }
        h.get().destroy();
        try {
            h.get().onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            h.get().destroyForcibly();
        }
    }

    /**
     * Stops what runs on a test's data directory and deletes it: each holds its own copy of the
     * server programs (about 60 MB).
     */
    static void removeDataDir(Path dataDir) throws IOException {
        stopLeftover(dataDir);
        if (!Files.exists(dataDir)) {
            return;
        }
        try (var walk = Files.walk(dataDir)) {
            for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static boolean isPostgres(ProcessHandle h) {
        return h.info().command().map(c -> c.endsWith("/postgres")).orElse(false);
    }

    private static List<String> lines(Path dataDir) {
        try {
            return Files.readAllLines(dataDir.resolve("pg").resolve("postmaster.pid"), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            return List.of();
        }
    }
}
