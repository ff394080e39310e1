package io.recallgate.decision;

import io.recallgate.policy.PolicyError;
import io.recallgate.policy.ScenarioTestResult;
import java.util.List;

/**
 * What a candidate rules folder would do (API.md, {@code POST /v1/policy/impact}).
 *
 * @param candidateVersion the version the folder would have once saved (the same digest
 *                         {@code GET /v1/policy} then shows)
 * @param valid            whether a reload would activate it: it compiles and passes its scenario
 *                         tests; when not, nothing was replayed
 * @param replayed         stored decisions decided again under the candidate
 * @param changed          those whose decisive outcome or reason the candidate changes
 * @param skipped          stored decisions of the window that could not be decided again: no facts
 *                         (written before facts were kept), facts that cannot be read, or facts the
 *                         candidate's rules fail on
 * @param transitions      the changed decisions grouped by scenario and decisive verdict before and
 *                         after, largest first
 */
public record ImpactReport(
        String candidateVersion,
        boolean valid,
        List<PolicyError> errors,
        ScenarioTestResult scenarioTests,
        long replayed,
        long changed,
        long skipped,
        List<Transition> transitions) {

    /** At most this many example decision ids per transition. */
    public static final int MAX_EXAMPLES = 20;

    public ImpactReport {
        errors = List.copyOf(errors);
        transitions = List.copyOf(transitions);
    }

    /** A candidate a reload would not activate: its errors and failed tests, nothing replayed. */
    static ImpactReport rejected(String candidateVersion, List<PolicyError> errors, ScenarioTestResult tests) {
        return new ImpactReport(candidateVersion, false, errors, tests, 0, 0, 0, List.of());
    }

    /** A decisive verdict: the outcome and the code of the decisive (first) reason. */
    public record Verdict(String outcome, String reason) {}

    /**
     * Stored decisions of one scenario that the candidate turns from one decisive verdict into
     * another, with up to {@link #MAX_EXAMPLES} of their ids (the most recently evaluated first).
     */
    public record Transition(String scenario, Verdict from, Verdict to, long count, List<String> examples) {
        public Transition {
            examples = List.copyOf(examples);
        }
    }
}
