package io.recallgate.http.decisions;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.recallgate.model.Decision;
import io.recallgate.model.InstantText;
import io.recallgate.model.Outcome;
import io.recallgate.model.Reason;
import io.recallgate.model.Rfc3339;
import io.recallgate.model.SensitiveFinding;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JSON forms of the model, as API.md shows them: camelCase names, lowercase enums, RFC 3339 UTC
 * timestamps with {@code Z}. {@code maskedText} appears only when the outcome is redact;
 * {@code allowedUntil} is always present and null unless the permission ends at a known time.
 */
public final class DecisionJson {

    private DecisionJson() {}

    /** The {@code 200} body of {@code POST /v1/recall-decisions}. */
    public static JsonObject toJson(Decision d) {
        JsonArray reasons = new JsonArray();
        for (Reason r : d.reasons()) {
            reasons.add(
                    new JsonObject().put("code", r.code()).put("rule", r.rule()).put("message", r.message()));
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
                .put("sensitive", sensitive);
        if (d.outcome() == Outcome.REDACT && d.maskedText() != null) {
            json.put("maskedText", d.maskedText());
        }
        return json.put("allowedUntil", time(d.allowedUntil()))
                .put("policyVersion", d.policyVersion())
                .put("evaluatedAt", time(d.evaluatedAt()));
    }

    private static final JsonFactory FACTORY = new JsonFactory();

    /**
     * The bytes of {@code toJson(d).toBuffer()}, written in one pass without building the
     * object (the answer of every decision): same fields, order, nulls and escaping.
     */
    public static Buffer toBuffer(Decision d) {
        Buffer out = Buffer.buffer(ANSWER_SIZE);
        try (JsonGenerator g = FACTORY.createGenerator(new BufferOutput(out))) {
            write(g, d);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Room for a typical answer (about 600 bytes with two reasons in Chinese). */
    private static final int ANSWER_SIZE = 1024;

    /**
     * The generator's output appended to the answer's buffer: the generator writes into its own
     * recycled buffer and hands it over when it is full or closed, so the bytes are copied once.
     */
    private static final class BufferOutput extends OutputStream {
        private final Buffer out;

        BufferOutput(Buffer out) {
            this.out = out;
        }

        @Override
        public void write(int b) {
            out.appendByte((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            out.appendBytes(b, off, len);
        }
    }

    /** {@code {"decisions": [ … ]}}, the answer of a batch, written in one pass. */
    public static Buffer batchToBuffer(List<Decision> decisions) {
        ByteArrayBuilder bytes = new ByteArrayBuilder(512 * decisions.size() + 16);
        try (JsonGenerator g = FACTORY.createGenerator(bytes)) {
            g.writeStartObject();
            g.writeFieldName("decisions");
            g.writeStartArray();
            for (Decision d : decisions) {
                write(g, d);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Buffer.buffer(bytes.toByteArray());
    }

    private static void write(JsonGenerator g, Decision d) throws IOException {
        g.writeStartObject();
        g.writeStringField("decisionId", d.decisionId());
        g.writeStringField("mode", d.mode().json());
        g.writeStringField("outcome", d.outcome().json());
        g.writeFieldName("reasons");
        g.writeStartArray();
        for (Reason r : d.reasons()) {
            g.writeRawValue(reason(r));
        }
        g.writeEndArray();
        g.writeFieldName("sensitive");
        g.writeStartArray();
        for (SensitiveFinding f : d.sensitive()) {
            g.writeStartObject();
            g.writeStringField("type", f.type().json());
            g.writeNumberField("start", f.start());
            g.writeNumberField("end", f.end());
            g.writeEndObject();
        }
        g.writeEndArray();
        if (d.outcome() == Outcome.REDACT && d.maskedText() != null) {
            g.writeStringField("maskedText", d.maskedText());
        }
        g.writeStringField("allowedUntil", time(d.allowedUntil()));
        g.writeStringField("policyVersion", d.policyVersion());
        g.writeStringField("evaluatedAt", time(d.evaluatedAt()));
        g.writeEndObject();
    }

    /**
     * Each reason's JSON object as {@link #writeReason} writes it, by reason. A rule set gives
     * few distinct reasons (its codes × rules × languages), and their sentences are mostly CJK
     * text, so each is escaped and encoded once instead of in every answer. Bounded: emptied when
     * it holds {@value #CACHED_REASONS} (rule sets reloaded many times over).
     */
    private static final ConcurrentHashMap<Reason, SerializedString> REASONS = new ConcurrentHashMap<>();

    static final int CACHED_REASONS = 4096;

    private static SerializedString reason(Reason r) {
        SerializedString json = REASONS.get(r);
        if (json == null) {
            ByteArrayBuilder bytes = new ByteArrayBuilder(256);
            try (JsonGenerator g = FACTORY.createGenerator(bytes)) {
                writeReason(g, r);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            json = new SerializedString(new String(bytes.toByteArray(), StandardCharsets.UTF_8));
            if (REASONS.size() >= CACHED_REASONS) {
                REASONS.clear();
            }
            REASONS.put(r, json);
        }
        return json;
    }

    private static void writeReason(JsonGenerator g, Reason r) throws IOException {
        g.writeStartObject();
        g.writeStringField("code", r.code());
        g.writeStringField("rule", r.rule());
        g.writeStringField("message", r.message());
        g.writeEndObject();
    }

    /** {@link Rfc3339#format}'s text, written by {@link InstantText} (a writable time is in years 0000–9999). */
    static String time(Instant t) {
        return t == null ? null : InstantText.format(Rfc3339.writable(t));
    }
}
