package io.recallgate.http.decisions;

import io.recallgate.store.LogEntry;
import io.recallgate.store.StoredDecision;
import io.vertx.core.json.JsonObject;

/**
 * A stored decision as {@code GET /v1/recall-decisions…} shows it: its log entry
 * ({@link LogEntry#json}: the decision, its record, facts and trace) plus where it is in its
 * tenant's log, {@code logIndex} and {@code leafHash}. Dropping those two, canonicalizing
 * (RFC 8785) and hashing gives the leaf back, so a client can check the answer against a proof.
 */
final class RecordJson {

    private RecordJson() {}

    static JsonObject stored(StoredDecision stored) {
        return LogEntry.json(stored).put("logIndex", stored.logIndex()).put("leafHash", stored.leafHash());
    }
}
