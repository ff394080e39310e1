package io.recallgate.store;

import io.recallgate.model.Decision;
import io.recallgate.model.Reason;
import io.recallgate.model.SensitiveFinding;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * The old global hash chain's encoding and hash (before migration V3). No longer written: it is
 * kept to verify the decisions recorded under it, whose answers carry their {@link LegacyChain}
 * so that anyone can recompute this hash from them.
 *
 * <pre>
 * hash = hex( SHA-256( raw32(prevHash) || encoding ) )     -- prevHash of the first entry: 64 zeros
 * encoding = str("recallgate-audit-v1")
 *            str(seq as decimal) str(decisionId) str(tenant) str(requestId) str(mode) str(outcome)
 *            str(scenario) str(conversationId) str(messageId) str(requesterId) str(textDigest)
 *            int32(#reasons)   { str(code) str(rule) str(message) }
 *            int32(#sensitive) { str(type) int32(start) int32(end) }
 *            str(allowedUntil) str(policyVersion) str(evaluatedAt) str(recordedAt)
 *            [ str("facts") str(JCS(facts)) str(JCS(trace)) ]   -- only when facts or trace is kept
 * str(s)   = int32 big-endian length of UTF-8(s), then those bytes; null is int32 -1
 * </pre>
 *
 * Every stored field is length-prefixed, so no two different entries share an encoding and a
 * change of any field, including its seq, changes the hash. Enums use their JSON names and
 * instants {@link Instant#toString()} (ISO-8601 UTC, microsecond precision at most). Facts and
 * trace are JSON, which PostgreSQL's jsonb gives back with its own key order and spacing, so they
 * are hashed in their RFC 8785 canonical form; records written before facts and trace were kept
 * have neither, and their encoding (and hash) is what it always was.
 */
final class ChainCodec {
    private static final HexFormat HEX = HexFormat.of();

    private ChainCodec() {}

    static String hash(String prevHash, long seq, DecisionRecord r, Instant recordedAt) {
        MessageDigest sha = sha256();
        sha.update(HEX.parseHex(prevHash));
        sha.update(encode(seq, r, recordedAt));
        return HEX.formatHex(sha.digest());
    }

    static byte[] encode(long seq, DecisionRecord r, Instant recordedAt) {
        Decision d = r.decision();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            str(out, "recallgate-audit-v1");
            str(out, Long.toString(seq));
            str(out, d.decisionId());
            str(out, r.tenant());
            str(out, r.requestId());
            str(out, d.mode().json());
            str(out, d.outcome().json());
            str(out, r.scenario());
            str(out, r.conversationId());
            str(out, r.messageId());
            str(out, r.requesterId());
            str(out, r.textDigest());
            out.writeInt(d.reasons().size());
            for (Reason reason : d.reasons()) {
                str(out, reason.code());
                str(out, reason.rule());
                str(out, reason.message());
            }
            out.writeInt(d.sensitive().size());
            for (SensitiveFinding f : d.sensitive()) {
                str(out, f.type().json());
                out.writeInt(f.start());
                out.writeInt(f.end());
            }
            str(out, instant(d.allowedUntil()));
            str(out, d.policyVersion());
            str(out, instant(d.evaluatedAt()));
            str(out, instant(recordedAt));
            if (r.facts() != null || r.trace() != null) {
                str(out, "facts");
                str(out, canonical(r.facts() == null ? null : r.facts().encode()));
                str(out, canonical(r.trace() == null ? null : r.trace().encode()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** RFC 8785 (JCS): sorted keys, no spaces, one spelling per number and string. */
    static String canonical(String json) {
        if (json == null) {
            return null;
        }
        try {
            return new JsonCanonicalizer(json).getEncodedString();
        } catch (IOException e) {
            throw new IllegalArgumentException("not canonicalizable JSON", e);
        }
    }

    private static String instant(Instant t) {
        return t == null ? null : t.toString();
    }

    private static void str(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
