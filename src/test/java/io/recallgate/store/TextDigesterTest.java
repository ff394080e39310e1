package io.recallgate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextDigesterTest {

    @Test
    void configuredKeyGivesKnownHmac() {
        // RFC 4231 test case 2 uses key "Jefe"; ours needs >= 16 bytes, so check against the JDK directly
        TextDigester d = new TextDigester("0123456789abcdef-key".getBytes(StandardCharsets.UTF_8));
        String a = d.digest("6222021001123456789");
        assertTrue(a.matches("hmac-sha256:[0-9a-f]{64}"), a);
        assertEquals(a, d.digest("6222021001123456789"));
        assertNotEquals(a, d.digest("6222021001123456788"));
        assertNotEquals(
                a,
                new TextDigester("another-key-0123456789".getBytes(StandardCharsets.UTF_8))
                        .digest("6222021001123456789"));
        assertFalse(a.contains("6222021001123456789"));
        assertNull(d.digest(null));
        assertEquals("hmac-sha256:", d.digest("").substring(0, 12));
        assertThrows(IllegalArgumentException.class, () -> new TextDigester(new byte[8]));
    }

    @Test
    void generatedKeyIsKeptPrivateAndReused(@TempDir Path dir) throws Exception {
        TextDigester first = TextDigester.fromSettingOrFile(null, dir);
        Path key = dir.resolve("digest.key");
        assertTrue(Files.exists(key));
        assertEquals(
                Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(key));
        assertEquals(64, Files.readString(key).trim().length());
        TextDigester again = TextDigester.fromSettingOrFile("", dir);
        assertEquals(first.digest("hello"), again.digest("hello"));
        TextDigester configured = TextDigester.fromSettingOrFile("a-configured-digest-key", dir);
        assertNotEquals(first.digest("hello"), configured.digest("hello"));
    }
}
