package io.recallgate.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed digest of a message text: {@code hmac-sha256:<hex>}. A plain hash would not do: card and
 * phone numbers have so few possible values that an unkeyed digest could be reversed by trying
 * them all. Several instances sharing one database should be given the same key
 * (RECALLGATE_DIGEST_KEY), or their digests of the same text will differ.
 */
public final class TextDigester {
    public static final String PREFIX = "hmac-sha256:";
    static final String KEY_FILE = "digest.key";

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> mac;

    public TextDigester(byte[] key) {
        if (key == null || key.length < 16) {
            throw new IllegalArgumentException("digest key must have at least 16 bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
        this.mac = ThreadLocal.withInitial(this::newMac);
        newMac(); // fail now, not on the first request
    }

    /**
     * The configured key (its UTF-8 bytes) when {@code configuredKey} is set, else the key kept in
     * {@code dataDir/digest.key}, generated (32 random bytes, mode 0600) on first use.
     */
    public static TextDigester fromSettingOrFile(String configuredKey, Path dataDir) {
        if (configuredKey != null && !configuredKey.isBlank()) {
            return new TextDigester(configuredKey.getBytes(StandardCharsets.UTF_8));
        }
        return new TextDigester(loadOrCreateKey(dataDir.resolve(KEY_FILE)));
    }

    /** {@code null} for a null text; otherwise {@code hmac-sha256:} and 64 hex digits. */
    public String digest(String text) {
        if (text == null) {
            return null;
        }
        byte[] out = mac.get().doFinal(text.getBytes(StandardCharsets.UTF_8));
        return PREFIX + HexFormat.of().formatHex(out);
    }

    private Mac newMac() {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    static byte[] loadOrCreateKey(Path file) {
        try {
            if (Files.exists(file)) {
                return readKey(file);
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Path tmp = Files.createTempFile(
                    file.toAbsolutePath().getParent(),
                    ".digest",
                    ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, HexFormat.of().formatHex(key) + "\n");
            try {
                // A hard link is created atomically and never replaces: if another process won
                // the race, its key is the one everybody uses.
                Files.createLink(file, tmp);
            } catch (FileAlreadyExistsException e) {
                // keep the existing key
            } finally {
                Files.deleteIfExists(tmp);
            }
            return readKey(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or create digest key " + file, e);
        }
    }

    private static byte[] readKey(Path file) throws IOException {
        String hex = Files.readString(file).trim();
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new IOException("digest key file " + file + " is not hex", e);
        }
    }
}
