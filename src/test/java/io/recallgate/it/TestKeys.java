package io.recallgate.it;

import io.recallgate.tlog.NoteKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One log signing key file for the whole test run: every service under test shares the test
 * database, and replicas of one database must sign with one key (a service that generated its own
 * refuses to start beside them), exactly as in production.
 */
public final class TestKeys {
    private static Path file;
    private static NoteKeys.Signer signer;

    private TestKeys() {}

    public static synchronized Path file() {
        if (file == null) {
            try {
                signer = NoteKeys.generate("recallgate.test");
                file = Files.createTempFile("recallgate-log", ".key");
                Files.writeString(file, signer.skey() + "\n");
                file.toFile().deleteOnExit();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return file;
    }

    /** The verifier key of {@link #file()}. */
    public static String vkey() {
        file();
        return signer.verifier().vkey();
    }
}
