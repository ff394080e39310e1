package io.recallgate.store.embedded;

import io.zonky.test.db.postgres.util.ArchUtils;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tukaani.xz.XZInputStream;

/**
 * The PostgreSQL server programs (postgres, initdb, pg_ctl) that ship inside the jar as zonky's
 * {@code postgres-linux-<arch>.txz}, unpacked into the data directory so that a container's data
 * volume holds everything the embedded database needs, and nothing goes to the temporary directory.
 *
 * <p>The folder is named after the archive's SHA-256 ({@code pg-binaries/<digest>/bin}): a new
 * version of the binaries unpacks beside the old one. Unpacking goes to a private folder that is
 * renamed into place only when complete, so a crash while unpacking leaves nothing half-usable.
 */
final class PostgresBinaries {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresBinaries.class);

    private PostgresBinaries() {}

    /** The folder that holds {@code bin/}, unpacked on first use. */
    static Path in(Path root) {
        String resource = "postgres-linux-" + ArchUtils.normalize(System.getProperty("os.arch")) + ".txz";
        URL archive = PostgresBinaries.class.getClassLoader().getResource(resource);
        if (archive == null) {
            throw new IllegalStateException("this jar has no embedded PostgreSQL for "
                    + System.getProperty("os.name") + "/" + System.getProperty("os.arch")
                    + " (" + resource + "); use an external database (RECALLGATE_DATABASE_URL)");
        }
        try {
            Path target = root.resolve(digest(archive));
            if (Files.isExecutable(target.resolve("bin").resolve("postgres"))) {
                return target;
            }
            Files.createDirectories(root);
            Path partial = root.resolve(".unpacking-" + UUID.randomUUID());
            long started = System.nanoTime();
            try {
                unpack(archive, partial);
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
                LOG.info(
                        "unpacked the embedded PostgreSQL into {} in {} ms",
                        target,
                        (System.nanoTime() - started) / 1_000_000);
            } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
                // another process (verify-audit beside the service) unpacked the same archive first
            } finally {
                deleteTree(partial);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the embedded PostgreSQL into " + root, e);
        }
    }

    private static String digest(URL archive) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = new DigestInputStream(archive.openStream(), sha)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(sha.digest()).substring(0, 32).toLowerCase(Locale.ROOT);
    }

    private static void unpack(URL archive, Path into) throws IOException {
        Files.createDirectories(into);
        try (TarArchiveInputStream tar =
                new TarArchiveInputStream(new XZInputStream(new BufferedInputStream(archive.openStream(), 1 << 16)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = into.resolve(entry.getName()).normalize();
                if (!path.startsWith(into)) {
                    throw new IOException("archive entry outside its folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createLink(path, into.resolve(entry.getLinkName()).normalize());
                } else if (entry.isFile()) {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                    if ((entry.getMode() & 0100) != 0 || into.relativize(path).startsWith("bin")) {
                        path.toFile().setExecutable(true, false);
                    }
                }
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
