package io.recallgate.store;

import io.recallgate.model.Decision;
import java.time.Instant;

/**
 * A decision as the audit log holds it: the record plus its place in the hash chain.
 * {@code decision().maskedText()} is always null (masked text is never stored).
 *
 * @param seq        position in the chain, gapless from 1
 * @param recordedAt when the batch holding it was written (database clock), part of the hash
 * @param prevHash   hash of entry {@code seq - 1} (or of the retention checkpoint / 64 zeros)
 * @param hash       hex SHA-256 over {@code prevHash} and the canonical encoding ({@link ChainCodec})
 */
public record StoredDecision(DecisionRecord record, long seq, Instant recordedAt, String prevHash, String hash) {

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
