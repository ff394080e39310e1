package io.recallgate.store;

import io.recallgate.tlog.NoteKeys;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key the tenant logs' checkpoints are signed with.
 *
 * <ul>
 *   <li>{@code RECALLGATE_LOG_SIGNING_KEY_FILE} names a file holding one C2SP
 *       {@code PRIVATE+KEY+NAME+KEYID+…} line: that key signs. Give every replica the same file.</li>
 *   <li>Unset, the key is {@value #DEFAULT_FILE} in the data directory, generated on first start
 *       (owner-only permissions) and named after the log origin.</li>
 * </ul>
 *
 * The private key is never written to the database. Its public verifier key is registered there
 * ({@code tlog_signing_key}) so that replicas sharing a database notice a key of their own: a
 * replica whose <em>generated</em> key differs from the registered one refuses to start (it would
 * sign checkpoints no monitor can verify: give every replica the same key file), while a key given
 * by file replaces the registered one (a deliberate rotation, logged).
 */
public final class LogSigning {
    private static final Logger LOG = LoggerFactory.getLogger(LogSigning.class);
    public static final String ENV = "RECALLGATE_LOG_SIGNING_KEY_FILE";
    public static final String DEFAULT_FILE = "log-signing.key";

    private LogSigning() {}

    /** The signing key and where it came from. */
    public record Key(NoteKeys.Signer signer, boolean fromFile) {}

    /** Blocking: reads the key file, or the data directory's key (generating it the first time). */
    public static Key load(Path keyFile, Path dataDir, String origin) {
        if (keyFile != null) {
            return new Key(read(keyFile), true);
        }
        Path file = dataDir.resolve(DEFAULT_FILE);
        if (Files.exists(file)) {
            return new Key(read(file), false);
        }
        NoteKeys.Signer generated = NoteKeys.generate(origin);
        try {
            Files.createDirectories(dataDir);
            try {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
            Files.writeString(file, generated.skey() + "\n", StandardCharsets.UTF_8, StandardOpenOption.WRITE);
            LOG.info("generated the log signing key " + file + "; its verifier key is "
                    + generated.verifier().vkey());
            return new Key(generated, false);
        } catch (FileAlreadyExistsException e) { // another process was faster
            return new Key(read(file), false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the log signing key " + file, e);
        }
    }

    /** Blocking: the verifier key of a key file, or of the data directory's key when there is one; else null. */
    public static NoteKeys.Verifier verifierOrNull(Path keyFile, Path dataDir) {
        if (keyFile != null) {
            return read(keyFile).verifier();
        }
        Path file = dataDir == null ? null : dataDir.resolve(DEFAULT_FILE);
        return file != null && Files.isReadable(file) ? read(file).verifier() : null;
    }

    private static NoteKeys.Signer read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the log signing key file " + file + ": " + e.getMessage());
        }
        try {
            return NoteKeys.parseSigner(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the log signing key file " + file + " does not hold a C2SP"
                    + " PRIVATE+KEY+NAME+KEYID+KEY line: " + e.getMessage());
        }
    }

    /**
     * Registers the key's verifier in the database, or checks it against the registered one (see
     * the class comment). Fails with IllegalStateException when this replica must not sign.
     */
    public static Future<Void> register(Pool pool, Key key) {
        String vkey = key.signer().verifier().vkey();
        return pool.withTransaction(conn -> conn.query("SELECT vkey FROM tlog_signing_key WHERE id = 1 FOR UPDATE")
                .execute()
                .compose(rs -> {
                    if (rs.size() == 0) {
                        return conn.preparedQuery("INSERT INTO tlog_signing_key (id, vkey, registered_at)"
                                        + " VALUES (1, $1, now()) ON CONFLICT (id) DO NOTHING")
                                .execute(Tuple.of(vkey))
                                .mapEmpty();
                    }
                    Row r = rs.iterator().next();
                    String registered = r.getString("vkey");
                    if (registered.equals(vkey)) {
                        return Future.succeededFuture();
                    }
                    if (!key.fromFile()) {
                        return Future.failedFuture(new IllegalStateException("the decision logs in this database are"
                                + " signed with " + registered + ", but this instance generated its own key "
                                + vkey + " in its data directory: give every instance the same key with " + ENV));
                    }
                    LOG.warn("the log signing key changes from " + registered + " to " + vkey
                            + ": monitors need the new verifier key");
                    return conn.preparedQuery(
                                    "UPDATE tlog_signing_key SET vkey = $1, registered_at = now() WHERE id = 1")
                            .execute(Tuple.of(vkey))
                            .mapEmpty();
                }));
    }
}
