package io.recallgate.model;

import java.time.Instant;
import java.util.List;

/**
 * The answer to one recall request.
 *
 * @param reasons       decisive reason first
 * @param sensitive     every sensitive item found in the text, in text order
 * @param maskedText    only when the outcome is {@link Outcome#REDACT}, otherwise null
 * @param allowedUntil  only when the outcome is {@link Outcome#ALLOW} and the permission ends at a known time
 * @param policyVersion digest of the rule set that decided
 */
public record Decision(
        String decisionId,
        Mode mode,
        Outcome outcome,
        List<Reason> reasons,
        List<SensitiveFinding> sensitive,
        String maskedText,
        Instant allowedUntil,
        String policyVersion,
        Instant evaluatedAt) {

    public Decision {
        reasons = List.copyOf(reasons);
        sensitive = List.copyOf(sensitive);
    }

    public Reason decisiveReason() {
        return reasons.get(0);
    }
}
