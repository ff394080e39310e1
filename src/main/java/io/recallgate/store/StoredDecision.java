package io.recallgate.store;

import io.recallgate.model.Decision;

/**
 * A decision as the audit log holds it: the record plus its place in its tenant's Merkle log.
 * {@code decision().maskedText()} is always null (masked text is never stored).
 *
 * @param logIndex position in the tenant's log, from 0
 * @param leafHash standard base64 of the leaf hash the log stores for it: SHA-256(0x00 ‖ entry),
 *                 the entry being {@link LogEntry#canonical} of this decision
 * @param legacy   for decisions recorded before the per-tenant logs, their place in the old
 *                 global chain; null otherwise
 */
public record StoredDecision(DecisionRecord record, long logIndex, String leafHash, LegacyChain legacy) {

    public String decisionId() {
        return record.decisionId();
    }

    public Decision decision() {
        return record.decision();
    }

    public String tenant() {
        return record.tenant();
    }
}
