package io.recallgate.store;

import io.recallgate.model.Decision;
import io.recallgate.model.Reason;
import io.recallgate.model.SensitiveFinding;
import io.recallgate.tlog.Merkle;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The entry a decision is in its tenant's Merkle log: the stored decision's JSON exactly as
 * {@code GET /v1/recall-decisions/{id}} shows it, without {@code logIndex} and {@code leafHash},
 * in RFC 8785 canonical form, UTF-8. Anyone holding the API's answer can recompute the leaf:
 * drop those two fields, canonicalize, hash.
 *
 * <p>The JSON holds the decision's own fields (what {@code POST /v1/recall-decisions} answered,
 * except {@code maskedText}, which is never stored), then {@code tenant}, {@code conversationId},
 * {@code messageId}, {@code requesterId}, {@code textDigest}, {@code facts} and {@code trace}
 * (null for records written before they were kept), and, only for decisions recorded before the
 * per-tenant logs, {@code legacyChain} ({@link LegacyChain}). Timestamps are RFC 3339 in UTC as
 * {@link Instant#toString()} writes them, which is what the HTTP layer writes too.
 */
public final class LogEntry {

    private LogEntry() {}

    /** The stored decision as the API shows it, without the log fields. */
    public static JsonObject json(DecisionRecord r, LegacyChain legacy) {
        Decision d = r.decision();
        JsonArray reasons = new JsonArray();
        for (Reason reason : d.reasons()) {
            reasons.add(new JsonObject()
                    .put("code", reason.code())
                    .put("rule", reason.rule())
                    .put("message", reason.message()));
        }
        JsonArray sensitive = new JsonArray();
        for (SensitiveFinding f : d.sensitive()) {
            sensitive.add(new JsonObject()
                    .put("type", f.type().json())
                    .put("start", f.start())
                    .put("end", f.end()));
        }
        JsonObject json = new JsonObject()
                .put("decisionId", d.decisionId())
                .put("mode", d.mode().json())
                .put("outcome", d.outcome().json())
                .put("reasons", reasons)
                .put("sensitive", sensitive)
                .put("allowedUntil", time(d.allowedUntil()))
                .put("policyVersion", d.policyVersion())
                .put("evaluatedAt", time(d.evaluatedAt()))
                .put("tenant", r.tenant())
                .put("conversationId", r.conversationId())
                .put("messageId", r.messageId())
                .put("requesterId", r.requesterId())
                .put("textDigest", r.textDigest())
                .put("facts", r.facts())
                .put("trace", r.trace());
        if (legacy != null) {
            json.put(
                    "legacyChain",
                    new JsonObject()
                            .put("seq", legacy.seq())
                            .put("prevHash", legacy.prevHash())
                            .put("hash", legacy.hash())
                            .put("recordedAt", time(legacy.recordedAt()))
                            .put("requestId", r.requestId())
                            .put("scenario", r.scenario()));
        }
        return json;
    }

    public static JsonObject json(StoredDecision s) {
        return json(s.record(), s.legacy());
    }

    /** The entry's bytes: RFC 8785 canonical JSON of {@link #json}, UTF-8. */
    public static byte[] canonical(DecisionRecord r, LegacyChain legacy) {
        return CanonicalJson.write(json(r, legacy)).getBytes(StandardCharsets.UTF_8);
    }

    /** SHA-256(0x00 ‖ entry): the leaf the log stores for the decision. */
    public static byte[] leafHash(DecisionRecord r, LegacyChain legacy) {
        return Merkle.leafHash(canonical(r, legacy));
    }

    private static String time(Instant t) {
        return t == null ? null : t.toString();
    }
}
