package io.recallgate.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.kie.api.definition.type.ClassReactive;

/**
 * A recall request in the words of the policy (POLICY.md, "Terms"), as the rules match it:
 * {@code Recall( held, sensitive )}, {@code Recall( !requestedBySender )},
 * {@code Recall( sentWithin($window) )}. It only reads: it is built from the {@link RecallFacts}
 * and the tag table, and the rules' verdict goes elsewhere.
 */
@ClassReactive // immutable: never modified while the rules run, so no property reactivity to analyse
public final class Recall {

    private final RecallFacts facts;
    private final boolean held;
    private final boolean keyRecord;

    /** @param settings says which tags make a message a key record or dispute evidence */
    public Recall(RecallFacts facts, PolicySettings settings) {
        this.facts = facts;
        List<String> tags = facts.message().tags();
        this.held = facts.held() || anyOf(tags, settings.disputeEvidenceTags());
        this.keyRecord = anyOf(tags, settings.keyRecordTags());
    }

    private static boolean anyOf(List<String> tags, java.util.Set<String> wanted) {
        for (String t : tags) {
            if (wanted.contains(t)) {
                return true;
            }
        }
        return false;
    }

    public RecallFacts facts() {
        return facts;
    }

    // ---- the terms of the policy ----

    /** The person asking is the one who sent the message. */
    public boolean isRequestedBySender() {
        return facts.requester().id().equals(facts.message().senderId());
    }

    /** Held: an active dispute hold covers the message, or a tag the tag table calls dispute evidence. */
    public boolean isHeld() {
        return held;
    }

    /** Key record: the message carries a tag the tag table calls a key record (order, price, …). */
    public boolean isKeyRecord() {
        return keyRecord;
    }

    /** Sensitive: the scanner found at least one sensitive item in the text. */
    public boolean isSensitive() {
        return !facts.sensitive().isEmpty();
    }

    /** Replied: the other party replied at or before the evaluation time. */
    public boolean isReplied() {
        Instant repliedAt = facts.message().repliedAt();
        return repliedAt != null && !repliedAt.isAfter(facts.at());
    }

    /** No later message exists in the conversation. */
    public boolean isLatest() {
        return facts.message().latest();
    }

    /** Age: {@code at − sentAt}. */
    public Duration getAge() {
        return Duration.between(facts.message().sentAt(), facts.at());
    }

    /** The message is at most {@code window} old; the boundary itself is inside. */
    public boolean sentWithin(Duration window) {
        return window != null && getAge().compareTo(window) <= 0;
    }

    /** An active dispute hold covers the message (a tag alone does not count here). */
    public boolean isUnderDisputeHold() {
        return facts.held();
    }

    public boolean hasTag(String tag) {
        return facts.message().tags().contains(tag);
    }

    /** The scanner found an item of this type, e.g. {@code hasSensitive("bank_card")}. */
    public boolean hasSensitive(String type) {
        for (SensitiveFinding f : facts.sensitive()) {
            if (f.type().json().equals(type)) {
                return true;
            }
        }
        return false;
    }

    // ---- the request as received ----

    public String getScenario() {
        return facts.scenario();
    }

    public String getRequesterId() {
        return facts.requester().id();
    }

    public String getRequesterRole() {
        return facts.requester().role().json();
    }

    public String getSenderId() {
        return facts.message().senderId();
    }

    public String getSenderRole() {
        return facts.message().senderRole().json();
    }

    public String getKind() {
        return facts.message().kind().json();
    }

    public List<String> getTags() {
        return facts.message().tags();
    }

    public Instant getSentAt() {
        return facts.message().sentAt();
    }

    public Instant getRepliedAt() {
        return facts.message().repliedAt();
    }

    public Instant getAt() {
        return facts.at();
    }

    @Override
    public String toString() {
        return "Recall[" + facts.scenario() + ", held=" + held + ", keyRecord=" + keyRecord + ", sensitive="
                + isSensitive() + "]";
    }
}
