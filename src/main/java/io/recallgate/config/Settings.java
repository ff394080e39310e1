package io.recallgate.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The service's settings. Each one is an environment variable {@code RECALLGATE_X_Y} and a flag
 * {@code --x-y} of {@code serve}; a flag wins over the environment, the environment over the
 * default.
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
        String logOrigin,
        Path logSigningKeyFile) {

    /** Every setting with its default; the order is the order of {@code --help}. */
    private static final Map<String, String[]> KNOWN = new LinkedHashMap<>();

    static {
        def("http-host", "127.0.0.1", "address to bind");
        def("http-port", "8080", "port to bind; 0 picks a free one");
        def("rules-dir", "./rules", "the policy folder that is watched and hot-reloaded");
        def("database-url", "", "postgresql://user:pass@host:port/db; unset: embedded PostgreSQL in the data dir");
        def("data-dir", "./data", "where the embedded database and the digest key live");
        def("api-keys-file", "", "API keys with roles and tenants; unset: no authentication, loopback only");
        def("audit-retention-days", "365", "decision records older than this are removed (the chain still verifies)");
        def("digest-key", "", "secret for the keyed text digest; unset: a key generated once in the data dir");
        def("record-queue-capacity", "10000", "decision records waiting for group commit before 503s push back");
        def("rate-limit-per-second", "2000", "requests per second allowed per API key");
        def("rate-limit-burst", "4000", "requests an API key may send at once above its rate");
        def("rules-rescan-millis", "2000", "how often the rules folder is re-scanned for lost change events");
        def("http-instances", "0", "HTTP event-loop verticles; 0 means one per core");
        def("log-origin", "recallgate.local", "origin of the decision logs' checkpoints: <origin>/<tenant>");
        def(
                "log-signing-key-file",
                "",
                "C2SP PRIVATE+KEY line that signs the checkpoints; unset: a key generated once in the data dir");
    }

    private static void def(String name, String value, String help) {
        KNOWN.put(name, new String[] {value, help});
    }

    public boolean authEnabled() {
        return apiKeysFile != null;
    }

    /** Reads the environment and the flags; throws IllegalArgumentException naming a bad one. */
    public static Settings from(Map<String, String> env, List<String> args) {
        Map<String, String> values = new LinkedHashMap<>();
        KNOWN.forEach((name, d) -> values.put(name, d[0]));
        KNOWN.keySet().forEach(name -> {
            String v = env.get(envName(name));
            if (v != null) {
                values.put(name, v);
            }
        });
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException("--" + name + " needs a value");
                }
                value = args.get(++i);
            }
            if (!KNOWN.containsKey(name)) {
                throw new IllegalArgumentException("unknown setting --" + name + "; known: " + KNOWN.keySet());
            }
            values.put(name, value);
        }
        return new Settings(
                values.get("http-host"),
                integer(values, "http-port", 0, 65535),
                Path.of(values.get("rules-dir")),
                blankToNull(values.get("database-url")),
                Path.of(values.get("data-dir")),
                blankToNull(values.get("api-keys-file")) == null ? null : Path.of(values.get("api-keys-file")),
                integer(values, "audit-retention-days", 1, 100_000),
                blankToNull(values.get("digest-key")),
                integer(values, "record-queue-capacity", 1, 10_000_000),
                decimal(values, "rate-limit-per-second"),
                integer(values, "rate-limit-burst", 1, Integer.MAX_VALUE),
                integer(values, "rules-rescan-millis", 0, Integer.MAX_VALUE),
                integer(values, "http-instances", 0, 256),
                origin(values.get("log-origin")),
                blankToNull(values.get("log-signing-key-file")) == null
                        ? null
                        : Path.of(values.get("log-signing-key-file").trim()));
    }

    public static String envName(String flag) {
        return "RECALLGATE_" + flag.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** Lines for {@code --help}. */
    public static List<String> help() {
        List<String> lines = new ArrayList<>();
        KNOWN.forEach((name, d) -> lines.add(String.format(
                "  --%-24s %-28s %s (default: %s)", name, envName(name), d[1], d[0].isEmpty() ? "unset" : d[0])));
        return lines;
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
            if (!(d > 0)) {
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
