package io.recallgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 §1, the one restart that failed (team/restart-failure.log): a SIGTERM that reached the
 * service while it was starting took the JVM's default path. Its shutdown hooks stopped the
 * logging and the embedded PostgreSQL under the start that was still migrating, and the service
 * exited with "could not start: ... This connection has been closed" (Flyway's connection was cut
 * by that very stop) and the signal's status 143 instead of a clean stop.
 *
 * <p>Here the signal comes as soon as the embedded server says it is ready, while Flyway and the
 * rest of the start still run: the service must finish starting, stop cleanly (exit 0, its
 * PostgreSQL stopped) and start again on the same data directory.
 */
class StopWhileStartingIT {

    private static final String PG_READY = "database system is ready to accept connections";

    @Test
    void aSigtermWhileStartingStopsCleanlyAndTheNextStartWorks() throws Exception {
        Path rules = Files.createTempDirectory("recallgate-stop-starting-rules");
        TestService.copyTree(Path.of("rules"), rules);
        Path data = Files.createTempDirectory("recallgate-stop-starting-data");
        List<String> flags = List.of(
                "--http-port",
                "0",
                "--http-instances",
                "1",
                "--rules-dir",
                rules.toString(),
                "--data-dir",
                data.toString());
        try {
            ServiceProcess starting = ServiceProcess.start(concat("serve", flags));
            try {
                awaitLine(starting, PG_READY);
                starting.sigterm();
                int exit = starting.awaitExit(120);
                String out = starting.output();
                assertEquals(0, exit, "a SIGTERM while starting is a clean stop: " + out);
                assertFalse(out.contains("could not start"), out);
                assertFalse(out.contains("listening on http://"), "the signal came while it was starting: " + out);
                assertTrue(out.contains("stop requested while starting"), out);
                assertTrue(EmbeddedPostmaster.pid(data).isEmpty(), "its PostgreSQL was stopped: " + out);
            } finally {
                starting.close();
            }

            ServiceProcess again = ServiceProcess.serve(flags);
            try {
                assertEquals(200, new Http(again.base()).get("/health/ready").status(), again.output());
                again.sigterm();
                assertEquals(0, again.awaitExit(60), again.output());
            } finally {
                again.close();
            }
        } finally {
            EmbeddedPostmaster.removeDataDir(data);
        }
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new java.util.ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    /** Waits (120 s at most) until the process wrote a line containing {@code text}. */
    private static void awaitLine(ServiceProcess p, String text) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
        while (!p.output().contains(text)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("no line '" + text + "': " + p.output());
            }
            Thread.sleep(10);
        }
    }
}
