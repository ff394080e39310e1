package io.recallgate.http.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API keys file: one key a line, {@code sha256:<hex digest of the key> <tenant> <roles> [name]},
 * e.g. {@code sha256:9f86…08 acme platform,auditor acme-production}. Only digests are stored, so
 * the file itself is not a secret. Lines starting with {@code #} are comments.
 *
 * <p>Keys are 256-bit random strings, so a plain SHA-256 is enough (no password hashing needed);
 * the lookup compares the presented key's digest with every entry in constant time.
 */
public final class ApiKeys {

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeys.class);
    private static final String PREFIX = "sha256:";

    /** One line of the file. */
    public record Entry(byte[] digest, String tenant, Set<ApiRole> roles, String name) {}

    private final Path file;
    private volatile List<Entry> entries;
    private volatile String loadedContent;

    private ApiKeys(Path file, List<Entry> entries, String content) {
        this.file = file;
        this.entries = entries;
        this.loadedContent = content;
    }

    /** Authentication off: every request is {@link Caller#OPEN}. */
    public static ApiKeys disabled() {
        return new ApiKeys(null, List.of(), "");
    }

    /** Reads the file; throws IllegalArgumentException naming the bad line. */
    public static ApiKeys load(Path file) throws IOException {
        String content = Files.readString(file, StandardCharsets.UTF_8);
        return new ApiKeys(file, parse(content, file.toString()), content);
    }

    public boolean enabled() {
        return file != null;
    }

    public Path file() {
        return file;
    }

    /**
     * Re-reads the file if it changed. A file that no longer parses is not taken: the keys in
     * force stay, and the problem is logged.
     */
    public void reloadIfChanged() {
        if (file == null) {
            return;
        }
        try {
            String content = Files.readString(file, StandardCharsets.UTF_8);
            if (content.equals(loadedContent)) {
                return;
            }
            List<Entry> parsed = parse(content, file.toString());
            entries = parsed;
            loadedContent = content;
            LOG.info("API keys reloaded from {}: {} keys", file, parsed.size());
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("API keys file {} not reloaded, the previous keys stay in force: {}", file, e.getMessage());
        }
    }

    /** The caller a presented key belongs to, or null for an unknown key. */
    public Caller authenticate(String presentedKey) {
        byte[] digest = sha256(presentedKey);
        Entry found = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(e.digest(), digest) && found == null) {
                found = e;
            }
        }
        if (found == null) {
            return null;
        }
        return new Caller(HexFormat.of().formatHex(found.digest(), 0, 16), found.name(), found.tenant(), found.roles());
    }

    static List<Entry> parse(String content, String source) {
        List<Entry> out = new ArrayList<>();
        String[] lines = content.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            String where = source + ":" + (i + 1) + ": ";
            if (parts.length < 3 || !parts[0].startsWith(PREFIX) || parts[0].length() != PREFIX.length() + 64) {
                throw new IllegalArgumentException(where + "expected 'sha256:<64 hex digits> <tenant> <roles> [name]'");
            }
            byte[] digest;
            try {
                digest = HexFormat.of().parseHex(parts[0].substring(PREFIX.length()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + "the digest is not hexadecimal");
            }
            if (!parts[1].matches("[A-Za-z0-9_.-]{1,64}")) {
                throw new IllegalArgumentException(where + "tenant must be 1-64 letters, digits, '_', '.' or '-'");
            }
            Set<ApiRole> roles = EnumSet.noneOf(ApiRole.class);
            for (String role : parts[2].split(",")) {
                try {
                    roles.add(ApiRole.fromJson(role));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            where + "unknown role '" + role + "'; roles are platform, dispute, policy, auditor");
                }
            }
            out.add(new Entry(digest, parts[1], Set.copyOf(roles), parts.length > 3 ? parts[3] : null));
        }
        return List.copyOf(out);
    }

    /** A new random key and the line for the keys file: {@code [key, line]}. */
    public static String[] generate(String tenant, String roles, String name) {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        String key = "rg_" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        String line = PREFIX + HexFormat.of().formatHex(sha256(key)) + " " + tenant + " " + roles
                + (name == null ? "" : " " + name);
        parse(line, "generated line"); // the same checks as the service applies
        return new String[] {key, line};
    }

    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
