package io.recallgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recallgate.store.Database;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 §1: a service that dies while it migrates its database (SIGKILL, OOM kill, a liveness
 * probe during a slow first start) must start on the next attempt. Flyway's default for
 * PostgreSQL ran each migration on one connection and wrote its row in {@code
 * flyway_schema_history} on another, committed after it: a death between the two commits left a
 * migration applied but not recorded, and every later start tried to apply it again ("relation
 * decisions already exists") and exited, for good.
 *
 * <p>The test makes that moment last: a deferred trigger on {@code flyway_schema_history} sleeps
 * when the row of version 1 is committed, which is the last thing that happens before version 1
 * counts as applied. While it sleeps, every connection of the migrating service is cut, as the
 * death of its process would (uncommitted work is rolled back); then the service starts again.
 */
class MigrationCrashIT {

    @Test
    void aServiceThatDiesWhileMigratingStartsAgain() throws Exception {
        String db = "migration_crash_" + System.nanoTime();
        try (Connection admin = Jdbc.connect(TestPostgres.url());
                Statement st = admin.createStatement()) {
            st.execute("CREATE DATABASE " + db);
        }
        String url = TestPostgres.url().replaceFirst("/postgres$", "/" + db);
        try (Connection c = Jdbc.connect(url);
                Statement st = c.createStatement()) {
            // outside "public", which Flyway requires empty for a first migration
            st.execute("CREATE SCHEMA crash_test");
            st.execute("CREATE FUNCTION crash_test.stall() RETURNS trigger LANGUAGE plpgsql AS"
                    + " $$ BEGIN PERFORM pg_sleep(600); RETURN NULL; END $$");
            // Flyway creates its history table itself: the stall is attached as it appears
            st.execute("CREATE FUNCTION crash_test.attach_stall() RETURNS event_trigger LANGUAGE plpgsql AS $$"
                    + " BEGIN"
                    + "   IF EXISTS (SELECT 1 FROM pg_event_trigger_ddl_commands()"
                    + "              WHERE object_identity = 'public.flyway_schema_history') THEN"
                    + "     CREATE CONSTRAINT TRIGGER stall_commit AFTER INSERT ON flyway_schema_history"
                    + "       DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.version = '1')"
                    + "       EXECUTE FUNCTION crash_test.stall();"
                    + "   END IF;"
                    + " END $$");
            st.execute("CREATE EVENT TRIGGER attach_stall ON ddl_command_end WHEN TAG IN ('CREATE TABLE')"
                    + " EXECUTE FUNCTION crash_test.attach_stall()");
        }

        Vertx vertx = Vertx.vertx();
        Path dataDir = Files.createTempDirectory("recallgate-migration-crash");
        try {
            CompletableFuture<Database> first =
                    CompletableFuture.supplyAsync(() -> Database.start(vertx, url, dataDir));
            List<Integer> stalled = awaitStalledCommit(db, first);
            assertEquals(1, stalled.size(), "one connection commits version 1: " + stalled);

            // the "death": no more DDL hooks, then every connection of the service at once
            try (Connection c = Jdbc.connect(url);
                    Statement st = c.createStatement()) {
                st.execute("DROP EVENT TRIGGER attach_stall");
                st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        + " WHERE datname = current_database() AND pid <> pg_backend_pid()");
            }
            try {
                first.get(60, TimeUnit.SECONDS).close();
            } catch (java.util.concurrent.ExecutionException expected) {
                // its connections were cut
            }
            try (Connection c = Jdbc.connect(url);
                    Statement st = c.createStatement()) {
                st.execute("DROP TRIGGER IF EXISTS stall_commit ON flyway_schema_history");
            }

            try (Database again = Database.start(vertx, url, dataDir)) {
                assertTrue(again.pool() != null);
            }
            try (Connection c = Jdbc.connect(url);
                    Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery(
                            "SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank")) {
                List<String> applied = new ArrayList<>();
                while (rs.next()) {
                    applied.add(rs.getString(1));
                }
                assertEquals(
                        List.of("1", "2", "3", "4", "5", "6"), applied, "every migration applied once, and recorded");
            }
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
            Files.deleteIfExists(dataDir);
            try (Connection admin = Jdbc.connect(TestPostgres.url());
                    Statement st = admin.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            }
        }
    }

    private static String activity(Connection c, String db) throws Exception {
        StringBuilder out = new StringBuilder();
        try (var ps = c.prepareStatement("SELECT pid, state, wait_event_type, wait_event, left(query, 100)"
                + " FROM pg_stat_activity WHERE datname = ?")) {
            ps.setString(1, db);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.append("\n  ")
                            .append(rs.getInt(1))
                            .append(' ')
                            .append(rs.getString(2))
                            .append(' ')
                            .append(rs.getString(3))
                            .append('/')
                            .append(rs.getString(4))
                            .append(' ')
                            .append(rs.getString(5));
                }
            }
        }
        return out.toString();
    }

    /** The backends of {@code db} sleeping in the stall trigger, once there is one (60 s at most). */
    private static List<Integer> awaitStalledCommit(String db, CompletableFuture<Database> start) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        try (Connection c = Jdbc.connect(TestPostgres.url())) {
            while (true) {
                List<Integer> pids = new ArrayList<>();
                try (var ps = c.prepareStatement(
                        "SELECT pid FROM pg_stat_activity WHERE datname = ? AND wait_event = 'PgSleep'")) {
                    ps.setString(1, db);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            pids.add(rs.getInt(1));
                        }
                    }
                }
                if (!pids.isEmpty()) {
                    return pids;
                }
                if (start.isDone()) {
                    start.get().close();
                    throw new AssertionError("the migration ended without reaching the commit of version 1");
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the migration never reached the commit of version 1: " + activity(c, db));
                }
                Thread.sleep(50);
            }
        }
    }
}
