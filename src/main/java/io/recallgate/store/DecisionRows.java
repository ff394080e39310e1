package io.recallgate.store;

import io.recallgate.model.Decision;
import io.recallgate.model.Mode;
import io.recallgate.model.Outcome;
import io.recallgate.model.Reason;
import io.recallgate.model.SensitiveFinding;
import io.recallgate.model.SensitiveType;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Mapping between {@link StoredDecision} and a row of the {@code decisions} table (with its stored leaf). */
final class DecisionRows {
    /**
     * The columns {@link #fromRow} reads, from {@link #FROM}. The leaf comes from a correlated
     * subquery rather than a join: it is one index lookup per row returned, whatever plan the
     * database caches for the statement (a join may be planned as a scan of every leaf).
     */
    static final String COLUMNS = "d.tenant, d.log_index, d.decision_id, d.request_id, d.mode, d.outcome, d.scenario,"
            + " d.conversation_id, d.message_id, d.requester_id, d.text_digest,"
            // the JSON parts as text: as stored from migration V6 on, or the jsonb of the versions before
            + " coalesce(d.reasons, d.reasons_v5::text) AS reasons, coalesce(d.sensitive, d.sensitive_v5::text) AS sensitive,"
            + " d.allowed_until, d.policy_version, d.evaluated_at,"
            + " coalesce(d.facts, d.facts_v5::text) AS facts, coalesce(d.trace, d.trace_v5::text) AS trace,"
            + " d.seq, d.prev_hash, d.hash, d.recorded_at,"
            // the report's columns, checked against the entry by the verifier and retention
            + " d.reason, d.requester_role,"
            + " (SELECT n.hash FROM tlog_nodes n WHERE n.tenant = d.tenant AND n.level = 0 AND n.idx = d.log_index)"
            + " AS leaf_hash";

    /** Decisions, each with the leaf hash its tenant's log stores for it. */
    static final String FROM = " FROM decisions d";

    static final String SELECT = "SELECT " + COLUMNS + FROM;

    private DecisionRows() {}

    static String reasonsJson(Decision d) {
        JsonArray reasons = new JsonArray();
        for (Reason reason : d.reasons()) {
            reasons.add(new JsonObject()
                    .put("code", reason.code())
                    .put("rule", reason.rule())
                    .put("message", reason.message()));
        }
        return reasons.encode();
    }

    static String sensitiveJson(Decision d) {
        JsonArray sensitive = new JsonArray();
        for (SensitiveFinding f : d.sensitive()) {
            sensitive.add(new JsonObject()
                    .put("type", f.type().json())
                    .put("start", f.start())
                    .put("end", f.end()));
        }
        return sensitive.encode();
    }

    /**
     * The report's {@code reason} column: the first reason's code, null without reasons; what
     * {@code reasons -> 0 ->> 'code'} gave when PostgreSQL generated it (before migration V6).
     */
    static String reason(Decision d) {
        return d.reasons().isEmpty() ? null : d.reasons().get(0).code();
    }

    /**
     * The report's {@code requester_role} column: {@code facts.requester.role}, null when absent;
     * what {@code facts -> 'requester' ->> 'role'} gave when PostgreSQL generated it (before
     * migration V6) for the facts the service writes (the role is a string).
     */
    static String requesterRole(JsonObject facts) {
        Object requester = facts == null ? null : facts.getValue("requester");
        Object role = requester instanceof JsonObject o ? o.getValue("role") : null;
        if (role == null || role instanceof String) {
            return (String) role;
        }
        return Json.encode(role);
    }

    private static JsonObject jsonObject(String text) {
        return text == null ? null : new JsonObject(text);
    }

    private static JsonArray jsonArray(String text) {
        return text == null ? null : new JsonArray(text);
    }

    static StoredDecision fromRow(Row row) {
        Long seq = row.getLong("seq");
        LegacyChain legacy = seq == null
                ? null
                : new LegacyChain(
                        seq,
                        row.getString("prev_hash"),
                        row.getString("hash"),
                        instant(row.getOffsetDateTime("recorded_at")));
        Buffer leaf = row.getBuffer("leaf_hash");
        return new StoredDecision(
                record(
                        row.getString("tenant"),
                        row.getString("request_id"),
                        row.getString("scenario"),
                        row.getString("conversation_id"),
                        row.getString("message_id"),
                        row.getString("requester_id"),
                        row.getString("text_digest"),
                        row.getUUID("decision_id").toString(),
                        row.getString("mode"),
                        row.getString("outcome"),
                        new JsonArray(row.getString("reasons")),
                        new JsonArray(row.getString("sensitive")),
                        instant(row.getOffsetDateTime("allowed_until")),
                        row.getString("policy_version"),
                        instant(row.getOffsetDateTime("evaluated_at")),
                        jsonObject(row.getString("facts")),
                        jsonArray(row.getString("trace"))),
                row.getLong("log_index"),
                leaf == null ? null : Base64.getEncoder().encodeToString(leaf.getBytes()),
                legacy);
    }

    /** A record from its columns; shared by the Vert.x reader and the JDBC migration. */
    static DecisionRecord record(
            String tenant,
            String requestId,
            String scenario,
            String conversationId,
            String messageId,
            String requesterId,
            String textDigest,
            String decisionId,
            String mode,
            String outcome,
            JsonArray reasonsJson,
            JsonArray sensitiveJson,
            Instant allowedUntil,
            String policyVersion,
            Instant evaluatedAt,
            JsonObject facts,
            JsonArray trace) {
        List<Reason> reasons = new ArrayList<>();
        for (Object o : reasonsJson) {
            JsonObject j = (JsonObject) o;
            reasons.add(new Reason(j.getString("code"), j.getString("rule"), j.getString("message")));
        }
        List<SensitiveFinding> sensitive = new ArrayList<>();
        for (Object o : sensitiveJson) {
            JsonObject j = (JsonObject) o;
            sensitive.add(new SensitiveFinding(
                    SensitiveType.fromJson(j.getString("type")), j.getInteger("start"), j.getInteger("end")));
        }
        Decision decision = new Decision(
                decisionId,
                Mode.fromJson(mode),
                Outcome.fromJson(outcome),
                reasons,
                sensitive,
                null,
                allowedUntil,
                policyVersion,
                evaluatedAt);
        return new DecisionRecord(
                tenant,
                requestId,
                scenario,
                conversationId,
                messageId,
                requesterId,
                textDigest,
                decision,
                facts,
                trace);
    }

    static OffsetDateTime odt(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
