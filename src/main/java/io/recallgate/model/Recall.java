package io.recallgate.model;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.kie.api.runtime.rule.RuleContext;

/**
 * A recall request as the rules see it: plain yes/no properties a policy author can read
 * ({@code Recall( requestedBySender, !replied, sensitive )}), and the verdict the first deciding
 * rule writes into it.
 *
 * <p>Precedence is the rules' salience: the rule with the highest salience that matches decides
 * and stops evaluation, so no later rule can overwrite its verdict.
 */
public final class Recall {

    private final String scenario;
    private final String requesterId;
    private final Role requesterRole;
    private final String senderId;
    private final Role senderRole;
    private final MessageKind kind;
    private final Set<String> tags;
    private final Instant sentAt;
    private final Instant repliedAt;
    private final Instant at;
    private final boolean latest;
    private final boolean held;
    private final boolean keyRecord;
    private final List<SensitiveFinding> findings;

    private Outcome outcome;
    private Instant allowedUntil;
    private final List<Reason> reasons = new ArrayList<>(2);
    private String decidingRule;

    public Recall(RecallRequest request, List<SensitiveFinding> findings, boolean held, boolean keyRecord) {
        Message m = request.message();
        this.scenario = request.scenario();
        this.requesterId = request.requester().id();
        this.requesterRole = request.requester().role();
        this.senderId = m.senderId();
        this.senderRole = m.senderRole();
        this.kind = m.kind();
        this.tags = Set.copyOf(m.tags());
        this.sentAt = m.sentAt();
        this.repliedAt = m.repliedAt();
        this.at = request.at();
        this.latest = m.latest();
        this.held = held;
        this.keyRecord = keyRecord;
        this.findings = findings;
    }

    // ---- what the rules read ----

    public String getScenario() {
        return scenario;
    }

    public String getRequesterId() {
        return requesterId;
    }

    public String getRequesterRole() {
        return requesterRole.json();
    }

    public String getSenderId() {
        return senderId;
    }

    public String getSenderRole() {
        return senderRole.json();
    }

    public String getKind() {
        return kind.json();
    }

    public Set<String> getTags() {
        return tags;
    }

    public Instant getSentAt() {
        return sentAt;
    }

    public Instant getAt() {
        return at;
    }

    /** The person asking is the one who sent the message. */
    public boolean isRequestedBySender() {
        return requesterId.equals(senderId);
    }

    /** The other party has replied, at or before the evaluation time. */
    public boolean isReplied() {
        return repliedAt != null && !repliedAt.isAfter(at);
    }

    /** No later message exists in the conversation. */
    public boolean isLatest() {
        return latest;
    }

    /** An active dispute hold covers the message, or it carries a dispute-evidence tag. */
    public boolean isHeld() {
        return held;
    }

    /** The message carries a tag the settings table calls a key record (order, price, …). */
    public boolean isKeyRecord() {
        return keyRecord;
    }

    /** The scanner found at least one sensitive item in the text. */
    public boolean isSensitive() {
        return !findings.isEmpty();
    }

    public boolean hasTag(String tag) {
        return tags.contains(tag);
    }

    /** {@code at − sentAt}. */
    public Duration getAge() {
        return Duration.between(sentAt, at);
    }

    /** The message is at most {@code window} old; the boundary itself is inside. */
    public boolean sentWithin(Duration window) {
        return getAge().compareTo(window) <= 0;
    }

    // ---- what the rules write ----

    /** Decides: the whole message may be recalled until {@code sentAt + window}. */
    public void allowWithin(RuleContext rule, Duration window, String code, String message) {
        decide(rule, Outcome.ALLOW, sentAt.plus(window), code, message);
    }

    /** Decides: the whole message may be recalled, with no known end. */
    public void allow(RuleContext rule, String code, String message) {
        decide(rule, Outcome.ALLOW, null, code, message);
    }

    /** Decides: the message stays as it is. */
    public void deny(RuleContext rule, String code, String message) {
        decide(rule, Outcome.DENY, null, code, message);
    }

    /** Decides: the message stays, its sensitive spans are masked. */
    public void redact(RuleContext rule, String code, String message) {
        decide(rule, Outcome.REDACT, null, code, message);
    }

    /** Adds a further reason to the verdict the same rule has just given. */
    public void alsoBecause(RuleContext rule, String code, String message) {
        if (rule.getRule().getName().equals(decidingRule)) {
            reasons.add(new Reason(code, decidingRule, message));
        }
    }

    private void decide(RuleContext rule, Outcome outcome, Instant until, String code, String message) {
        if (this.outcome != null) {
            return; // a rule of higher salience has decided already
        }
        this.outcome = outcome;
        this.allowedUntil = until;
        this.decidingRule = rule.getRule().getName();
        this.reasons.add(new Reason(code, decidingRule, message));
        rule.getKieRuntime().halt();
    }

    // ---- read by the service after the rules ran ----

    public Outcome verdict() {
        return outcome;
    }

    public Instant allowedUntil() {
        return allowedUntil;
    }

    public List<Reason> reasons() {
        return List.copyOf(reasons);
    }

    public List<SensitiveFinding> findings() {
        return findings;
    }
}
