package io.recallgate.store;

import io.recallgate.model.Decision;
import io.recallgate.model.Reason;
import io.recallgate.model.SensitiveFinding;
import io.recallgate.tlog.Merkle;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

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
        if (legacy == null) {
            return prepare(r).entry();
        }
        return CanonicalJson.write(json(r, legacy)).getBytes(StandardCharsets.UTF_8);
    }

    /** SHA-256(0x00 ‖ entry): the leaf the log stores for the decision. */
    public static byte[] leafHash(DecisionRecord r, LegacyChain legacy) {
        return Merkle.leafHash(canonical(r, legacy));
    }

    /**
     * A new record's entry (no legacy chain) in canonical form, UTF-8, and the canonical JSON of
     * its parts that the decision log also stores as text (reasons, sensitive, facts,
     * trace), so they are written once. Equal, byte for byte, to {@code CanonicalJson.write(json(r,
     * null))}, but written straight from the record with its members already in order, without
     * building the object first.
     */
    record Prepared(byte[] entry, int[] parts) {
        byte[] leaf() {
            return Merkle.leafHash(entry);
        }

        Buffer reasonsBytes() {
            return bytes(0);
        }

        Buffer sensitiveBytes() {
            return bytes(1);
        }

        Buffer factsBytes() {
            return bytes(2);
        }

        Buffer traceBytes() {
            return bytes(3);
        }

        private Buffer bytes(int part) {
            int from = parts[2 * part];
            return from < 0 ? null : Buffer.buffer(Arrays.copyOfRange(entry, from, parts[2 * part + 1]));
        }
    }

    static Prepared prepare(DecisionRecord r) {
        Decision d = r.decision();
        CanonicalJson.Utf8 out = new CanonicalJson.Utf8(2048);
        // members in RFC 8785 order (by UTF-16 code units): allowedUntil, conversationId, decisionId,
        // evaluatedAt, facts, messageId, mode, outcome, policyVersion, reasons, requesterId,
        // sensitive, tenant, textDigest, trace
        out.ascii("{\"allowedUntil\":");
        nullable(out, time(d.allowedUntil()));
        out.ascii(",\"conversationId\":").string(r.conversationId());
        out.ascii(",\"decisionId\":").string(d.decisionId());
        out.ascii(",\"evaluatedAt\":");
        nullable(out, time(d.evaluatedAt()));
        out.ascii(",\"facts\":");
        // [from, to) of reasons, sensitive, facts and trace in the entry; -1 for none
        int[] parts = new int[8];
        parts[4] = r.facts() == null ? -1 : out.length();
        CanonicalJson.value(out, r.facts());
        parts[5] = out.length();
        out.ascii(",\"messageId\":").string(r.messageId());
        out.ascii(",\"mode\":").string(d.mode().json());
        out.ascii(",\"outcome\":").string(d.outcome().json());
        out.ascii(",\"policyVersion\":");
        nullable(out, d.policyVersion());
        out.ascii(",\"reasons\":");
        parts[0] = out.length();
        out.ascii('[');
        for (int i = 0; i < d.reasons().size(); i++) {
            Reason reason = d.reasons().get(i);
            out.ascii(i == 0 ? "{\"code\":" : ",{\"code\":");
            nullable(out, reason.code());
            out.ascii(",\"message\":");
            nullable(out, reason.message());
            out.ascii(",\"rule\":");
            nullable(out, reason.rule());
            out.ascii('}');
        }
        out.ascii(']');
        parts[1] = out.length();
        out.ascii(",\"requesterId\":").string(r.requesterId());
        out.ascii(",\"sensitive\":");
        parts[2] = out.length();
        out.ascii('[');
        for (int i = 0; i < d.sensitive().size(); i++) {
            SensitiveFinding f = d.sensitive().get(i);
            out.ascii(i == 0 ? "{\"end\":" : ",{\"end\":")
                    .number(f.end())
                    .ascii(",\"start\":")
                    .number(f.start())
                    .ascii(",\"type\":")
                    .string(f.type().json());
            out.ascii('}');
        }
        out.ascii(']');
        parts[3] = out.length();
        out.ascii(",\"tenant\":").string(r.tenant());
        out.ascii(",\"textDigest\":");
        nullable(out, r.textDigest());
        out.ascii(",\"trace\":");
        parts[6] = r.trace() == null ? -1 : out.length();
        CanonicalJson.value(out, r.trace());
        parts[7] = out.length();
        out.ascii('}');
        return new Prepared(out.bytes(), parts);
    }

    private static void nullable(CanonicalJson.Utf8 out, String s) {
        if (s == null) {
            out.ascii("null");
        } else {
            out.string(s);
        }
    }

    private static String time(Instant t) {
        return t == null ? null : io.recallgate.model.InstantText.format(t);
    }
}
