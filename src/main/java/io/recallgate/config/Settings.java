package io.recallgate.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The service's settings. Each one is an environment variable {@code RECALLGATE_X_Y} and an
 * option {@code --x-y} of the commands that run the service; a flag wins over the environment,
 * the environment over the default. Secrets may also come from a file ({@code --x-y-file},
 * {@code RECALLGATE_X_Y_FILE}), as container users expect; setting both spellings is an error.
 *
 * <p>The table below is the one place a setting is declared: it gives the options of {@code
 * serve --help} ({@link #addOptions}) and the checks of {@link #from(Map, CommandSpec)}. Values
 * are strings until they are checked here, so a bad value is reported with both of its names,
 * whichever one it came from.
 */
public record Settings(
        String httpHost,
        int httpPort,
        Path rulesDir,
        String databaseUrl,
        Path dataDir,
        Path apiKeysFile,
        int auditRetentionDays,
        String digestKey,
        int recordQueueCapacity,
        double rateLimitPerSecond,
        int rateLimitBurst,
        long rulesRescanMillis,
        int httpInstances,
        int httpMaxConnections,
        int httpBodyMemoryMb,
        int httpHeaderTimeoutSeconds,
        int httpBodyTimeoutSeconds,
        String logOrigin,
        Path logSigningKeyFile) {

    /** One setting: its flag name (without dashes), the value's label in help, default, meaning. */
    private record Definition(String name, String label, String defaultValue, String help) {}

    /** Every setting; the order is the order of {@code --help}. */
    private static final Map<String, Definition> KNOWN = new LinkedHashMap<>();

    static {
        def("http-host", "HOST", "127.0.0.1", "Address to bind.");
        def("http-port", "PORT", "8080", "Port to bind; 0 picks a free one.");
        def("rules-dir", "DIR", "./rules", "The policy folder, watched and hot-reloaded.");
        def(
                "database-url",
                "URL",
                "",
                "postgresql://user:pass@host:port/db; unset: an embedded PostgreSQL in the data dir.");
        def("database-url-file", "FILE", "", "A file holding the database URL (instead of --database-url).");
        def("data-dir", "DIR", "./data", "Where the embedded database and the generated digest key live.");
        def("api-keys-file", "FILE", "", "API keys with roles and tenants; unset: no authentication, loopback only.");
        def(
                "audit-retention-days",
                "DAYS",
                "365",
                "Decision records older than this are removed (the chain still verifies).");
        def("digest-key", "KEY", "", "Secret for the keyed text digest; unset: a key generated once in the data dir.");
        def("digest-key-file", "FILE", "", "A file holding the digest key (instead of --digest-key).");
        def("record-queue-capacity", "N", "10000", "Decision records waiting for group commit before 503s push back.");
        def("rate-limit-per-second", "N", "2000", "Requests per second allowed per API key.");
        def("rate-limit-burst", "N", "4000", "Requests an API key may send at once above its rate.");
        def("rules-rescan-millis", "MS", "2000", "How often the rules folder is re-scanned for lost change events.");
        def("http-instances", "N", "0", "HTTP event-loop verticles; 0 means one per core.");
        def("http-max-connections", "N", "1024", "Open HTTP connections at most; one more is closed at once.");
        def(
                "http-body-memory-mb",
                "MIB",
                "64",
                "Request bodies held in memory at once, in MiB; beyond it 503 + Retry-After.");
        def(
                "http-header-timeout-seconds",
                "SECONDS",
                "10",
                "A new connection must send a whole request head within this.");
        def(
                "http-body-timeout-seconds",
                "SECONDS",
                "30",
                "A request body must arrive within this after its head (else 408).");
        def("log-origin", "ORIGIN", "recallgate.local", "Origin of the decision logs' checkpoints: <origin>/<tenant>.");
        def(
                "log-signing-key-file",
                "FILE",
                "",
                "A C2SP PRIVATE+KEY line that signs the checkpoints; unset: a key generated once in the data dir.");
    }

    private static void def(String name, String label, String defaultValue, String help) {
        KNOWN.put(name, new Definition(name, label, defaultValue, help));
    }

    public boolean authEnabled() {
        return apiKeysFile != null;
    }

    public static String envName(String flag) {
        return "RECALLGATE_" + flag.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /**
     * Adds every setting to a command as an option {@code --x-y VALUE} whose help names its
     * environment variable and default. The options hold only what was typed on the command line;
     * {@link #from(Map, CommandSpec)} adds the environment and the defaults.
     */
    public static void addOptions(CommandSpec command) {
        for (Definition d : KNOWN.values()) {
            command.addOption(OptionSpec.builder("--" + d.name())
                    .paramLabel(d.label())
                    .type(String.class)
                    .description(
                            d.help(),
                            "Env: " + envName(d.name()) + "; default: "
                                    + (d.defaultValue().isEmpty() ? "unset" : d.defaultValue()) + ".")
                    .build());
        }
    }

    /**
     * The settings from a parsed command that has the options of {@link #addOptions} and the
     * environment; throws IllegalArgumentException naming a bad value by both of its names. Every
     * value is read without the white space around it, and one that is only white space counts as
     * not given.
     */
    public static Settings from(Map<String, String> env, CommandSpec parsed) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Definition d : KNOWN.values()) {
            OptionSpec option = parsed.findOption("--" + d.name());
            // a blank value is no value: RECALLGATE_X="" (a template's empty entry) or --x "" (an
            // unset shell variable) leaves the environment or the default in force
            String typed = option == null ? null : blankToNull(option.getValue());
            String fromEnv = blankToNull(env.get(envName(d.name())));
            values.put(d.name(), typed != null ? typed : fromEnv != null ? fromEnv : d.defaultValue());
        }
        return of(values);
    }

    private static Settings of(Map<String, String> values) {
        return new Settings(
                values.get("http-host"),
                integer(values, "http-port", 0, 65535),
                Path.of(values.get("rules-dir")),
                secret(values, "database-url"),
                Path.of(values.get("data-dir")),
                values.get("api-keys-file").isEmpty() ? null : Path.of(values.get("api-keys-file")),
                integer(values, "audit-retention-days", 1, 100_000),
                secret(values, "digest-key"),
                integer(values, "record-queue-capacity", 1, 10_000_000),
                decimal(values, "rate-limit-per-second"),
                integer(values, "rate-limit-burst", 1, Integer.MAX_VALUE),
                integer(values, "rules-rescan-millis", 0, Integer.MAX_VALUE),
                integer(values, "http-instances", 0, 256),
                integer(values, "http-max-connections", 1, 1_000_000),
                integer(values, "http-body-memory-mb", 1, 1_000_000),
                integer(values, "http-header-timeout-seconds", 1, 3600),
                integer(values, "http-body-timeout-seconds", 1, 3600),
                origin(values.get("log-origin")),
                values.get("log-signing-key-file").isEmpty() ? null : Path.of(values.get("log-signing-key-file")));
    }

    /**
     * A secret given directly or as a file ({@code name-file}): the file's content without the
     * white space around it (editors and {@code echo} end files with a line break). Messages never
     * include the secret, only where it was to come from.
     */
    private static String secret(Map<String, String> values, String name) {
        String direct = blankToNull(values.get(name));
        String file = blankToNull(values.get(name + "-file"));
        if (direct != null && file != null) {
            throw new IllegalArgumentException(both(name) + " are both set; set only one of them");
        }
        if (file == null) {
            return direct;
        }
        String content;
        try {
            content = Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(envName(name + "-file") + " / --" + name + "-file: cannot read " + file
                    + " (" + e.getClass().getSimpleName() + ")");
        }
        String value = content.strip();
        if (value.isEmpty()) {
            throw new IllegalArgumentException(
                    envName(name + "-file") + " / --" + name + "-file: the file " + file + " is empty");
        }
        return value;
    }

    private static String both(String name) {
        return envName(name) + " (--" + name + ") and " + envName(name + "-file") + " (--" + name + "-file)";
    }

    private static int integer(Map<String, String> values, String name, int min, int max) {
        String v = values.get(name).trim();
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(envName(name) + " / --" + name + " must be a whole number from " + min
                    + " to " + max + ", not '" + v + "'");
        }
    }

    private static double decimal(Map<String, String> values, String name) {
        String v = values.get(name).trim();
        try {
            double d = Double.parseDouble(v);
            if (!(d > 0) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    envName(name) + " / --" + name + " must be a positive number, not '" + v + "'");
        }
    }

    /** A checkpoint origin that is also a valid C2SP key name: no spaces, '+' or control characters. */
    private static String origin(String v) {
        String o = v.trim();
        boolean ok = !o.isEmpty() && !o.endsWith("/");
        for (int i = 0; ok && i < o.length(); i++) {
            char c = o.charAt(i);
            ok = c > 0x20 && c != 0x7f && c != '+' && !Character.isWhitespace(c) && !Character.isSpaceChar(c);
        }
        if (!ok) {
            throw new IllegalArgumentException(envName("log-origin") + " / --log-origin must be a name like"
                    + " recallgate.example.com, without spaces, '+' or a trailing '/'");
        }
        return o;
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v.trim();
    }
}
