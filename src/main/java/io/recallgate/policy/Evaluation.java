package io.recallgate.policy;

import io.recallgate.model.RecallFacts;
import io.recallgate.model.RuleFiring;
import io.recallgate.model.Verdict;
import java.util.List;

/**
 * One run of a rule set: what the rules were given, what they decided, and which rules fired, in
 * firing order (the trace, as the engine reported it).
 */
public record Evaluation(RecallFacts facts, Verdict verdict, List<RuleFiring> trace) {
    public Evaluation {
        trace = List.copyOf(trace);
    }
}
