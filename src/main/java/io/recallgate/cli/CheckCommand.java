package io.recallgate.cli;

import io.recallgate.config.Logging;
import io.recallgate.http.contract.RequestParser;
import io.recallgate.policy.PolicyError;
import io.recallgate.policy.RuleSetLoader;
import io.recallgate.policy.ScenarioTestResult;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * Compiles a rules folder and runs its scenario tests, as a policy author or their CI does before a
 * change reaches the service; prints each problem once as {@code file:line:column: message}.
 */
@Command(
        name = "check",
        headerHeading = "%n",
        synopsisHeading = "%nUsage: ",
        header = "Check a rules folder: compile it and run its scenario tests.",
        description = {
            "Prints each compile error as 'ERROR file:line:column: message', each failing scenario as"
                    + " 'FAIL  file: \"case\" ...', and a closing OK or REJECTED line."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the folder compiles and passes every scenario test",
            "1:rejected: a compile error or a failing scenario test",
            "64:a bad option"
        })
final class CheckCommand implements Callable<Integer> {

    @Parameters(
            paramLabel = "RULES_DIR",
            arity = "0..1",
            defaultValue = "rules",
            description = "The rules folder (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Mixin
    HelpOption help;

    @Override
    public Integer call() {
        // Drools logs each build problem itself; check prints them once, as file:line: message.
        Logging.install(Logging.Output.OFF);
        RuleSetLoader.Attempt attempt = new RuleSetLoader(Clock.systemUTC(), RequestParser.load()::read).load(dir);
        for (PolicyError e : attempt.errors()) {
            System.out.println("ERROR " + e.format());
        }
        if (attempt.ruleSet() != null) { // a missing translation, an ignored cell: listed, not rejected
            attempt.ruleSet().warnings().forEach(w -> System.out.println("WARN  " + w.format()));
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
            return ExitCodes.OK;
        }
        System.out.println("REJECTED " + dir + ": " + attempt.errors().size() + " error(s), " + tests.failed()
                + " failed scenario test(s)");
        return ExitCodes.FAILURE;
    }
}
