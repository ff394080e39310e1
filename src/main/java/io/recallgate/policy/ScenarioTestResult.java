package io.recallgate.policy;

import java.util.List;

/** How a rule set fared against the scenario tests kept in the rules folder. */
public record ScenarioTestResult(int passed, int failed, List<Failure> failures) {

    /** One case that did not decide as its author expected. */
    public record Failure(String file, String name, String expected, String actual) {
        public String format() {
            return file + ": \"" + name + "\": expected " + expected + ", got " + actual;
        }
    }

    public static final ScenarioTestResult NONE = new ScenarioTestResult(0, 0, List.of());

    public boolean allPassed() {
        return failed == 0;
    }
}
