package io.recallgate.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The scenario tests that ship in {@code rules/tests/} pass against the shipped rules, and
 * together they name every decisive reason code of POLICY.md's table.
 */
class ShippedScenarioTestsTest {

    private static final Path RULES = Path.of("rules");

    /** The decisive reason codes of POLICY.md's decision table, rows 1–14. */
    private static final Set<String> POLICY_CODES = Set.of(
            "NOT_SENDER",
            "DISPUTE_FROZEN",
            "SENSITIVE_REDACTED",
            "KEY_RECORD",
            "SENSITIVE_CONTENT",
            "SCENARIO_NO_RECALL",
            "REPLIED_LOCKED",
            "NOT_LATEST",
            "LATEST_UNREPLIED",
            "WITHIN_WINDOW",
            "WINDOW_EXPIRED");

    @Test
    void shippedScenarioTestsPassAndCoverEveryReasonCode() throws Exception {
        RuleFolder folder = RuleFolder.read(RULES);
        assertTrue(
                folder.scenarioTests().size() >= 7,
                "expected the scenario test files in rules/tests, found " + folder.scenarioTests());

        RuleSet rules = new RuleSetCompiler(Clock.systemUTC()).compile(folder);
        ScenarioTests tests = new ScenarioTests(io.recallgate.http.contract.RequestParser.load()::read);
        List<PolicyError> errors = new ArrayList<>();
        List<ScenarioTests.Case> cases = tests.read(folder.scenarioTests(), errors);

        assertEquals(List.of(), errors.stream().map(PolicyError::format).toList(), "test files must be well-formed");
        List<String> unparsed = cases.stream()
                .filter(c -> c.request() == null)
                .map(c -> c.file() + ": " + c.name() + ": " + c.requestProblem())
                .toList();
        assertEquals(List.of(), unparsed, "every case's request must parse");

        ScenarioTestResult result = tests.run(rules, cases);
        assertEquals(
                List.of(),
                result.failures().stream()
                        .map(ScenarioTestResult.Failure::format)
                        .toList());
        assertEquals(0, result.failed());
        assertEquals(cases.size(), result.passed());
        assertTrue(result.passed() >= 14, "only " + result.passed() + " cases passed");

        for (ScenarioTests.Case c : cases) {
            assertTrue(
                    c.expect().containsKey("outcome") && c.expect().containsKey("reason"),
                    c.file() + ": \"" + c.name() + "\" must expect an outcome and a decisive reason");
        }
        Set<String> expectedCodes = cases.stream()
                .map(c -> String.valueOf(c.expect().get("reason")))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> missing = new TreeSet<>(POLICY_CODES);
        missing.removeAll(expectedCodes);
        assertEquals(Set.of(), missing, "reason codes no scenario test expects as decisive");
        assertFalse(
                cases.stream().map(ScenarioTests.Case::name).distinct().count() < cases.size(),
                "case names must be unique");
    }
}
