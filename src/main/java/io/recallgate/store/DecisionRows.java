package io.recallgate.store;

import io.recallgate.model.Decision;
import io.recallgate.model.Mode;
import io.recallgate.model.Outcome;
import io.recallgate.model.Reason;
import io.recallgate.model.SensitiveFinding;
import io.recallgate.model.SensitiveType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Mapping between {@link StoredDecision} and a row of the {@code decisions} table. */
final class DecisionRows {
    static final String COLUMNS = "seq, decision_id, tenant, request_id, mode, outcome, scenario, "
            + "conversation_id, message_id, requester_id, text_digest, reasons, sensitive, allowed_until, "
            + "policy_version, evaluated_at, recorded_at, prev_hash, hash, facts, trace";

    static final String INSERT = "INSERT INTO decisions (" + COLUMNS + ") VALUES "
            + "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)";

    private DecisionRows() {}

    static Tuple toTuple(StoredDecision s) {
        DecisionRecord r = s.record();
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
        return Tuple.tuple()
                .addLong(s.seq())
                .addUUID(UUID.fromString(d.decisionId()))
                .addString(r.tenant())
                .addString(r.requestId())
                .addString(d.mode().json())
                .addString(d.outcome().json())
                .addString(r.scenario())
                .addString(r.conversationId())
                .addString(r.messageId())
                .addString(r.requesterId())
                .addString(r.textDigest())
                .addJsonArray(reasons)
                .addJsonArray(sensitive)
                .addOffsetDateTime(odt(d.allowedUntil()))
                .addString(d.policyVersion())
                .addOffsetDateTime(odt(d.evaluatedAt()))
                .addOffsetDateTime(odt(s.recordedAt()))
                .addString(s.prevHash())
                .addString(s.hash())
                .addValue(r.facts())
                .addValue(r.trace());
    }

    static StoredDecision fromRow(Row row) {
        List<Reason> reasons = new ArrayList<>();
        for (Object o : (JsonArray) row.getValue("reasons")) {
            JsonObject j = (JsonObject) o;
            reasons.add(new Reason(j.getString("code"), j.getString("rule"), j.getString("message")));
        }
        List<SensitiveFinding> sensitive = new ArrayList<>();
        for (Object o : (JsonArray) row.getValue("sensitive")) {
            JsonObject j = (JsonObject) o;
            sensitive.add(new SensitiveFinding(
                    SensitiveType.fromJson(j.getString("type")), j.getInteger("start"), j.getInteger("end")));
        }
        Decision decision = new Decision(
                row.getUUID("decision_id").toString(),
                Mode.fromJson(row.getString("mode")),
                Outcome.fromJson(row.getString("outcome")),
                reasons,
                sensitive,
                null,
                instant(row.getOffsetDateTime("allowed_until")),
                row.getString("policy_version"),
                instant(row.getOffsetDateTime("evaluated_at")));
        DecisionRecord record = new DecisionRecord(
                row.getString("tenant"),
                row.getString("request_id"),
                row.getString("scenario"),
                row.getString("conversation_id"),
                row.getString("message_id"),
                row.getString("requester_id"),
                row.getString("text_digest"),
                decision,
                (JsonObject) row.getValue("facts"),
                (JsonArray) row.getValue("trace"));
        return new StoredDecision(
                record,
                row.getLong("seq"),
                instant(row.getOffsetDateTime("recorded_at")),
                row.getString("prev_hash"),
                row.getString("hash"));
    }

    static OffsetDateTime odt(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
