package io.recallgate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.recallgate.model.Decision;
import io.recallgate.model.Mode;
import io.recallgate.model.Outcome;
import io.recallgate.model.Reason;
import io.recallgate.model.SensitiveFinding;
import io.recallgate.model.SensitiveType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The entry written straight from a record ({@link LogEntry#prepare}) is, byte for byte, the
 * canonical JSON of the entry object ({@link LogEntry#json}), and the parts stored as jsonb are
 * the canonical JSON of those parts: the leaf of a new record is what a verifier recomputes.
 */
class LogEntryPreparedPropertyTest {

    @Property(tries = 1000)
    void theEntryWrittenStraightIsTheCanonicalJsonOfTheEntryObject(@ForAll("records") DecisionRecord r) {
        LogEntry.Prepared p = LogEntry.prepare(r);
        JsonObject json = LogEntry.json(r, null);
        assertEquals(CanonicalJson.write(json), new String(p.entry(), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(CanonicalJson.write(json.getJsonArray("reasons")), text(p.reasonsBytes()));
        assertEquals(CanonicalJson.write(json.getJsonArray("sensitive")), text(p.sensitiveBytes()));
        assertEquals(r.facts() == null ? null : CanonicalJson.write(r.facts()), text(p.factsBytes()));
        assertEquals(r.trace() == null ? null : CanonicalJson.write(r.trace()), text(p.traceBytes()));
    }

    /** A part's bytes as the text PostgreSQL is sent; null for a part the record has not. */
    private static String text(io.vertx.core.buffer.Buffer part) {
        return part == null ? null : part.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Provide
    Arbitrary<DecisionRecord> records() {
        Arbitrary<String> text = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(20),
                Arbitraries.strings()
                        .withChars("a\"\\\n\u0001\u001f/é中😀\u2028")
                        .ofMaxLength(12),
                Arbitraries.of("after_sales", "u-42", "c-1", "撤回时间已过"));
        Arbitrary<String> valid = text.filter(LogEntryPreparedPropertyTest::wellFormed);
        Arbitrary<Reason> reason =
                net.jqwik.api.Combinators.combine(valid, valid, valid).as(Reason::new);
        Arbitrary<SensitiveFinding> finding = net.jqwik.api.Combinators.combine(
                        Arbitraries.of(SensitiveType.values()),
                        Arbitraries.integers().between(0, 1000),
                        Arbitraries.integers().between(1, 40))
                .as((type, start, length) -> new SensitiveFinding(type, start, start + length));
        Arbitrary<JsonObject> facts = net.jqwik.api.Combinators.combine(
                        valid, valid, Arbitraries.integers(), Arbitraries.of(true, false))
                .as((a, b, n, held) -> new JsonObject()
                        .put("scenario", a)
                        .put("message", new JsonObject().put("id", b).put("tags", new JsonArray().add(a)))
                        .put("n", n)
                        .put("held", held)
                        .put("holdIds", new JsonArray())
                        .put("none", null)
                        .put(b, a));
        return net.jqwik.api.Combinators.combine(
                        valid,
                        valid,
                        reason.list().ofMinSize(1).ofMaxSize(3),
                        finding.list().ofMaxSize(3),
                        Arbitraries.of(Outcome.values()),
                        Arbitraries.of(true, false),
                        facts.injectNull(0.2),
                        Arbitraries.of(true, false))
                .as((id, other, reasons, findings, outcome, until, f, digest) -> {
                    Decision d = new Decision(
                            UUID.randomUUID().toString(),
                            Mode.ENFORCE,
                            outcome,
                            reasons,
                            findings,
                            "masked is never stored",
                            until ? Instant.parse("2026-11-24T08:02:00.123456Z") : null,
                            "sha256:" + other,
                            Instant.parse("2026-11-24T08:01:00Z"));
                    JsonArray trace = f == null
                            ? null
                            : new JsonArray()
                                    .add(new JsonObject().put("rule", other).put("file", "10-a.drl"));
                    return new DecisionRecord(
                            "t-" + id,
                            null,
                            "after_sales",
                            id,
                            other,
                            id,
                            digest ? "hmac:" + other : null,
                            d,
                            f,
                            trace);
                });
    }

    private static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0) {
                return false;
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
