package io.recallgate.store;

import static io.recallgate.store.StoreFixture.await;
import static io.recallgate.store.StoreFixture.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recallgate.store.embedded.Postmasters;
import io.vertx.core.Future;
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

    /**
     * Issue 9 §2: the embedded postmaster is killed under a running Database. Every call made
     * while it is down fails fast with StoreUnavailableException; the supervisor starts it again
     * and the same pool reaches it; nothing acknowledged is lost and a failed append wrote nothing.
     */
    @Test
    void aKilledPostmasterIsRestartedAndThePoolReconnects() throws Exception {
        try (StoreFixture fx = StoreFixture.start()) {
            DecisionLog log = new DecisionLog(fx.vertx, fx.db.pool());
            HoldStore holds = new HoldStore(fx.db.pool());
            StoredDecision before = await(log.append(record("before")));
            Path pg = fx.dir.resolve("pg");
            long killed = Postmasters.read(pg).orElseThrow().pid();
            int port = fx.db.connectOptions().getPort();

            ProcessHandle postmaster = ProcessHandle.of(killed).orElseThrow();
            postmaster.destroyForcibly();
            postmaster.onExit().get(30, TimeUnit.SECONDS);

            int failedWhileDown = 0;
            int appended = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            for (int i = 0; !isUp(pg, killed); i++) {
                assertTrue(System.nanoTime() < deadline, "the postmaster was not restarted within 30 s");
                long t0 = System.nanoTime();
                List<Future<?>> calls = List.of(
                        log.append(record("during-" + i)),
                        fx.db.ping(),
                        log.findById("t1", before.decisionId()),
                        holds.isHeld("t1", "c-1", "m-1"));
                Future.join(calls).otherwiseEmpty().await(60, TimeUnit.SECONDS);
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                if (calls.get(0).succeeded()) {
                    appended++;
                }
                if (!isUp(pg, killed)) { // still down after the calls: each of them must have failed
                    for (Future<?> call : calls) {
                        assertInstanceOf(StoreUnavailableException.class, call.cause());
                    }
                    assertTrue(ms < 5_000, "failures must come fast, took " + ms + " ms");
                    failedWhileDown++;
                }
                Thread.sleep(20);
            }
            assertTrue(failedWhileDown > 0, "no call was made while the database was down");

            await(fx.db.ping());
            assertEquals(port, fx.db.connectOptions().getPort(), "restarted on the same port");
            assertEquals(before, await(log.findById("t1", before.decisionId())));
            StoredDecision after = await(log.append(record("after")));
            assertEquals(before.logIndex() + appended + 1, after.logIndex(), "a failed append wrote nothing");
            assertEquals(List.of(), await(holds.list("t1", "c-1")));
            assertTrue(fx.verify().intact());
        }
    }

    /** A postmaster other than {@code killed} runs on {@code pg} and says it is ready. */
    private static boolean isUp(Path pg, long killed) {
        try {
            return Postmasters.read(pg)
                    .filter(p -> p.pid() != killed && p.ready() && Postmasters.isPostmasterOf(p, pg))
                    .isPresent();
        } catch (RuntimeException e) {
            return false; // being written
        }
    }

    /**
     * Issue 9 §1: {@code postmaster.pid} names a PID that is alive but is no postmaster of this
     * data directory (PIDs are recycled: a container starts them again from 1). PostgreSQL alone
     * would refuse to start for good; the file is recognised as stale. A postmaster of ANOTHER
     * data directory under that PID is left alone.
     */
    @Test
    void aPostmasterPidNamingAnotherLiveProcessDoesNotBlockTheStart() throws Exception {
        Vertx vertx = Vertx.vertx();
        Path dir = Files.createTempDirectory("recallgate-stale-pid");
        Path other = Files.createTempDirectory("recallgate-other-pg");
        Process sleeper = new ProcessBuilder("sleep", "120").start();
        try {
            StoredDecision stored;
            try (Database db = Database.start(vertx, null, dir)) {
                stored = await(new DecisionLog(vertx, db.pool()).append(record("kept")));
            }
            Path pid = dir.resolve("pg").resolve(Postmasters.FILE);
            assertFalse(Files.exists(pid), "a clean stop removes postmaster.pid");

            Files.writeString(pid, staleFile(sleeper.pid(), dir));
            try (Database db = Database.start(vertx, null, dir)) {
                assertEquals(stored, await(new DecisionLog(vertx, db.pool()).findById("t1", stored.decisionId())));
            }
            assertTrue(sleeper.isAlive(), "the process whose PID was recycled is not touched");

            try (Database another = Database.start(vertx, null, other)) {
                long otherPostmaster =
                        Postmasters.read(other.resolve("pg")).orElseThrow().pid();
                Files.writeString(pid, staleFile(otherPostmaster, dir));
                try (Database db = Database.start(vertx, null, dir)) {
                    assertTrue(await(new AuditVerifier(db.pool(), null).verify("t1"))
                            .intact());
                }
                assertTrue(ProcessHandle.of(otherPostmaster)
                        .map(ProcessHandle::isAlive)
                        .orElse(false));
                await(another.ping());
            }

            Files.writeString(pid, ""); // a crash while PostgreSQL wrote it
            try (Database db = Database.start(vertx, null, dir)) {
                await(db.ping());
            }
        } finally {
            sleeper.destroyForcibly();
            vertx.close().await(10, TimeUnit.SECONDS);
            StoreFixture.deleteTree(dir);
            StoreFixture.deleteTree(other);
        }
    }

    /** What PostgreSQL 14 writes, with this PID. */
    private static String staleFile(long pid, Path dataDir) {
        return pid + "\n" + dataDir.resolve("pg") + "\n1700000000\n5432\n\n127.0.0.1\n  5432001    32768\nready   \n";
    }

    @Test
    void oneDataDirectoryServesOneProcess() throws Exception {
        Vertx vertx = Vertx.vertx();
        Path dir = Files.createTempDirectory("recallgate-one-owner");
        try (Database db = Database.start(vertx, null, dir)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Database.start(vertx, null, dir));
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
            await(db.ping()); // the refused second start left the first one running
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
            StoreFixture.deleteTree(dir);
        }
    }

    @Test
    void theEmbeddedDatabaseKeepsEverythingUnderTheDataDirectory() throws Exception {
        Vertx vertx = Vertx.vertx();
        Path dir = Files.createTempDirectory("recallgate-layout");
        try (Database db = Database.start(vertx, null, dir)) {
            await(db.ping());
            long pid = Postmasters.read(dir.resolve("pg")).orElseThrow().pid();
            String exe = ProcessHandle.of(pid).orElseThrow().info().command().orElseThrow();
            assertTrue(Path.of(exe).startsWith(dir.resolve("pg-binaries").toRealPath()), exe);
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
            StoreFixture.deleteTree(dir);
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
