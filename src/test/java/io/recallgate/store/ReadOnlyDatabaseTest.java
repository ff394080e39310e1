package io.recallgate.store;

import static io.recallgate.store.StoreFixture.await;
import static io.recallgate.store.StoreFixture.failure;
import static io.recallgate.store.StoreFixture.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recallgate.store.embedded.EmbeddedCluster;
import io.recallgate.store.embedded.PostgresSupervisor;
import io.recallgate.store.embedded.Postmasters;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 §6: {@link Database#openReadOnly} (what {@code verify-audit} uses) creates and migrates
 * nothing, refuses what is not a Recall Gate database, reads beside a running service, and no
 * session it opens can write.
 */
class ReadOnlyDatabaseTest {

    @Test
    void aMissingOrEmptyDataDirectoryIsAnErrorAndNothingIsCreated() throws Exception {
        Vertx vertx = Vertx.vertx();
        Path parent = Files.createTempDirectory("recallgate-readonly");
        try {
            Path typo = parent.resolve("dtaa");
            IllegalArgumentException missing =
                    assertThrows(IllegalArgumentException.class, () -> Database.openReadOnly(vertx, null, typo));
            assertTrue(missing.getMessage().contains("no data directory"), missing.getMessage());
            assertFalse(Files.exists(typo), "nothing is created");

            Path empty = Files.createDirectory(parent.resolve("empty"));
            IllegalArgumentException none =
                    assertThrows(IllegalArgumentException.class, () -> Database.openReadOnly(vertx, null, empty));
            assertTrue(none.getMessage().contains("no embedded database"), none.getMessage());
            try (var entries = Files.list(empty)) {
                assertEquals(0, entries.count(), "nothing is created in it");
            }
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
            StoreFixture.deleteTree(parent);
        }
    }

    @Test
    void readsBesideTheRunningDatabaseAndCannotWrite() throws Exception {
        try (StoreFixture fx = StoreFixture.start()) {
            StoredDecision stored = await(new DecisionLog(fx.vertx, fx.db.pool()).append(record("r-1")));
            try (Database ro = Database.openReadOnly(fx.vertx, null, fx.dir)) {
                assertEquals(
                        fx.db.connectOptions().getPort(), ro.connectOptions().getPort(), "the running server");
                assertTrue(
                        await(new AuditVerifier(ro.pool(), null).verify("t1")).intact());
                assertEquals(stored, await(new DecisionLog(fx.vertx, ro.pool()).findById("t1", stored.decisionId())));
                Throwable write = failure(ro.pool().query("DELETE FROM holds").execute());
                assertTrue(write.getMessage().contains("read-only"), write.getMessage());
            }
            await(fx.db.ping()); // the service's database is untouched
        }
    }

    @Test
    void withNoServerRunningItStartsOneOnTheFilesAndStopsIt() throws Exception {
        Vertx vertx = Vertx.vertx();
        Path dir = Files.createTempDirectory("recallgate-readonly-own");
        try {
            try (Database db = Database.start(vertx, null, dir)) {
                await(new DecisionLog(vertx, db.pool()).append(record("r-1")));
            }
            try (Database ro = Database.openReadOnly(vertx, null, dir)) {
                AuditVerifier.AuditReport report = await(new AuditVerifier(ro.pool(), null).verify("t1"));
                assertTrue(report.intact());
                assertEquals(1, report.entries());
                assertTrue(Postmasters.read(dir.resolve("pg")).isPresent());
            }
            assertTrue(Postmasters.read(dir.resolve("pg")).isEmpty(), "its own server is stopped at close");
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
            StoreFixture.deleteTree(dir);
        }
    }

    /** A PostgreSQL without Recall Gate's tables is refused, embedded or by URL, and left as it was. */
    @Test
    void aDatabaseNoServiceHasMigratedIsRefusedAndNotMigrated() throws Exception {
        Vertx vertx = Vertx.vertx();
        Path dir = Files.createTempDirectory("recallgate-readonly-bare");
        try {
            EmbeddedCluster bare = EmbeddedCluster.in(dir);
            bare.initdbIfMissing();
            IllegalStateException embedded =
                    assertThrows(IllegalStateException.class, () -> Database.openReadOnly(vertx, null, dir));
            assertTrue(embedded.getMessage().contains("no Recall Gate tables"), embedded.getMessage());

            assertTrue(bare.tryLock());
            try (PostgresSupervisor pg = PostgresSupervisor.start(bare, Duration.ofSeconds(60))) {
                String url = "postgresql://postgres@127.0.0.1:" + pg.port() + "/postgres";
                IllegalStateException external =
                        assertThrows(IllegalStateException.class, () -> Database.openReadOnly(vertx, url, dir));
                assertTrue(external.getMessage().contains("no Recall Gate tables"), external.getMessage());
                assertFalse(external.getMessage().contains("postgres@"), "no credentials in the message");
                try (Connection c = DriverManager.getConnection(
                                "jdbc:postgresql://127.0.0.1:" + pg.port() + "/postgres", "postgres", "");
                        Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")) {
                    rs.next();
                    assertEquals(0, rs.getInt(1), "no table was created");
                }
            } finally {
                bare.close();
            }
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
            StoreFixture.deleteTree(dir);
        }
    }
}
