package io.recallgate.store;

import io.recallgate.model.Decision;
import io.recallgate.model.Mode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * What the audit log keeps about one enforce-mode decision. Never the message text: only its
 * keyed {@code textDigest} (see {@link TextDigester}).
 *
 * <p>The constructor normalises the decision to exactly what the database returns, so that the
 * hash computed before the insert equals the hash recomputed from the row: {@code maskedText} is
 * dropped (it would reveal most of the text), timestamps are cut to PostgreSQL's microseconds,
 * and the decisionId is a canonical lowercase UUID (one is generated when it is null).
 *
 * <p>{@code facts} (everything the rules saw, without the text) and {@code trace} (the rules that
 * fired, in order) are kept as the JSON the API shows; the store does not interpret them. Both are
 * null for records written before they were kept: those cannot be replayed.
 */
public record DecisionRecord(
        String tenant,
        String requestId,
        String scenario,
        String conversationId,
        String messageId,
        String requesterId,
        String textDigest,
        Decision decision,
        JsonObject facts,
        JsonArray trace) {

    public DecisionRecord {
        require(tenant, "tenant");
        require(scenario, "scenario");
        require(conversationId, "conversationId");
        require(messageId, "messageId");
        require(requesterId, "requesterId");
        noNul(requestId, "requestId");
        noNul(textDigest, "textDigest");
        if (decision == null) {
            throw new IllegalArgumentException("decision is required");
        }
        if (decision.mode() != Mode.ENFORCE) {
            throw new IllegalArgumentException("only enforce-mode decisions are written to the audit log");
        }
        if (decision.outcome() == null || decision.policyVersion() == null || decision.evaluatedAt() == null) {
            throw new IllegalArgumentException("decision needs outcome, policyVersion and evaluatedAt");
        }
        noNul(decision.policyVersion(), "policyVersion");
        decision.reasons().forEach(r -> {
            noNul(r.code(), "reason code");
            noNul(r.rule(), "reason rule");
            noNul(r.message(), "reason message");
        });
        if (facts != null) {
            CanonicalJson.eachString(facts, x -> noNul(x, "facts"));
        }
        if (trace != null) {
            CanonicalJson.eachString(trace, x -> noNul(x, "trace"));
        }
        decision = new Decision(
                canonicalId(decision.decisionId()),
                decision.mode(),
                decision.outcome(),
                decision.reasons(),
                decision.sensitive(),
                null,
                micros(decision.allowedUntil()),
                decision.policyVersion(),
                micros(decision.evaluatedAt()));
    }

    public String decisionId() {
        return decision.decisionId();
    }

    static Instant micros(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.MICROS);
    }

    private static String canonicalId(String id) {
        if (id == null) {
            return UUID.randomUUID().toString();
        }
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("decisionId must be a UUID");
        }
        if (!uuid.toString().equalsIgnoreCase(id)) {
            throw new IllegalArgumentException("decisionId must be a UUID in canonical form");
        }
        return uuid.toString();
    }

    private static void require(String value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        noNul(value, name);
    }

    /**
     * PostgreSQL text cannot hold U+0000, and an unpaired surrogate would reach it as '?': either
     * way the row could not be stored as it was hashed into the log, so such a record is refused
     * before it is queued (the decision log also isolates a row the database refuses).
     */
    private static void noNul(String value, String name) {
        if (value == null) {
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\0') {
                throw new IllegalArgumentException(name + " must not contain U+0000");
            }
            if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c)
                        || i + 1 >= value.length()
                        || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    throw new IllegalArgumentException(name + " must not contain an unpaired surrogate");
                }
                i++;
            }
        }
    }
}
