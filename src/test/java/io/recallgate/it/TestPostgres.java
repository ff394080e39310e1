package io.recallgate.it;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One real PostgreSQL for the whole test run, started by the tests themselves. Service instances
 * under test connect to it by URL, exactly as production replicas share one database.
 */
public final class TestPostgres {

    private static EmbeddedPostgres pg;

    private TestPostgres() {}

    public static synchronized String url() {
        if (pg == null) {
            try {
                Path dir = Files.createTempDirectory("recallgate-test-pg");
                pg = EmbeddedPostgres.builder()
                        .setDataDirectory(dir)
                        .setCleanDataDirectory(true)
                        .setServerConfig("max_connections", "300")
                        .setPGStartupWait(Duration.ofSeconds(60))
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException ignored) {
                    // the JVM is exiting; the temporary directory goes with it
                }
            }));
        }
        return "postgresql://postgres:postgres@127.0.0.1:" + pg.getPort() + "/postgres";
    }
}
