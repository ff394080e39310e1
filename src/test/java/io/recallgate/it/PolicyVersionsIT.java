package io.recallgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recallgate.policy.RuleFile;
import io.recallgate.policy.RuleFolder;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The policy version archive (issue 10): every rule set is archived when it becomes active, at
 * start and on every reload, and {@code GET /v1/policy/versions/{version}} gives back its exact
 * files; replicas archive the same version once; an activation during a database outage is
 * archived when the database is back, without holding up the activation.
 */
class PolicyVersionsIT {

    @Test
    void theVersionActiveAtStartIsArchivedWithItsExactFiles() throws Exception {
        try (TestService service = TestService.start()) {
            String version = service.get("/v1/policy").json().getString("version");
            JsonObject archived = waitForArchived(service, version);
            assertExactly(RuleFolder.read(service.rulesDir()), archived);
            assertNotNull(Instant.parse(archived.getString("activatedAt")));

            // other tests of this run activated other versions of the shared database before; this
            // start's activation is archived asynchronously, after which the version is in force again
            waitUntil(
                    () -> listed(service, version).getValue("retiredAt") == null,
                    "this start's activation of " + version + " to be archived");
            JsonObject entry = listed(service, version);
            assertEquals(archived.getString("activatedAt"), entry.getString("activatedAt"));
            assertNull(entry.getValue("retiredAt"), "the version in force is not retired: " + entry);
        }
    }

    @Test
    void aReloadArchivesTheNewVersionRetiresTheOldAndEveryStoredDecisionResolves() throws Exception {
        try (TestService service = TestService.start()) {
            String before = service.get("/v1/policy").json().getString("version");
            JsonObject decidedBefore = decide(service);
            assertEquals(before, decidedBefore.getString("policyVersion"));
            waitForArchived(service, before);

            String after = editAndWaitForActivation(service);
            JsonObject decidedAfter = decide(service);
            assertEquals(after, decidedAfter.getString("policyVersion"));
            waitForArchived(service, after); // archiving follows activation; it never holds it up

            // each stored record's policyVersion resolves to the exact files that decided it
            for (JsonObject d : List.of(decidedBefore, decidedAfter)) {
                JsonObject stored = service.get("/v1/recall-decisions/" + d.getString("decisionId"))
                        .json();
                String version = stored.getString("policyVersion");
                TestService.Response r = service.get("/v1/policy/versions/" + version);
                assertEquals(200, r.status(), r.body());
                assertEquals(version, r.json().getString("version"));
            }
            JsonObject archivedAfter = waitForArchived(service, after);
            assertExactly(RuleFolder.read(service.rulesDir()), archivedAfter);

            JsonArray versions = service.get("/v1/policy/versions").json().getJsonArray("versions");
            assertEquals(after, versions.getJsonObject(0).getString("version"), "newest first: " + versions);
            for (int i = 1; i < versions.size(); i++) {
                assertFalse(
                        Instant.parse(versions.getJsonObject(i).getString("activatedAt"))
                                .isAfter(Instant.parse(
                                        versions.getJsonObject(i - 1).getString("activatedAt"))),
                        "newest first: " + versions);
            }
            JsonObject old = listed(service, before);
            JsonObject current = listed(service, after);
            assertNull(current.getValue("retiredAt"), current.encode());
            assertNotNull(old.getString("retiredAt"), "the replaced version is retired: " + old);
            assertEquals(current.getString("activatedAt"), old.getString("retiredAt"));
            // the old version's files are still there, unchanged
            assertNotEquals(
                    archivedAfter.getJsonArray("files"),
                    service.get("/v1/policy/versions/" + before).json().getJsonArray("files"));
        }
    }

    @Test
    void replicasAndRepeatedReloadsArchiveAVersionOnce() throws Exception {
        try (TestService one = TestService.start()) {
            Path rules = one.rulesDir();
            String unique = editAndWaitForActivation(one); // a version no other test has
            try (TestService two = TestService.start(Map.of("rules-dir", rules.toString()))) {
                assertEquals(unique, two.get("/v1/policy").json().getString("version"));
                assertEquals(
                        200, one.post("/v1/policy/reload", (JsonObject) null).status());
                assertEquals(
                        200, two.post("/v1/policy/reload", (JsonObject) null).status());
                waitUntil(() -> activations(unique) >= 4, "four activations of " + unique);
            }
            RuleFolder folder = RuleFolder.read(rules);
            assertEquals(1, count("SELECT count(*) FROM policy_versions WHERE version = ?", unique));
            assertEquals(
                    folder.files().size(),
                    count("SELECT count(*) FROM policy_version_files WHERE version = ?", unique));
            // contents are kept once, however many versions share them
            assertEquals(
                    count("SELECT count(DISTINCT sha256) FROM policy_version_files"),
                    count("SELECT count(*) FROM policy_file_contents"));
            assertExactly(folder, one.get("/v1/policy/versions/" + unique).json());
        }
    }

    @Test
    void anActivationDuringADatabaseOutageIsNotHeldUpAndIsArchivedWhenTheDatabaseIsBack() throws Exception {
        Path dir = Files.createTempDirectory("recallgate-archive-pg");
        int port = freePort();
        EmbeddedPostgres pg = startPostgres(dir, port);
        String url = "postgresql://postgres:postgres@127.0.0.1:" + port + "/postgres";
        try (TestService service = TestService.start(Map.of("database-url", url))) {
            String first = service.get("/v1/policy").json().getString("version");
            waitForArchived(service, first);

            pg.close();
            // the new rules become active while the database is down (deciding needs the database for
            // holds, so GET /v1/policy shows it)
            String during = editAndWaitForActivation(service);
            JsonObject status = service.get("/v1/policy").json();
            assertEquals("active", status.getJsonObject("lastReload").getString("status"), status.encode());
            assertEquals(503, service.get("/v1/policy/versions/" + during).status());
            waitUntil(() -> pendingArchives(service) == 1.0, "the pending archive in the metrics");

            pg = startPostgres(dir, port);
            JsonObject archived = waitForArchived(service, during);
            assertExactly(RuleFolder.read(service.rulesDir()), archived);
            assertEquals(0.0, pendingArchives(service));
            assertNotNull(listed(service, first).getString("retiredAt"));
        } finally {
            pg.close();
        }
    }

    @Test
    void unknownVersionsAre404AndMalformedOnes400() {
        try (TestService service = TestService.start()) {
            TestService.Response unknown = service.get("/v1/policy/versions/sha256:" + "0".repeat(64));
            assertEquals(404, unknown.status(), unknown.body());
            assertTrue(unknown.contentType().startsWith("application/problem+json"), unknown.contentType());

            TestService.Response malformed = service.get("/v1/policy/versions/sha256:XYZ");
            assertEquals(400, malformed.status(), malformed.body());
            assertEquals(
                    "/path/version",
                    malformed.json().getJsonArray("errors").getJsonObject(0).getString("pointer"));
        }
    }

    @Test
    void policyAndAuditorKeysMayReadTheArchiveOthersMayNot() {
        KeysFile keys = new KeysFile()
                .add("policy", "t-" + UUID.randomUUID(), "policy")
                .add("auditor", "t-" + UUID.randomUUID(), "auditor")
                .add("platform", "t-" + UUID.randomUUID(), "platform,dispute")
                .write();
        try (TestService service =
                TestService.start(Map.of("api-keys-file", keys.path().toString()))) {
            String version = service.send("GET", "/v1/policy", null, keys.bearer("policy"))
                    .json()
                    .getString("version");
            for (String path : List.of("/v1/policy/versions", "/v1/policy/versions/" + version)) {
                waitUntil(
                        () -> service.send("GET", path, null, keys.bearer("policy"))
                                        .status()
                                == 200,
                        "policy reads " + path);
                assertEquals(
                        200,
                        service.send("GET", path, null, keys.bearer("auditor")).status(),
                        path);
                assertEquals(
                        403,
                        service.send("GET", path, null, keys.bearer("platform")).status(),
                        path);
                assertEquals(401, service.get(path).status(), path);
            }
        }
    }

    // ---- helpers ----

    /** The archived files are exactly the folder's: same paths, digests and bytes, and they hash to the version. */
    static void assertExactly(RuleFolder folder, JsonObject archived) throws Exception {
        assertEquals(folder.version(), archived.getString("version"));
        JsonArray files = archived.getJsonArray("files");
        assertEquals(folder.files().size(), files.size(), files.encode());
        for (int i = 0; i < files.size(); i++) {
            RuleFile expected = folder.files().get(i);
            JsonObject f = files.getJsonObject(i);
            assertEquals(expected.path(), f.getString("path"));
            assertEquals(expected.sha256(), f.getString("sha256"));
            byte[] content = "base64".equals(f.getString("encoding"))
                    ? java.util.Base64.getDecoder().decode(f.getString("content"))
                    : f.getString("content").getBytes(StandardCharsets.UTF_8);
            assertTrue(java.util.Arrays.equals(expected.content(), content), expected.path() + " differs");
            assertEquals(
                    expected.sha256(),
                    HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
        }
    }

    /** Appends a comment to a DRL file: a new version that decides exactly as before. */
    static String editAndWaitForActivation(TestService service) throws Exception {
        Path drl;
        try (Stream<Path> s = Files.list(service.rulesDir())) {
            drl = s.filter(p -> p.toString().endsWith(".drl"))
                    .sorted()
                    .findFirst()
                    .orElseThrow();
        }
        PolicyReloadIT.atomicWrite(drl, Files.readString(drl) + "\n// edited by a test " + UUID.randomUUID() + "\n");
        String expected = RuleFolder.read(service.rulesDir()).version();
        waitUntil(
                () -> expected.equals(service.get("/v1/policy").json().getString("version")),
                "activation of " + expected);
        return expected;
    }

    static JsonObject waitForArchived(TestService service, String version) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        TestService.Response r;
        do {
            r = service.get("/v1/policy/versions/" + version);
            if (r.status() == 200) {
                return r.json();
            }
            Thread.sleep(100);
        } while (System.nanoTime() < end);
        throw new AssertionError("version " + version + " was not archived: " + r.status() + " " + r.body());
    }

    static JsonObject listed(TestService service, String version) {
        JsonArray versions = service.get("/v1/policy/versions").json().getJsonArray("versions");
        for (int i = 0; i < versions.size(); i++) {
            if (version.equals(versions.getJsonObject(i).getString("version"))) {
                return versions.getJsonObject(i);
            }
        }
        throw new AssertionError(version + " is not listed: " + versions);
    }

    private static JsonObject decide(TestService service) {
        TestService.Response r = service.post("/v1/recall-decisions", Requests.recall("after_sales", "ok", 30));
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    private static double pendingArchives(TestService service) {
        String metrics = service.get("/metrics").body();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("recallgate_policy_archive_pending ")) {
                return Double.parseDouble(line.substring(line.indexOf(' ') + 1).trim());
            }
        }
        throw new AssertionError("no recallgate_policy_archive_pending in /metrics");
    }

    private static long activations(String version) {
        try {
            return count("SELECT count(*) FROM policy_activations WHERE version = ?", version);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(String sql, String... params) throws Exception {
        try (Connection c = Jdbc.connect(TestPostgres.url());
                PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setString(i + 1, params[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static void waitUntil(BooleanSupplier done, String what) {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static EmbeddedPostgres startPostgres(Path dir, int port) throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
