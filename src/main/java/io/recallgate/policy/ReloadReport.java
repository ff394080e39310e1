package io.recallgate.policy;

import java.time.Instant;
import java.util.List;

/**
 * The outcome of the last attempt to load the rules folder.
 *
 * @param version the folder version that was tried
 * @param active  true when that version is now deciding; false when it was rejected
 */
public record ReloadReport(
        Instant at, String version, boolean active, List<PolicyError> errors, ScenarioTestResult scenarioTests) {

    public String status() {
        return active ? "active" : "rejected";
    }
}
