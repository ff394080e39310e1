package io.recallgate.store;

import static io.recallgate.store.StoreFixture.await;
import static io.recallgate.store.StoreFixture.failure;
import static io.recallgate.store.StoreFixture.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DatabaseTest {

    @Test
    void embeddedDataSurvivesStopAndStart() throws Exception {
        Vertx vertx = Vertx.vertx();
        Path dir = Files.createTempDirectory("recallgate-restart");
        try {
            StoredDecision stored;
            try (Database db = Database.start(vertx, null, dir)) {
                stored = await(new DecisionLog(vertx, db.pool()).append(record("survivor")));
            }
            assertTrue(Files.isDirectory(dir.resolve("pg")));
            try (Database db = Database.start(vertx, null, dir)) {
                DecisionLog log = new DecisionLog(vertx, db.pool());
                assertEquals(stored, await(log.findById("t1", stored.decisionId())));
                assertEquals(1, await(log.append(record("after-restart"))).logIndex());
                assertTrue(
                        await(new AuditVerifier(db.pool(), null).verify("t1")).intact());
            }
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
            StoreFixture.deleteTree(dir);
        }
    }

    @Test
    void databaseDownFailsFastAndComesBackWithoutNewObjects() throws Exception {
        try (StoreFixture fx = StoreFixture.start()) {
            DecisionLog log = new DecisionLog(fx.vertx, fx.db.pool());
            HoldStore holds = new HoldStore(fx.db.pool());
            StoredDecision before = await(log.append(record("before")));
            await(fx.db.ping());

            fx.db.stopEmbedded();
            long t0 = System.nanoTime();
            assertInstanceOf(StoreUnavailableException.class, failure(log.append(record("during"))));
            assertInstanceOf(StoreUnavailableException.class, failure(fx.db.ping()));
            assertInstanceOf(StoreUnavailableException.class, failure(log.findById("t1", before.decisionId())));
            assertInstanceOf(StoreUnavailableException.class, failure(holds.isHeld("t1", "c-1", "m-1")));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(ms < 5_000, "failures must come fast, took " + ms + " ms");

            fx.db.restartEmbedded();
            await(fx.db.ping());
            StoredDecision after = await(log.append(record("after")));
            assertEquals(before.logIndex() + 1, after.logIndex(), "the failed append wrote nothing");
            assertEquals(List.of(), await(holds.list("t1", "c-1")));
            assertTrue(fx.verify().intact());
        }
    }

    @Test
    void parsesDatabaseUrls() {
        PgConnectOptions o = Database.parseUrl("postgresql://app:s%40cret@db.example:6543/recall");
        assertEquals("app", o.getUser());
        assertEquals("s@cret", o.getPassword());
        assertEquals("db.example", o.getHost());
        assertEquals(6543, o.getPort());
        assertEquals("recall", o.getDatabase());

        PgConnectOptions d = Database.parseUrl("postgres://app@localhost/recall");
        assertEquals(5432, d.getPort());
        assertEquals("", d.getPassword(), "no password, not Vert.x's default");
        assertEquals("app", d.getUser());

        assertThrows(IllegalArgumentException.class, () -> Database.parseUrl("mysql://a@b/c"));
        assertThrows(IllegalArgumentException.class, () -> Database.parseUrl("postgresql:///nohost"));
    }

    @Test
    void refusesToStartOnAnEventLoop() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Throwable t = await(vertx.executeBlocking(() -> "ok").compose(v -> {
                try {
                    Database.start(vertx, "postgresql://a@127.0.0.1:1/x", Path.of("unused"));
                    return io.vertx.core.Future.succeededFuture((Throwable) null);
                } catch (IllegalStateException e) {
                    return io.vertx.core.Future.succeededFuture(e);
                }
            }));
            assertNotNull(t, "blocking start on an event loop must be refused");
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
