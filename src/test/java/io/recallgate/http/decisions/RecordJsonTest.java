package io.recallgate.http.decisions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.recallgate.model.Decision;
import io.recallgate.model.Mode;
import io.recallgate.model.Outcome;
import io.recallgate.model.Reason;
import io.recallgate.model.SensitiveFinding;
import io.recallgate.model.SensitiveType;
import io.recallgate.store.DecisionRecord;
import io.recallgate.store.LogEntry;
import io.recallgate.store.StoredDecision;
import io.recallgate.tlog.Merkle;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.erdtman.jcs.JsonCanonicalizer;
import org.junit.jupiter.api.Test;

/** The stored decision's answer: API.md's fields exactly, and a leaf anyone can recompute from it. */
class RecordJsonTest {

    @Test
    void theAnswerIsTheDecisionPlusItsRecordAndItsLeafRecomputes() throws Exception {
        Decision d = new Decision(
                "0193a7c2-0000-4000-8000-000000000001",
                Mode.ENFORCE,
                Outcome.REDACT,
                List.of(new Reason("SENSITIVE_REDACTED", "ecommerce: mask", "已屏蔽 \"x\"")),
                List.of(new SensitiveFinding(SensitiveType.BANK_CARD, 7, 30)),
                "masked text is never stored",
                Instant.parse("2026-11-24T08:03:00.5Z"),
                "sha256:3f1c",
                Instant.parse("2026-11-24T08:01:00Z"));
        DecisionRecord r = new DecisionRecord(
                "acme",
                "req-1",
                "ecommerce",
                "c-1",
                "m-17",
                "u-42",
                "hmac-sha256:ab",
                d,
                new JsonObject().put("scenario", "ecommerce").put("held", false),
                new JsonArray().add(new JsonObject().put("rule", "r").put("file", "f.drl")));
        String leaf = Base64.getEncoder().encodeToString(LogEntry.leafHash(r, null));
        JsonObject answer = RecordJson.stored(new StoredDecision(r, 41, leaf, null));

        assertEquals(
                new TreeSet<>(Set.of(
                        "decisionId",
                        "mode",
                        "outcome",
                        "reasons",
                        "sensitive",
                        "allowedUntil",
                        "policyVersion",
                        "evaluatedAt",
                        "tenant",
                        "conversationId",
                        "messageId",
                        "requesterId",
                        "textDigest",
                        "facts",
                        "trace",
                        "logIndex",
                        "leafHash")),
                new TreeSet<>(answer.fieldNames()));
        // the decision's fields are what POST answered (without maskedText, which is never stored)
        JsonObject posted = DecisionJson.toJson(d);
        posted.remove("maskedText");
        for (String field : posted.fieldNames()) {
            assertEquals(posted.getValue(field), answer.getValue(field), field);
        }
        assertEquals(41L, answer.getLong("logIndex"));
        // drop the log fields, canonicalize with the JCS reference library, hash: the leaf
        JsonObject entry = answer.copy();
        entry.remove("logIndex");
        entry.remove("leafHash");
        byte[] bytes = new JsonCanonicalizer(entry.encode()).getEncodedString().getBytes(StandardCharsets.UTF_8);
        assertEquals(answer.getString("leafHash"), Base64.getEncoder().encodeToString(Merkle.leafHash(bytes)));
    }
}
