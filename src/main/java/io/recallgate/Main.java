package io.recallgate;

import io.recallgate.config.JsonLogging;
import io.recallgate.config.Settings;
import io.recallgate.http.ApiKeys;
import io.recallgate.http.RequestParser;
import io.recallgate.policy.PolicyError;
import io.recallgate.policy.PolicyRejectedException;
import io.recallgate.policy.RuleSetLoader;
import io.recallgate.policy.ScenarioTestResult;
import io.recallgate.store.AuditVerifier;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

/**
 * The command line: {@code serve} (the default), {@code check [RULES_DIR]},
 * {@code verify-audit}, {@code verify-log} and {@code new-key}.
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        List<String> argv = Arrays.asList(args);
        String command = argv.isEmpty() || argv.get(0).startsWith("--") ? "serve" : argv.get(0);
        List<String> rest = argv.isEmpty() || argv.get(0).startsWith("--") ? argv : argv.subList(1, argv.size());
        int code;
        try {
            code = switch (command) {
                case "serve" -> serve(rest);
                case "check" -> check(rest);
                case "verify-audit" -> verifyAudit(rest);
                case "verify-log" -> io.recallgate.tlog.VerifyLog.main(rest, System.getenv(), System.out, System.err);
                case "new-key" -> newKey(rest);
                case "help", "-h" -> usage(0);
                default -> usage(64);
            };
        } catch (IllegalArgumentException e) {
            System.err.println("recallgate: " + e.getMessage());
            code = 64;
        }
        if (code >= 0) {
            System.exit(code);
        }
    }

    private static int usage(int code) {
        System.err.println("""
                usage: java -jar recallgate.jar [serve] [--setting value ...]
                       java -jar recallgate.jar check [RULES_DIR]
                       java -jar recallgate.jar verify-audit [--database-url URL] [--data-dir DIR] [--log-signing-key-file FILE]
                       java -jar recallgate.jar verify-log --url URL --key VKEY --state FILE   (API key: RECALLGATE_API_KEY)
                       java -jar recallgate.jar new-key --tenant TENANT --roles platform,dispute,policy,auditor [--name NAME]
                settings (flag, environment variable, meaning):""");
        Settings.help().forEach(System.err::println);
        return code;
    }

    /** Runs until SIGTERM or SIGINT, then drains and exits 0. Returns -1: the JVM keeps running. */
    private static int serve(List<String> args) {
        if (args.contains("--help")) {
            return usage(0);
        }
        Settings settings = Settings.from(System.getenv(), args);
        JsonLogging.install();
        RecallGate gate = new RecallGate(settings);
        try {
            gate.start();
        } catch (PolicyRejectedException e) {
            System.err.println("recallgate: the rules folder " + settings.rulesDir() + " cannot be used:");
            e.errors().forEach(err -> System.err.println("  " + err.format()));
            return 2;
        } catch (IllegalArgumentException e) {
            System.err.println("recallgate: " + e.getMessage());
            return 64;
        } catch (Exception e) {
            System.err.println("recallgate: could not start: " + e);
            e.printStackTrace();
            return 1;
        }
        Object done = new Object();
        Runnable shutdown = () -> {
            gate.stop();
            synchronized (done) {
                done.notifyAll();
            }
            System.exit(0);
        };
        for (String signal : List.of("TERM", "INT")) {
            sun.misc.Signal.handle(
                    new sun.misc.Signal(signal), s -> new Thread(shutdown, "recallgate-shutdown").start());
        }
        System.out.println("listening on http://" + settings.httpHost() + ":" + gate.port());
        System.out.flush();
        return -1;
    }

    private static int check(List<String> args) {
        // Drools logs each build problem itself; check prints them once, as file:line: message.
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.OFF);
        Path dir = Path.of(args.isEmpty() ? "rules" : args.get(0));
        RuleSetLoader.Attempt attempt = new RuleSetLoader(Clock.systemUTC(), RequestParser.load()::read).load(dir);
        for (PolicyError e : attempt.errors()) {
            System.out.println("ERROR " + e.format());
        }
        ScenarioTestResult tests = attempt.tests();
        for (ScenarioTestResult.Failure f : tests.failures()) {
            System.out.println("FAIL  " + f.format());
        }
        if (attempt.ruleSet() != null) {
            System.out.println("scenario tests: " + tests.passed() + " passed, " + tests.failed() + " failed");
        }
        if (attempt.accepted()) {
            System.out.println(
                    "OK    " + dir + " (" + attempt.folder().version() + ") compiles and passes its scenario tests");
            return 0;
        }
        System.out.println("REJECTED " + dir + ": " + attempt.errors().size() + " error(s), " + tests.failed()
                + " failed scenario test(s)");
        return 1;
    }

    private static int verifyAudit(List<String> args) {
        Settings settings = Settings.from(System.getenv(), args);
        return AuditVerifier.verifyAuditCommand(
                settings.databaseUrl(), settings.dataDir(), settings.logSigningKeyFile());
    }

    private static int newKey(List<String> args) {
        String tenant = null;
        String roles = null;
        String name = null;
        for (int i = 0; i + 1 < args.size(); i += 2) {
            switch (args.get(i)) {
                case "--tenant" -> tenant = args.get(i + 1);
                case "--roles" -> roles = args.get(i + 1);
                case "--name" -> name = args.get(i + 1);
                default -> throw new IllegalArgumentException("unknown option " + args.get(i));
            }
        }
        if (tenant == null || roles == null) {
            throw new IllegalArgumentException("new-key needs --tenant and --roles");
        }
        String[] generated = ApiKeys.generate(tenant, roles, name);
        System.err.println("The key (give it to the client; it is not stored anywhere):");
        System.out.println(generated[0]);
        System.err.println("The line for the API keys file (safe to share; it holds only a digest):");
        System.out.println(generated[1]);
        return 0;
    }
}
