package io.recallgate.decision;

import io.recallgate.model.RecallFacts;
import io.recallgate.model.Verdict;
import io.recallgate.policy.RuleSet;
import io.recallgate.store.ReplayScan.StoredVerdict;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides stored decisions again under a candidate rule set and counts what changes. Called page
 * by page, by one thread at a time (the impact worker); not thread-safe.
 *
 * <p>A decision changes when its decisive outcome or its decisive reason code differs from the
 * stored one. A different {@code allowedUntil} alone is not a change: the past decision was made
 * at its {@code at}, and at that moment the person was allowed or not, for the same reason; only
 * the end of a permission that has long run its course would move (the README's own edit, a
 * longer after-sales window, moves it for every decision it allows, and is not a change for them).
 * The decision before is the stored one, as the person was answered, whichever rule set made it.
 */
final class ImpactTally {

    private record Key(String scenario, String fromOutcome, String fromReason, String toOutcome, String toReason) {}

    private static final class Group {
        long count;
        final List<String> examples = new ArrayList<>(4);
    }

    private final RuleSet candidate;
    private final Map<Key, Group> groups = new HashMap<>();
    private long replayed;
    private long changed;
    private long withoutFacts;
    private long unreadable;
    private long failing;

    ImpactTally(RuleSet candidate) {
        this.candidate = candidate;
    }

    /** Decides each stored decision of the page again and counts it. */
    void add(List<StoredVerdict> page) {
        for (StoredVerdict stored : page) {
            add(stored);
        }
    }

    private void add(StoredVerdict stored) {
        if (stored.facts() == null) {
            withoutFacts++;
            return;
        }
        RecallFacts facts;
        try {
            facts = FactsJson.facts(new JsonObject(stored.facts()));
        } catch (RuntimeException e) { // not JSON, not an object, or not facts FactsJson can read
            unreadable++;
            return;
        }
        Verdict verdict;
        try {
            verdict = candidate.evaluate(facts).verdict();
        } catch (RuntimeException e) { // a condition of the candidate's rules that throws on these facts
            failing++;
            return;
        }
        replayed++;
        String toOutcome = verdict.outcome().json();
        String toReason = verdict.decisiveReason().code();
        if (toOutcome.equals(stored.outcome()) && toReason.equals(stored.reason())) {
            return;
        }
        changed++;
        Group g = groups.computeIfAbsent(
                new Key(stored.scenario(), stored.outcome(), stored.reason(), toOutcome, toReason), k -> new Group());
        g.count++;
        if (g.examples.size() < ImpactReport.MAX_EXAMPLES) {
            g.examples.add(stored.decisionId());
        }
    }

    long replayed() {
        return replayed;
    }

    long changed() {
        return changed;
    }

    /** Stored decisions not decided again, for any of the reasons below. */
    long skipped() {
        return withoutFacts + unreadable + failing;
    }

    long unreadable() {
        return unreadable;
    }

    /** Stored decisions whose facts the candidate's rules failed on (an exception in a condition). */
    long failing() {
        return failing;
    }

    /** The transitions, largest first; equal counts by scenario, then the verdicts before and after. */
    List<ImpactReport.Transition> transitions() {
        List<ImpactReport.Transition> out = new ArrayList<>(groups.size());
        groups.forEach((k, g) -> out.add(new ImpactReport.Transition(
                k.scenario(),
                new ImpactReport.Verdict(k.fromOutcome(), k.fromReason()),
                new ImpactReport.Verdict(k.toOutcome(), k.toReason()),
                g.count,
                g.examples)));
        out.sort(Comparator.comparingLong(ImpactReport.Transition::count)
                .reversed()
                .thenComparing(ImpactReport.Transition::scenario)
                .thenComparing(t -> t.from().outcome())
                .thenComparing(t -> t.from().reason())
                .thenComparing(t -> t.to().outcome())
                .thenComparing(t -> t.to().reason()));
        return out;
    }
}
