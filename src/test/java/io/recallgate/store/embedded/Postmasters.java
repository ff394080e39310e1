package io.recallgate.store.embedded;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What the store's tests read of a running embedded server: its {@code postmaster.pid}, through
 * the same code the service reads it with (which stays package-private in main).
 */
public final class Postmasters {

    /** PostgreSQL's lock file in a data directory. */
    public static final String FILE = PostmasterPid.FILE;

    private Postmasters() {}

    /** The {@code postmaster.pid} in {@code pgDir}, or empty when there is none. */
    public static Optional<PostmasterPid> read(Path pgDir) {
        return PostmasterPid.read(pgDir);
    }

    /** The file's PID is alive and is a postgres process running on {@code pgDir}. */
    public static boolean isPostmasterOf(PostmasterPid pid, Path pgDir) {
        return pid.isPostmasterOf(pgDir);
    }
}
