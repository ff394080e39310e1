package io.recallgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recallgate.cli.VerifyLogCli;
import io.recallgate.client.VerifyLog;
import io.recallgate.tlog.Checkpoint;
import io.recallgate.tlog.CompactRange;
import io.recallgate.tlog.InclusionProofs;
import io.recallgate.tlog.Merkle;
import io.recallgate.tlog.NoteKeys;
import io.recallgate.tlog.ProofVerifier;
import io.recallgate.tlog.SignedNote;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.erdtman.jcs.JsonCanonicalizer;
import org.junit.jupiter.api.Test;

/**
 * The verifiable decision log over HTTP, as a client, an auditor and an outside monitor see it:
 * leaves recomputed from the API's answers, checkpoints checked with the served key, proofs,
 * tenant isolation, request validation, and a log rewritten in the database behind the service's
 * back (every hash recomputed) caught by {@code verify-log} holding an earlier checkpoint.
 */
class TransparencyLogIT {

    private final String tenant = "tl-" + System.nanoTime();
    private final String other = "tu-" + System.nanoTime();

    private KeysFile keys() {
        return new KeysFile()
                .add("auditor", tenant, "platform,auditor")
                .add("platform", tenant, "platform")
                .add("dispute", tenant, "dispute")
                .add("other", other, "platform,auditor")
                .write();
    }

    private static JsonObject decide(TestService s, KeysFile keys) {
        TestService.Response r = s.send(
                "POST",
                "/v1/recall-decisions",
                Requests.recall("after_sales", "card 6222021001123456789", 30).encode(),
                keys.bearer("platform"));
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    private static TestService.Response get(TestService s, KeysFile keys, String label, String path) {
        return s.send("GET", path, null, keys.bearer(label));
    }

    /** What anyone holding the API's answer can do: drop the log fields, canonicalize (RFC 8785), hash. */
    static byte[] leafFromAnswer(JsonObject stored) throws Exception {
        JsonObject entry = stored.copy();
        entry.remove("logIndex");
        entry.remove("leafHash");
        return Merkle.leafHash(
                new JsonCanonicalizer(entry.encode()).getEncodedString().getBytes(StandardCharsets.UTF_8));
    }

    static List<byte[]> hashes(JsonObject proof) {
        List<byte[]> out = new ArrayList<>();
        proof.getJsonArray("proof").forEach(h -> out.add(Base64.getDecoder().decode((String) h)));
        return out;
    }

    private int verifyLog(TestService s, KeysFile keys, String vkey, Path state, StringBuilder output) {
        CliRun run = CliRun.run(
                VerifyLogCli::new,
                Map.of(VerifyLog.API_KEY_ENV, keys.key("auditor")),
                "--url",
                "http://127.0.0.1:" + s.port(),
                "--key",
                vkey,
                "--state",
                state.toString());
        output.append(run.out()).append(run.err());
        return run.code();
    }

    @Test
    void decisionsAreProvablyInTheSignedLogAndTenantsSeeOnlyTheirOwn() throws Exception {
        KeysFile keys = keys();
        try (TestService s =
                TestService.start(Map.of("api-keys-file", keys.path().toString()))) {
            List<JsonObject> decided = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                decided.add(decide(s, keys));
            }
            String vkey = get(s, keys, "auditor", "/v1/audit/log-key").body().strip();
            assertEquals(TestKeys.vkey(), vkey);
            NoteKeys.Verifier verifier = NoteKeys.parseVerifier(vkey);

            TestService.Response cpr = get(s, keys, "platform", "/v1/audit/checkpoint");
            assertEquals(200, cpr.status(), cpr.body());
            assertTrue(cpr.contentType().startsWith("text/plain"), cpr.contentType());
            Checkpoint cp = Checkpoint.parse(SignedNote.open(cpr.body(), verifier));
            assertEquals("recallgate.local/" + tenant, cp.origin());
            assertEquals(7, cp.size(), "covers every decision acknowledged before it was asked for");

            for (JsonObject d : decided) {
                JsonObject stored = get(s, keys, "auditor", "/v1/recall-decisions/" + d.getString("decisionId"))
                        .json();
                assertEquals(
                        Base64.getEncoder().encodeToString(leafFromAnswer(stored)),
                        stored.getString("leafHash"),
                        "the leaf is recomputable from the answer");
                for (String gone : List.of("seq", "prevHash", "hash", "recordedAt", "requestId", "scenario")) {
                    assertFalse(stored.containsKey(gone), gone);
                }
                TestService.Response pr = get(
                        s,
                        keys,
                        "auditor",
                        "/v1/audit/proof/inclusion?decisionId=" + d.getString("decisionId") + "&treeSize=" + cp.size());
                assertEquals(200, pr.status(), pr.body());
                JsonObject p = pr.json();
                assertEquals(stored.getLong("logIndex"), p.getLong("logIndex"));
                assertEquals(stored.getString("leafHash"), p.getString("leafHash"));
                assertTrue(InclusionProofs.verify(
                        p.getLong("logIndex"), cp.size(), leafFromAnswer(stored), hashes(p), cp.root()));
            }

            // consistency between two checkpoints
            decide(s, keys);
            Thread.sleep(1_000);
            Checkpoint cp2 = Checkpoint.parse(SignedNote.open(
                    get(s, keys, "auditor", "/v1/audit/checkpoint").body(), verifier));
            assertEquals(8, cp2.size());
            JsonObject c = get(s, keys, "auditor", "/v1/audit/proof/consistency?from=7&to=8")
                    .json();
            assertTrue(ProofVerifier.verifyConsistency(7, 8, cp.root(), cp2.root(), hashes(c)));

            JsonObject verify = get(s, keys, "auditor", "/v1/audit/verify").json();
            assertEquals(new JsonObject().put("intact", true).put("entries", 8).put("firstBrokenSeq", null), verify);

            // another tenant: its own empty log, and this tenant's decisions are unknown to it
            Checkpoint theirs = Checkpoint.parse(SignedNote.open(
                    get(s, keys, "other", "/v1/audit/checkpoint").body(), verifier));
            assertEquals("recallgate.local/" + other, theirs.origin());
            assertEquals(0, theirs.size());
            String id = decided.get(0).getString("decisionId");
            assertEquals(
                    404,
                    get(s, keys, "other", "/v1/audit/proof/inclusion?decisionId=" + id + "&treeSize=1")
                            .status());
            assertEquals(
                    400,
                    get(s, keys, "other", "/v1/audit/proof/consistency?from=0&to=1")
                            .status());
            assertEquals(
                    new JsonObject().put("intact", true).put("entries", 0).put("firstBrokenSeq", null),
                    get(s, keys, "other", "/v1/audit/verify").json());

            // roles: a dispute key reads no log; a platform key may not run verify
            assertEquals(403, get(s, keys, "dispute", "/v1/audit/checkpoint").status());
            assertEquals(
                    403,
                    get(s, keys, "dispute", "/v1/audit/proof/consistency?from=1&to=2")
                            .status());
            assertEquals(403, get(s, keys, "platform", "/v1/audit/verify").status());
            assertEquals(401, s.get("/v1/audit/log-key").status());

            // validation through the contract
            assertPointer(get(s, keys, "auditor", "/v1/audit/proof/inclusion?decisionId=" + id), "/query/treeSize");
            assertPointer(
                    get(s, keys, "auditor", "/v1/audit/proof/inclusion?decisionId=" + id + "&treeSize=x1"),
                    "/query/treeSize");
            assertPointer(
                    get(s, keys, "auditor", "/v1/audit/proof/inclusion?decisionId=" + id + "&treeSize=99"),
                    "/query/treeSize");
            assertPointer(
                    get(s, keys, "auditor", "/v1/audit/proof/inclusion?decisionId=" + id + "&treeSize=0"),
                    "/query/treeSize");
            assertPointer(get(s, keys, "auditor", "/v1/audit/proof/inclusion?treeSize=3"), "/query/decisionId");
            assertPointer(get(s, keys, "auditor", "/v1/audit/proof/consistency?from=5&to=3"), "/query/from");
            assertPointer(get(s, keys, "auditor", "/v1/audit/proof/consistency?from=-1&to=3"), "/query/from");
            assertPointer(get(s, keys, "auditor", "/v1/audit/proof/consistency?from=1&to=9"), "/query/to");
            assertEquals(
                    404,
                    get(s, keys, "auditor", "/v1/audit/proof/inclusion?decisionId=nope&treeSize=1")
                            .status());
        }
    }

    private static void assertPointer(TestService.Response r, String pointer) {
        assertEquals(400, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        assertEquals(pointer, r.json().getJsonArray("errors").getJsonObject(0).getString("pointer"), r.body());
    }

    @Test
    void aLogRewrittenWithRecomputedHashesIsCaughtByAMonitorHoldingAnEarlierCheckpoint() throws Exception {
        KeysFile keys = keys();
        Path state = Files.createTempDirectory("recallgate-monitor").resolve("checkpoint");
        String vkey = TestKeys.vkey();
        List<String> ids = new ArrayList<>();
        try (TestService s =
                TestService.start(Map.of("api-keys-file", keys.path().toString()))) {
            for (int i = 0; i < 5; i++) {
                ids.add(decide(s, keys).getString("decisionId"));
            }
            StringBuilder out = new StringBuilder();
            assertEquals(VerifyLog.OK, verifyLog(s, keys, vkey, state, out), out.toString());
            assertTrue(Files.readString(state).startsWith("recallgate.local/" + tenant + "\n5\n"));
            ids.add(decide(s, keys).getString("decisionId"));
            Thread.sleep(1_000);
            out.setLength(0);
            assertEquals(VerifyLog.OK, verifyLog(s, keys, vkey, state, out), out.toString());
            assertTrue(out.toString().contains("consistent with size 5"), out.toString());

            // a wrong key, or an altered saved checkpoint, fails
            Path altered = state.resolveSibling("altered");
            Files.writeString(altered, Files.readString(state).replace("\n6\n", "\n4\n"));
            out.setLength(0);
            assertEquals(VerifyLog.FAILED, verifyLog(s, keys, vkey, altered, out), out.toString());
            out.setLength(0);
            String stranger = NoteKeys.generate("recallgate.local").verifier().vkey();
            assertEquals(
                    VerifyLog.FAILED, verifyLog(s, keys, stranger, state.resolveSibling("fresh"), out), out.toString());
        }

        // someone with write access changes a decision and recomputes every leaf, node and the
        // head, and removes the stored checkpoint that would betray the change
        rewrite(keys, ids.get(2));
        try (TestService s =
                TestService.start(Map.of("api-keys-file", keys.path().toString()))) {
            decide(s, keys);
            // the rebuilt tree fits its rows, and no signed checkpoint remains in the database...
            JsonObject verify = get(s, keys, "auditor", "/v1/audit/verify").json();
            assertTrue(verify.getBoolean("intact"), verify.encode());
            // ...but the monitor kept one from before the rewrite
            StringBuilder out = new StringBuilder();
            assertEquals(VerifyLog.FAILED, verifyLog(s, keys, vkey, state, out), out.toString());
            assertTrue(out.toString().contains("not consistent"), out.toString());
            assertTrue(Files.readString(state).startsWith("recallgate.local/" + tenant + "\n6\n"), "state kept");
        }
    }

    /** The rewrite, done from outside through the database and the API's own entry format. */
    private void rewrite(KeysFile keys, String decisionId) throws Exception {
        try (Connection c = Jdbc.connect(TestPostgres.url())) {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE decisions SET requester_id = 'someone-else' WHERE tenant = ? AND decision_id = ?::uuid")) {
                ps.setString(1, tenant);
                ps.setString(2, decisionId);
                assertEquals(1, ps.executeUpdate());
            }
        }
        // the entries as the API would now show them
        List<byte[]> leaves = new ArrayList<>();
        try (TestService s =
                        TestService.start(Map.of("api-keys-file", keys.path().toString()));
                Connection c = Jdbc.connect(TestPostgres.url());
                PreparedStatement ps = c.prepareStatement(
                        "SELECT decision_id::text FROM decisions WHERE tenant = ? ORDER BY log_index")) {
            ps.setString(1, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    leaves.add(leafFromAnswer(get(s, keys, "auditor", "/v1/recall-decisions/" + rs.getString(1))
                            .json()));
                }
            }
        }
        try (Connection c = Jdbc.connect(TestPostgres.url())) {
            c.setAutoCommit(false);
            CompactRange edge = new CompactRange();
            try (PreparedStatement del = c.prepareStatement("DELETE FROM tlog_nodes WHERE tenant = ?");
                    PreparedStatement ins = c.prepareStatement(
                            "INSERT INTO tlog_nodes (tenant, level, idx, hash) VALUES (?, ?, ?, ?)");
                    PreparedStatement head = c.prepareStatement(
                            "UPDATE tlog_heads SET tree_size = ?, edge = ?, root = ? WHERE tenant = ?");
                    PreparedStatement cps = c.prepareStatement("DELETE FROM tlog_checkpoints WHERE tenant = ?")) {
                del.setString(1, tenant);
                del.executeUpdate();
                for (byte[] leaf : leaves) {
                    edge.append(leaf, (level, idx, hash) -> {
                        try {
                            ins.setString(1, tenant);
                            ins.setShort(2, (short) level);
                            ins.setLong(3, idx);
                            ins.setBytes(4, hash);
                            ins.addBatch();
                        } catch (java.sql.SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                }
                ins.executeBatch();
                head.setLong(1, edge.size());
                head.setBytes(2, edge.encode());
                head.setBytes(3, edge.root());
                head.setString(4, tenant);
                head.executeUpdate();
                cps.setString(1, tenant);
                cps.executeUpdate();
            }
            c.commit();
        }
    }
}
