package io.recallgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recallgate.cli.ServeSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Settings as {@code serve} reads them (the arguments go through the real command line): for every
 * setting a flag beats the environment and the environment beats the default; secrets may come
 * from files; a bad value stops the command with a message naming the setting by both its names
 * and never showing a secret.
 */
class SettingsTest {

    @TempDir
    Path dir;

    /** One setting: its flag without dashes, how to read it from Settings, and values to set. */
    private record Case(
            String name,
            Function<Settings, Object> read,
            Object byDefault,
            String envValue,
            Object fromEnv,
            String flagValue,
            Object fromFlag) {}

    /** Every setting except the secret files (see {@link #secretsComeFromFilesWithoutTheirLineBreak}). */
    private static final List<Case> CASES = List.of(
            new Case("http-host", Settings::httpHost, "127.0.0.1", "::1", "::1", "0.0.0.0", "0.0.0.0"),
            new Case("http-port", Settings::httpPort, 8080, "9001", 9001, "9002", 9002),
            new Case(
                    "rules-dir",
                    Settings::rulesDir,
                    Path.of("./rules"),
                    "/etc/rg/rules",
                    Path.of("/etc/rg/rules"),
                    "/srv/rules",
                    Path.of("/srv/rules")),
            new Case(
                    "database-url",
                    Settings::databaseUrl,
                    null,
                    "postgresql://env@db/rg",
                    "postgresql://env@db/rg",
                    "postgresql://flag@db/rg",
                    "postgresql://flag@db/rg"),
            new Case(
                    "data-dir",
                    Settings::dataDir,
                    Path.of("./data"),
                    "/var/lib/rg",
                    Path.of("/var/lib/rg"),
                    "/srv/data",
                    Path.of("/srv/data")),
            new Case(
                    "api-keys-file",
                    Settings::apiKeysFile,
                    null,
                    "/etc/rg/keys",
                    Path.of("/etc/rg/keys"),
                    "/srv/keys",
                    Path.of("/srv/keys")),
            new Case("audit-retention-days", Settings::auditRetentionDays, 365, "30", 30, "7", 7),
            new Case(
                    "digest-key",
                    Settings::digestKey,
                    null,
                    "env-digest-key-0123456789",
                    "env-digest-key-0123456789",
                    "flag-digest-key-0123456789",
                    "flag-digest-key-0123456789"),
            new Case("record-queue-capacity", Settings::recordQueueCapacity, 10_000, "500", 500, "20000", 20_000),
            new Case("rate-limit-per-second", Settings::rateLimitPerSecond, 2000.0, "150.5", 150.5, "1e3", 1000.0),
            new Case("rate-limit-burst", Settings::rateLimitBurst, 4000, "100", 100, "1", 1),
            new Case("rules-rescan-millis", Settings::rulesRescanMillis, 2000L, "0", 0L, "500", 500L),
            new Case("http-instances", Settings::httpInstances, 0, "2", 2, "4", 4),
            new Case("http-max-connections", Settings::httpMaxConnections, 1024, "10", 10, "5000", 5000),
            new Case("http-body-memory-mb", Settings::httpBodyMemoryMb, 64, "1", 1, "256", 256),
            new Case("http-header-timeout-seconds", Settings::httpHeaderTimeoutSeconds, 10, "5", 5, "60", 60),
            new Case("http-body-timeout-seconds", Settings::httpBodyTimeoutSeconds, 30, "15", 15, "120", 120),
            new Case(
                    "log-origin",
                    Settings::logOrigin,
                    "recallgate.local",
                    "gate.example.com",
                    "gate.example.com",
                    "gate.example.com/eu",
                    "gate.example.com/eu"),
            new Case(
                    "log-signing-key-file",
                    Settings::logSigningKeyFile,
                    null,
                    "/etc/rg/log.key",
                    Path.of("/etc/rg/log.key"),
                    "/srv/log.key",
                    Path.of("/srv/log.key")));

    private static Settings serve(Map<String, String> env, String... args) {
        return ServeSettings.of(env, List.of(args));
    }

    /** The settings {@code serve} has as options. */
    private static List<String> settingNames() {
        CommandSpec spec = CommandSpec.create();
        Settings.addOptions(spec);
        return spec.options().stream().map(o -> o.longestName().substring(2)).toList();
    }

    @Test
    void everySettingIsCoveredHere() {
        List<String> covered = new ArrayList<>(CASES.stream().map(Case::name).toList());
        covered.add("database-url-file");
        covered.add("digest-key-file");
        assertEquals(new TreeSet<>(settingNames()), new TreeSet<>(covered));
        assertEquals(settingNames().size(), covered.size(), "no setting twice");
    }

    @Test
    void eachSettingIsAFlagOverAnEnvironmentVariableOverADefault() {
        Settings defaults = serve(Map.of());
        for (Case c : CASES) {
            String env =
                    "RECALLGATE_" + c.name().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
            assertEquals(env, Settings.envName(c.name()));
            assertEquals(c.byDefault(), c.read().apply(defaults), c.name() + ": the default");
            assertEquals(c.fromEnv(), c.read().apply(serve(Map.of(env, c.envValue()))), c.name() + ": the environment");
            assertEquals(
                    c.fromFlag(),
                    c.read().apply(serve(Map.of(env, c.envValue()), "--" + c.name(), c.flagValue())),
                    c.name() + ": the flag over the environment");
            assertEquals(
                    c.fromFlag(),
                    c.read().apply(serve(Map.of(), "--" + c.name() + "=" + c.flagValue())),
                    c.name() + ": --name=value");
        }
    }

    @Test
    void allSettingsAtOnceEachKeepTheirOwnValue() {
        Map<String, String> env = new LinkedHashMap<>();
        List<String> flags = new ArrayList<>();
        for (int i = 0; i < CASES.size(); i++) {
            Case c = CASES.get(i);
            if (i % 2 == 0) {
                env.put(Settings.envName(c.name()), c.envValue());
            } else {
                flags.add("--" + c.name());
                flags.add(c.flagValue());
            }
        }
        Settings s = ServeSettings.of(env, flags);
        for (int i = 0; i < CASES.size(); i++) {
            Case c = CASES.get(i);
            assertEquals(i % 2 == 0 ? c.fromEnv() : c.fromFlag(), c.read().apply(s), c.name());
        }
    }

    @Test
    void defaultsWhenNothingIsSet() {
        Settings s = serve(Map.of());
        assertNull(s.databaseUrl(), "embedded PostgreSQL");
        assertNull(s.digestKey(), "a key generated in the data dir");
        assertNull(s.apiKeysFile());
        assertFalse(s.authEnabled());
        assertTrue(serve(Map.of(), "--api-keys-file", "/etc/rg/keys").authEnabled());
    }

    @Test
    void ofAFlagGivenTwiceTheLastOneCounts() {
        assertEquals(
                9005,
                serve(Map.of(), "--http-port", "9004", "--http-port", "9005").httpPort());
    }

    @Test
    void valuesAreReadWithoutTheWhiteSpaceAroundThem() {
        Settings s = serve(
                Map.of("RECALLGATE_HTTP_PORT", " 9001 ", "RECALLGATE_RATE_LIMIT_PER_SECOND", "\t50\n"),
                "--log-origin",
                " gate.example.com ",
                "--log-signing-key-file",
                " /srv/log.key ");
        assertEquals(9001, s.httpPort());
        assertEquals(50.0, s.rateLimitPerSecond());
        assertEquals("gate.example.com", s.logOrigin());
        assertEquals(Path.of("/srv/log.key"), s.logSigningKeyFile());
    }

    /**
     * A variable set to nothing (a deployment template's {@code RECALLGATE_X: ""}, {@code X= cmd})
     * is a variable not set: the default holds, for every setting and every {@code _FILE}
     * spelling; so is a flag given an empty value (a script's unset shell variable).
     */
    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", " ", " \t\n"})
    void aBlankValueCountsAsUnsetForEverySetting(String blank) {
        Settings defaults = serve(Map.of());
        for (String name : settingNames()) {
            assertEquals(defaults, serve(Map.of(Settings.envName(name), blank)), Settings.envName(name));
            assertEquals(defaults, serve(Map.of(), "--" + name, blank), "--" + name);
        }
        // a blank spelling does not collide with the other one being set
        Settings s = serve(Map.of("RECALLGATE_DIGEST_KEY", blank, "RECALLGATE_DATA_DIR", blank), "--http-port", "9001");
        assertEquals(9001, s.httpPort());
        assertEquals(Path.of("./data"), s.dataDir());
    }

    @Test
    void aBlankSecretNextToItsFileSpellingLeavesTheFile() throws Exception {
        Path url = Files.writeString(dir.resolve("url"), "postgresql://app:s3cret@db:5432/recallgate\n");
        Settings s = serve(Map.of("RECALLGATE_DATABASE_URL", "  ", "RECALLGATE_DATABASE_URL_FILE", " " + url + "\n"));
        assertEquals("postgresql://app:s3cret@db:5432/recallgate", s.databaseUrl());
        s = serve(Map.of("RECALLGATE_DATABASE_URL_FILE", ""), "--database-url", " postgresql://flag@db/rg ");
        assertEquals("postgresql://flag@db/rg", s.databaseUrl());
    }

    /** Every value, from either source, without the white space around it. */
    @Test
    void everyValueIsTrimmed() {
        for (Case c : CASES) {
            String env = Settings.envName(c.name());
            assertEquals(c.fromEnv(), c.read().apply(serve(Map.of(env, " \t" + c.envValue() + " \n"))), env);
            assertEquals(
                    c.fromFlag(),
                    c.read().apply(serve(Map.of(), "--" + c.name(), " " + c.flagValue() + "\t")),
                    "--" + c.name());
        }
    }

    /** Both ends of every whole-number setting's range are accepted, one past either end is not. */
    @ParameterizedTest(name = "{0} from {1} to {2}")
    @CsvSource({
        "http-port,                   0, 65535",
        "audit-retention-days,        1, 100000",
        "record-queue-capacity,       1, 10000000",
        "rate-limit-burst,            1, 2147483647",
        "rules-rescan-millis,         0, 2147483647",
        "http-instances,              0, 256",
        "http-max-connections,        1, 1000000",
        "http-body-memory-mb,         1, 1000000",
        "http-header-timeout-seconds, 1, 3600",
        "http-body-timeout-seconds,   1, 3600",
    })
    void wholeNumbersInTheirRange(String name, long min, long max) {
        for (long ok : new long[] {min, max}) {
            serve(Map.of(), "--" + name, Long.toString(ok));
        }
        String env = Settings.envName(name);
        for (String bad : List.of(Long.toString(min - 1), Long.toString(max + 1), "ten", "1.5", "0x10", "1 000")) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> serve(Map.of(env, bad)), name + "=" + bad);
            assertEquals(
                    env + " / --" + name + " must be a whole number from " + min + " to " + max + ", not '" + bad.trim()
                            + "'",
                    e.getMessage());
        }
    }

    @Test
    void aBadValueIsNamedByBothItsNamesWhereverItCameFrom() {
        String expected = "RECALLGATE_HTTP_PORT / --http-port must be a whole number from 0 to 65535, not '80x'";
        assertEquals(
                expected,
                assertThrows(IllegalArgumentException.class, () -> serve(Map.of("RECALLGATE_HTTP_PORT", "80x")))
                        .getMessage());
        assertEquals(
                expected,
                assertThrows(IllegalArgumentException.class, () -> serve(Map.of(), "--http-port", "80x"))
                        .getMessage());
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"0", "-1", "-0.5", "NaN", "Infinity", "-Infinity", "1e400", "fast"})
    void theRateIsAPositiveNumber(String bad) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> serve(Map.of(), "--rate-limit-per-second", bad));
        assertEquals(
                "RECALLGATE_RATE_LIMIT_PER_SECOND / --rate-limit-per-second must be a positive number, not '" + bad
                        + "'",
                e.getMessage());
    }

    @Test
    void aRateMayBeAFraction() {
        assertEquals(0.5, serve(Map.of(), "--rate-limit-per-second", "0.5").rateLimitPerSecond());
    }

    /** The origin names each tenant's checkpoints ({@code <origin>/<tenant>}) and is a C2SP key name. */
    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"gate example", "gate+example", "gate.example.com/", "gate\texample", "gate\u00a0x"})
    void theLogOriginIsANameWithoutSpacesPlusOrATrailingSlash(String bad) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> serve(Map.of("RECALLGATE_LOG_ORIGIN", bad)));
        assertTrue(e.getMessage().startsWith("RECALLGATE_LOG_ORIGIN / --log-origin must be"), e.getMessage());
    }

    @Test
    void anUnknownFlagOrAMissingValueIsRefused() {
        CommandLine.ParameterException e =
                assertThrows(CommandLine.ParameterException.class, () -> serve(Map.of(), "--http-prot", "1"));
        assertTrue(e.getMessage().contains("--http-prot"), e.getMessage());
        e = assertThrows(CommandLine.ParameterException.class, () -> serve(Map.of(), "--http-port"));
        assertTrue(e.getMessage().contains("--http-port"), e.getMessage());
    }

    @Test
    void secretsComeFromFilesWithoutTheirLineBreak() throws Exception {
        Path url = Files.writeString(dir.resolve("url"), "postgresql://app:s3cret@db:5432/recallgate\n");
        Path key = Files.writeString(dir.resolve("key"), "  a-digest-key-of-32-characters-xx\r\n");
        Settings s = serve(Map.of("RECALLGATE_DATABASE_URL_FILE", url.toString()), "--digest-key-file", key.toString());
        assertEquals("postgresql://app:s3cret@db:5432/recallgate", s.databaseUrl());
        assertEquals("a-digest-key-of-32-characters-xx", s.digestKey());

        s = serve(Map.of("RECALLGATE_DIGEST_KEY_FILE", key.toString()), "--database-url-file", url.toString());
        assertEquals("postgresql://app:s3cret@db:5432/recallgate", s.databaseUrl());
        assertEquals("a-digest-key-of-32-characters-xx", s.digestKey());
    }

    @Test
    void aSecretFileNamedByAFlagBeatsOneNamedInTheEnvironment() throws Exception {
        Path fromEnv = Files.writeString(dir.resolve("env-key"), "the-environment's-key-0123");
        Path fromFlag = Files.writeString(dir.resolve("flag-key"), "the-flag's-key-0123456789");
        Settings s = serve(
                Map.of("RECALLGATE_DIGEST_KEY_FILE", fromEnv.toString()), "--digest-key-file", fromFlag.toString());
        assertEquals("the-flag's-key-0123456789", s.digestKey());
        Path urlEnv = Files.writeString(dir.resolve("env-url"), "postgresql://env@db/rg");
        Path urlFlag = Files.writeString(dir.resolve("flag-url"), "postgresql://flag@db/rg");
        s = serve(Map.of("RECALLGATE_DATABASE_URL_FILE", urlEnv.toString()), "--database-url-file", urlFlag.toString());
        assertEquals("postgresql://flag@db/rg", s.databaseUrl());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"database-url", "digest-key"})
    void aSecretSetBothWaysIsAnError(String name) throws Exception {
        Path file = Files.writeString(dir.resolve("secret"), "from-the-file-0123456789");
        String env = Settings.envName(name);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> serve(Map.of(env, "from-the-environment-0123"), "--" + name + "-file", file.toString()));
        assertEquals(
                env + " (--" + name + ") and " + env + "_FILE (--" + name + "-file) are both set; set only one of them",
                e.getMessage());
        assertFalse(e.getMessage().contains("from-the"), "no secret in the message");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"database-url", "digest-key"})
    void anUnreadableOrEmptySecretFileIsAnErrorThatDoesNotShowTheSecret(String name) throws Exception {
        String env = Settings.envName(name) + "_FILE";
        Path missing = dir.resolve("missing");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> serve(Map.of(env, missing.toString())));
        assertEquals(env + " / --" + name + "-file: cannot read " + missing + " (NoSuchFileException)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> serve(Map.of(env, dir.toString())));
        assertTrue(e.getMessage().startsWith(env + " / --" + name + "-file: cannot read " + dir), e.getMessage());

        Path empty = Files.writeString(dir.resolve("empty"), " \n");
        e = assertThrows(
                IllegalArgumentException.class, () -> serve(Map.of(), "--" + name + "-file", empty.toString()));
        assertEquals(env + " / --" + name + "-file: the file " + empty + " is empty", e.getMessage());
    }

    @Test
    void serveHelpNamesEverySettingsEnvironmentVariableAndDefault() {
        CommandSpec spec = CommandSpec.create();
        Settings.addOptions(spec);
        for (OptionSpec o : spec.options()) {
            String name = o.longestName().substring(2);
            String line = String.join(" ", o.description());
            assertTrue(line.contains("Env: " + Settings.envName(name) + "; default: "), line);
        }
        OptionSpec port = spec.findOption("--http-port");
        assertTrue(String.join(" ", port.description()).endsWith("default: 8080."));
        OptionSpec url = spec.findOption("--database-url");
        assertTrue(String.join(" ", url.description()).endsWith("default: unset."));
    }
}
