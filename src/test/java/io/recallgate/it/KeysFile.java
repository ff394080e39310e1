package io.recallgate.it;

import io.recallgate.http.auth.ApiKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An API keys file made with {@link ApiKeys#generate}, exactly as {@code new-key} makes its lines.
 * Keys are known to the test by a label such as {@code "A-platform"}.
 */
final class KeysFile {

    private final Path path;
    private final Map<String, String> keys = new LinkedHashMap<>();
    private final Map<String, String> lines = new LinkedHashMap<>();

    KeysFile() {
        try {
            path = Files.createTempDirectory("recallgate-keys").resolve("api-keys");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds a key (not yet written); returns the key itself. */
    KeysFile add(String label, String tenant, String roles, String name) {
        String[] generated = ApiKeys.generate(tenant, roles, name);
        keys.put(label, generated[0]);
        lines.put(label, generated[1]);
        return this;
    }

    KeysFile add(String label, String tenant, String roles) {
        return add(label, tenant, roles, label);
    }

    String key(String label) {
        String k = keys.get(label);
        if (k == null) {
            throw new IllegalArgumentException("no key " + label);
        }
        return k;
    }

    Map<String, String> bearer(String label) {
        return Map.of("Authorization", "Bearer " + key(label));
    }

    Path path() {
        return path;
    }

    /** Writes the lines of the given labels (all when none are given), atomically. */
    KeysFile write(String... only) {
        List<String> out = new ArrayList<>();
        out.add("# test keys");
        lines.forEach((label, line) -> {
            if (only.length == 0 || List.of(only).contains(label)) {
                out.add(line);
            }
        });
        writeRaw(String.join("\n", out) + "\n");
        return this;
    }

    /** Everything but the listed labels. */
    KeysFile writeWithout(String... excluded) {
        return write(lines.keySet().stream()
                .filter(l -> !List.of(excluded).contains(l))
                .toArray(String[]::new));
    }

    /** Replaces the file in one rename, so the service never reads half of it. */
    void writeRaw(String content) {
        try {
            Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String content() {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
