package io.recallgate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line without starting anything: help, version, usage errors and their exit codes. */
class CommandsTest {

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        CommandLine cl = Commands.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void everyCommandHasHelpWithItsExitCodes() {
        for (String command : List.of("serve", "check", "verify-audit", "new-key", "report", "impact")) {
            Run r = run(command, "--help");
            assertEquals(0, r.exit(), command);
            assertTrue(r.out().contains("Usage: recallgate " + command), r.out());
            assertTrue(r.out().contains("Exit codes:"), command + ": " + r.out());
            assertTrue(r.out().contains("64"), command + ": " + r.out());
        }
        Run top = run("--help");
        assertEquals(0, top.exit());
        for (String command : List.of("serve", "check", "verify-audit", "new-key", "report", "impact")) {
            assertTrue(top.out().contains(command), top.out());
        }
    }

    @Test
    void serveHelpListsEverySettingWithItsEnvironmentVariable() {
        String help = run("serve", "--help").out();
        for (String s : List.of("http-port", "database-url", "database-url-file", "digest-key-file", "api-keys-file")) {
            assertTrue(help.contains("--" + s + "="), s + ": " + help);
            assertTrue(help.contains(io.recallgate.config.Settings.envName(s)), s + ": " + help);
        }
    }

    @Test
    void versionIsTheBuildsVersion() {
        Run r = run("--version");
        assertEquals(0, r.exit());
        assertEquals("recallgate " + Version.number(), r.out().strip());
        assertTrue(Version.number().matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), Version.number());
    }

    @Test
    void usageErrorsExit64WithOneLineSayingWhatIsWrong() {
        Run r = run("serve", "--http-port", "port");
        assertEquals(64, r.exit(), r.err());
        assertTrue(
                r.err().startsWith("recallgate: RECALLGATE_HTTP_PORT / --http-port must be a whole number"), r.err());
        assertTrue(r.err().contains("Try 'recallgate serve --help'"), r.err());

        r = run("serve", "--no-such-setting", "1");
        assertEquals(64, r.exit(), r.err());
        assertTrue(r.err().contains("--no-such-setting"), r.err());

        r = run("no-such-command");
        assertEquals(64, r.exit(), r.err());

        r = run("new-key", "--tenant", "acme");
        assertEquals(64, r.exit(), r.err());
        assertTrue(r.err().contains("--roles"), r.err());

        r = run("new-key", "--tenant", "acme", "--roles", "emperor");
        assertEquals(64, r.exit(), r.err());

        r = run("impact", "--url", "http://127.0.0.1:1");
        assertEquals(64, r.exit(), r.err());
        assertTrue(r.err().contains("CANDIDATE_DIR"), r.err());
    }

    @Test
    void newKeyPrintsTheKeyAndItsLine() {
        java.io.PrintStream saved = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        try {
            System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(
                    0,
                    run("new-key", "--tenant", "acme", "--roles", "platform,auditor", "--name", "acme-prod")
                            .exit());
        } finally {
            System.setOut(saved);
        }
        String[] lines = captured.toString(java.nio.charset.StandardCharsets.UTF_8)
                .strip()
                .split("\n");
        assertEquals(2, lines.length, captured.toString());
        assertTrue(lines[0].startsWith("rg_"), lines[0]);
        assertTrue(lines[1].matches("sha256:[0-9a-f]{64} acme platform,auditor acme-prod"), lines[1]);
    }
}
