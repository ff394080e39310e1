package io.recallgate.store;

import io.recallgate.model.Decision;
import io.recallgate.model.Mode;
import io.recallgate.model.Outcome;
import io.recallgate.model.Reason;
import io.recallgate.tlog.NoteKeys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** One embedded PostgreSQL in a temporary directory, for one test class. */
final class StoreFixture implements AutoCloseable {
    final Vertx vertx;
    final Path dir;
    final Database db;
    /** The checkpoints' key (a test key, like the one the service generates in its data dir). */
    final NoteKeys.Signer signer = NoteKeys.generate("test.local");

    TenantLogs logs;

    private StoreFixture(Vertx vertx, Path dir, Database db) {
        this.vertx = vertx;
        this.dir = dir;
        this.db = db;
        this.logs = new TenantLogs(vertx, db.pool(), signer, "test.local");
    }

    static StoreFixture start() throws IOException {
        Vertx vertx = Vertx.vertx();
        Path dir = Files.createTempDirectory("recallgate-store-test");
        return new StoreFixture(vertx, dir, Database.start(vertx, null, dir));
    }

    /** Empties the logs and the holds. */
    void reset() {
        await(db.pool()
                .query("TRUNCATE decisions, holds, tlog_heads, tlog_nodes, tlog_checkpoints, tlog_retention")
                .execute());
        logs = new TenantLogs(vertx, db.pool(), signer, "test.local"); // forgets the checkpoints it signed
    }

    /** {@code postgresql://user@host:port/db} of the fixture's server, for a second Database on it (a replica). */
    String url() {
        PgConnectOptions o = db.connectOptions();
        return "postgresql://" + o.getUser() + "@" + o.getHost() + ":" + o.getPort() + "/" + o.getDatabase();
    }

    RowSet<Row> sql(String sql, Object... params) {
        return await(db.pool().preparedQuery(sql).execute(Tuple.wrap(params)));
    }

    long count(String sql, Object... params) {
        return sql(sql, params).iterator().next().getLong(0);
    }

    AuditVerifier.AuditReport verify() {
        return verify("t1");
    }

    AuditVerifier.AuditReport verify(String tenant) {
        return await(new AuditVerifier(db.pool(), signer.verifier()).verify(tenant));
    }

    /** The tenant's checkpoint, signed now (as {@code GET /v1/audit/checkpoint} would). */
    String checkpoint(String tenant) {
        return await(logs.checkpoint(tenant));
    }

    static <T> T await(Future<T> f) {
        try {
            return f.await(60, TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The failure of a future that must fail. */
    static Throwable failure(Future<?> f) {
        try {
            f.await(60, TimeUnit.SECONDS);
        } catch (Throwable t) {
            return t;
        }
        throw new AssertionError("expected the future to fail, but it succeeded with " + f.result());
    }

    static DecisionRecord record(String tenant, String requestId, String conversationId, String messageId) {
        Decision d = new Decision(
                UUID.randomUUID().toString(),
                Mode.ENFORCE,
                Outcome.DENY,
                List.of(new Reason("WINDOW_EXPIRED", "general: recall window", "撤回时间已过")),
                List.of(),
                null,
                null,
                "sha256:test",
                Instant.parse("2026-11-24T08:01:00Z"));
        return new DecisionRecord(
                tenant,
                requestId,
                "after_sales",
                conversationId,
                messageId,
                "u-42",
                "hmac-sha256:" + "ab".repeat(32),
                d,
                new JsonObject()
                        .put("scenario", "after_sales")
                        .put("conversationId", conversationId)
                        .put("requester", new JsonObject().put("id", "u-42").put("role", "customer"))
                        .put("held", false)
                        .put("holdIds", new JsonArray())
                        .put("note", "中文 and \u00e9 and \"quotes\""),
                new JsonArray()
                        .add(new JsonObject()
                                .put("rule", "Otherwise the message stays")
                                .put("file", "50-ordinary.drl")));
    }

    /** {@code r} with another decision: the rest of the record (tenant, ids, facts, trace) as it is. */
    static DecisionRecord withDecision(DecisionRecord r, Decision d) {
        return with(r, d, r.facts(), r.trace());
    }

    /** A record as written before facts and trace were kept. */
    static DecisionRecord legacyRecord(String tenant, String conversationId, String messageId) {
        DecisionRecord r = record(tenant, null, conversationId, messageId);
        return with(r, r.decision(), null, null);
    }

    /** {@code r} with another decision, facts and trace; its tenant and ids as they are. */
    private static DecisionRecord with(DecisionRecord r, Decision d, JsonObject facts, JsonArray trace) {
        return new DecisionRecord(
                r.tenant(),
                r.requestId(),
                r.scenario(),
                r.conversationId(),
                r.messageId(),
                r.requesterId(),
                r.textDigest(),
                d,
                facts,
                trace);
    }

    static DecisionRecord record(String requestId) {
        return record("t1", requestId, "c-1", "m-1");
    }

    @Override
    public void close() throws Exception {
        db.close();
        vertx.close().await(10, TimeUnit.SECONDS);
        deleteTree(dir);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
