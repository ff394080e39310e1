package io.recallgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings: a flag beats the environment, the environment beats the default; secrets from files. */
class SettingsTest {

    @TempDir
    Path dir;

    @Test
    void defaultsWhenNothingIsSet() {
        Settings s = Settings.from(Map.of(), List.of());
        assertEquals("127.0.0.1", s.httpHost());
        assertEquals(8080, s.httpPort());
        assertEquals(Path.of("./rules"), s.rulesDir());
        assertNull(s.databaseUrl());
        assertNull(s.digestKey());
        assertNull(s.apiKeysFile());
        assertFalse(s.authEnabled());
        assertEquals(2000.0, s.rateLimitPerSecond());
    }

    @Test
    void aFlagBeatsTheEnvironmentWhichBeatsTheDefault() {
        Map<String, String> env = Map.of("RECALLGATE_HTTP_PORT", "9001", "RECALLGATE_HTTP_HOST", "::1");
        Settings s = Settings.from(env, List.of("--http-port", "9002"));
        assertEquals(9002, s.httpPort(), "the flag");
        assertEquals("::1", s.httpHost(), "the environment");
        assertEquals(365, s.auditRetentionDays(), "the default");
        assertEquals(9003, Settings.from(env, List.of("--http-port=9003")).httpPort(), "--name=value");
        assertEquals(
                9005,
                Settings.from(env, List.of("--http-port", "9004", "--http-port", "9005"))
                        .httpPort(),
                "the last one");
    }

    @Test
    void aBadValueIsNamedByBothItsNames() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> Settings.from(Map.of("RECALLGATE_HTTP_PORT", "80x"), List.of()));
        assertEquals(
                "RECALLGATE_HTTP_PORT / --http-port must be a whole number from 0 to 65535, not '80x'", e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> Settings.from(Map.of(), List.of("--rate-limit-per-second", "-1")));
        assertTrue(
                e.getMessage().startsWith("RECALLGATE_RATE_LIMIT_PER_SECOND / --rate-limit-per-second"),
                e.getMessage());
    }

    @Test
    void anUnknownFlagOrAMissingValueIsRefused() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> Settings.from(Map.of(), List.of("--http-prot", "1")));
        assertTrue(e.getMessage().contains("--http-prot"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Settings.from(Map.of(), List.of("--http-port")));
        assertTrue(e.getMessage().contains("--http-port"), e.getMessage());
    }

    @Test
    void secretsComeFromFilesWithoutTheirLineBreak() throws Exception {
        Path url = Files.writeString(dir.resolve("url"), "postgresql://app:s3cret@db:5432/recallgate\n");
        Path key = Files.writeString(dir.resolve("key"), "a-digest-key-of-32-characters-xx\n");
        Settings s = Settings.from(
                Map.of("RECALLGATE_DATABASE_URL_FILE", url.toString()), List.of("--digest-key-file", key.toString()));
        assertEquals("postgresql://app:s3cret@db:5432/recallgate", s.databaseUrl());
        assertEquals("a-digest-key-of-32-characters-xx", s.digestKey());
    }

    @Test
    void aSecretSetBothWaysIsAnError() throws Exception {
        Path key = Files.writeString(dir.resolve("key"), "from-the-file-0123456789");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Settings.from(
                        Map.of("RECALLGATE_DIGEST_KEY", "from-the-environment-0123"),
                        List.of("--digest-key-file", key.toString())));
        assertEquals(
                "RECALLGATE_DIGEST_KEY (--digest-key) and RECALLGATE_DIGEST_KEY_FILE (--digest-key-file) are both"
                        + " set; set only one of them",
                e.getMessage());
        assertFalse(e.getMessage().contains("from-the"), "no secret in the message");
    }

    @Test
    void anUnreadableOrEmptySecretFileIsAnErrorThatDoesNotShowTheSecret() throws Exception {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Settings.from(
                        Map.of(
                                "RECALLGATE_DATABASE_URL_FILE",
                                dir.resolve("missing").toString()),
                        List.of()));
        assertTrue(
                e.getMessage().startsWith("RECALLGATE_DATABASE_URL_FILE / --database-url-file: cannot read "),
                e.getMessage());
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        e = assertThrows(
                IllegalArgumentException.class,
                () -> Settings.from(Map.of(), List.of("--digest-key-file", empty.toString())));
        assertTrue(e.getMessage().endsWith("is empty"), e.getMessage());
    }
}
