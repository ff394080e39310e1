package io.recallgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar recallgate.jar check [DIR]}, as a policy author or their CI runs it. */
class CheckCommandIT {

    @TempDir
    Path dir;

    @Test
    void theShippedFolderPasses() throws Exception {
        Run run = check(Path.of("rules"));
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("OK"), run.output());
        assertTrue(run.output().matches("(?s).*scenario tests: \\d+ passed, 0 failed.*"), run.output());
    }

    @Test
    void aCompileErrorNamesFileAndLine() throws Exception {
        TestService.copyTree(Path.of("rules"), dir);
        Path drl = dir.resolve("30-key-records.drl");
        List<String> lines = Files.readAllLines(drl);
        int broken = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("keyRecord, sensitive")) {
                lines.set(i, lines.get(i).replace("keyRecord, sensitive )", "keyRecord, sensitive"));
                broken = i + 1;
                break;
            }
        }
        assertTrue(broken > 0);
        Files.write(drl, lines);
        Run run = check(dir);
        assertEquals(1, run.exit(), run.output());
        assertTrue(run.output().contains("ERROR 30-key-records.drl:"), run.output());
        assertTrue(run.output().contains("REJECTED"), run.output());
    }

    @Test
    void aFailingScenarioIsPrintedWithExpectedAndActual() throws Exception {
        TestService.copyTree(Path.of("rules"), dir);
        Files.createDirectories(dir.resolve("tests"));
        Files.writeString(dir.resolve("tests/zz-wrong.yaml"), """
                cases:
                  - name: an author who thinks e-commerce allows recalls
                    request:
                      scenario: ecommerce
                      conversationId: c-1
                      message: {id: m-1, senderId: u-1, senderRole: customer, sentAt: "2026-11-24T08:00:00Z"}
                      requester: {id: u-1, role: customer}
                      at: "2026-11-24T08:01:00Z"
                    expect: {outcome: allow, reason: WITHIN_WINDOW}
                """, StandardCharsets.UTF_8);
        Run run = check(dir);
        assertEquals(1, run.exit(), run.output());
        assertTrue(
                run.output().contains("FAIL  tests/zz-wrong.yaml: \"an author who thinks e-commerce allows recalls\""),
                run.output());
        assertTrue(
                run.output().contains("expected allow [WITHIN_WINDOW], got deny [SCENARIO_NO_RECALL]"), run.output());
    }

    @Test
    void aMissingTranslationIsListedButTheFolderPasses() throws Exception {
        TestService.copyTree(Path.of("rules"), dir);
        Path messages = dir.resolve("messages.csv");
        Files.writeString(
                messages, Files.readString(messages).replace(",The time to recall this message has passed.", ","));
        Run run = check(dir);
        assertEquals(0, run.exit(), run.output());
        assertTrue(
                run.output()
                        .contains("WARN  messages.csv:12:31: row 12, column C (en): WINDOW_EXPIRED has no en sentence;"
                                + " callers who ask for en get the zh-CN one"),
                run.output());
    }

    @Test
    void aFolderOfTheEarlierFormatIsToldWhatToWriteInstead() throws Exception {
        TestService.copyTree(Path.of("rules"), dir);
        Files.delete(dir.resolve("settings.csv"));
        Files.writeString(dir.resolve("settings.drl.csv"), """
                RuleSet,io.recallgate.rules.settings
                Import,io.recallgate.model.PolicySettings
                RuleTable Scenario settings
                Scenario,In force,Ordinary messages,Recall window,Sensitive data window,Sensitive data
                general,yes,window,2 minutes,24 hours,recall
                """);
        Run run = check(dir);
        assertEquals(1, run.exit(), run.output());
        assertTrue(
                run.output().contains("ERROR settings.drl.csv:1:1: the settings are now plain tables"), run.output());
        assertTrue(run.output().contains("\ngeneral,yes,window,2 minutes,24 hours,recall\n"), run.output());
    }

    @Test
    void aMissingFolderFails() throws Exception {
        Run run = check(dir.resolve("no-such-folder"));
        assertEquals(1, run.exit(), run.output());
        assertTrue(run.output().contains("does not exist"), run.output());
    }

    @Test
    void theServiceDoesNotStartOnAFolderThatDoesNotCompile() throws Exception {
        TestService.copyTree(Path.of("rules"), dir);
        Path drl = dir.resolve("20-disputes.drl");
        Files.writeString(drl, Files.readString(drl).replaceFirst("then", "then ((("));
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "io.recallgate.Main",
                        "serve",
                        "--http-port",
                        "0",
                        "--rules-dir",
                        dir.toString(),
                        "--database-url",
                        "postgresql://nobody@127.0.0.1:1/none")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), out);
        assertTrue(out.contains("cannot be used"), out);
        assertTrue(out.matches("(?s).*20-disputes\\.drl:\\d+.*"), out);
        assertTrue(!out.contains("listening on http"), out);
    }

    record Run(int exit, String output) {}

    static Run check(Path rules) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "io.recallgate.Main",
                        "check",
                        rules.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out);
    }
}
