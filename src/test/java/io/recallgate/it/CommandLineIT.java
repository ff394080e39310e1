package io.recallgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as an operator meets it, in a real process: the packaged jar's {@code --version}
 * is the Maven project's version (and its manifest's), settings from the environment are checked
 * like flags, and a secret given both directly and as a file is refused.
 */
class CommandLineIT {

    @TempDir
    Path tmp;

    @Test
    void theJarsVersionIsTheProjectVersion() throws Exception {
        String expected = System.getProperty("recallgate.expected.version");
        Path jar = Path.of(System.getProperty("recallgate.jar"));
        assertNotNull(expected, "set by the failsafe configuration");
        assertTrue(Files.exists(jar), "the jar is packaged before the integration tests: " + jar);
        try (JarFile file = new JarFile(jar.toFile())) {
            assertEquals(expected, file.getManifest().getMainAttributes().getValue("Implementation-Version"));
        }
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        jar.toString(),
                        "--version")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertEquals("recallgate " + expected, out.strip());
    }

    @Test
    void aBadEnvironmentVariableIsAUsageErrorNamingIt() throws Exception {
        try (ServiceProcess p = ServiceProcess.start(List.of(), Map.of("RECALLGATE_RATE_LIMIT_BURST", "lots"))) {
            assertEquals(64, p.awaitExit(60), p.output());
            assertTrue(p.stderr().contains("RECALLGATE_RATE_LIMIT_BURST / --rate-limit-burst"), p.stderr());
            assertFalse(p.stdout().contains("listening on"), p.stdout());
        }
    }

    @Test
    void aSecretSetDirectlyAndAsAFileIsRefusedWithoutShowingIt() throws Exception {
        Path file = Files.writeString(tmp.resolve("url"), "postgresql://app:file-secret@db/recallgate\n");
        try (ServiceProcess p = ServiceProcess.start(
                List.of("serve", "--database-url-file", file.toString()),
                Map.of("RECALLGATE_DATABASE_URL", "postgresql://app:env-secret@db/recallgate"))) {
            assertEquals(64, p.awaitExit(60), p.output());
            assertTrue(
                    p.stderr().contains("RECALLGATE_DATABASE_URL (--database-url) and RECALLGATE_DATABASE_URL_FILE"),
                    p.stderr());
            assertFalse(p.output().contains("secret"), p.output());
        }
    }

    @Test
    void theDatabaseUrlFromAFileIsUsed() throws Exception {
        Path file = Files.writeString(tmp.resolve("url"), TestPostgres.url() + "\n");
        List<String> args = ServiceProcess.serveArgs();
        int at = args.indexOf("--database-url");
        args.set(at, "--database-url-file");
        args.set(at + 1, file.toString());
        try (ServiceProcess p = ServiceProcess.start(args)) {
            TestService.Response ready = new Http(p.base()).get("/health/ready");
            assertEquals(200, ready.status(), ready.body());
            p.sigterm();
            assertEquals(0, p.awaitExit(60), p.stderr());
            assertTrue(p.stdout().contains("database external"), p.stdout());
        }
    }
}
