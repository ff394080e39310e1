package io.recallgate.http;

import io.recallgate.store.DecisionRecord;
import io.recallgate.store.StoredDecision;
import io.vertx.core.json.JsonObject;

/** A stored decision as {@code GET /v1/recall-decisions…} shows it: the decision plus its record. */
final class RecordJson {

    private RecordJson() {}

    static JsonObject stored(StoredDecision stored) {
        DecisionRecord r = stored.record();
        return DecisionJson.toJson(stored.decision())
                .put("tenant", r.tenant())
                .put("requestId", r.requestId())
                .put("scenario", r.scenario())
                .put("conversationId", r.conversationId())
                .put("messageId", r.messageId())
                .put("requesterId", r.requesterId())
                .put("textDigest", r.textDigest())
                .put("facts", r.facts())
                .put("trace", r.trace())
                .put(
                        "recordedAt",
                        stored.recordedAt() == null ? null : stored.recordedAt().toString())
                .put("seq", stored.seq())
                .put("prevHash", stored.prevHash())
                .put("hash", stored.hash());
    }
}
