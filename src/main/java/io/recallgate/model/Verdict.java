package io.recallgate.model;

import java.time.Instant;
import java.util.List;

/**
 * What the rules decided, kept apart from what they were given ({@link RecallFacts}).
 *
 * @param reasons      the deciding rule's reason codes, decisive first; never empty
 * @param allowedUntil only for {@link Outcome#ALLOW} with a known end, otherwise null
 */
public record Verdict(Outcome outcome, Instant allowedUntil, List<RuleReason> reasons) {

    /** The code of a verdict no rule gave: the message stays, so the record stays whole. */
    public static final String NO_RULE_DECIDED = "NO_RULE_DECIDED";

    public Verdict {
        if (outcome == null || reasons == null || reasons.isEmpty()) {
            throw new IllegalArgumentException("a verdict needs an outcome and a reason");
        }
        reasons = List.copyOf(reasons);
        if (outcome != Outcome.ALLOW) {
            allowedUntil = null;
        }
    }

    /** The verdict when no rule decided: deny, {@value #NO_RULE_DECIDED}. */
    public static Verdict undecided() {
        return new Verdict(Outcome.DENY, null, List.of(new RuleReason(NO_RULE_DECIDED, "(none)")));
    }

    public RuleReason decisiveReason() {
        return reasons.get(0);
    }
}
