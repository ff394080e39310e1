package io.recallgate.http.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recallgate.decision.ImpactRequest;
import io.recallgate.policy.RuleFile;
import io.recallgate.policy.RuleFolder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The body of {@code POST /v1/policy/impact}: checked against the contract, then the rules a
 * schema cannot state, every bad field named in one answer; text and base64 files become the same
 * bytes a folder on disk would hold, so the candidate's version is the version it will have.
 */
class ImpactRequestParserTest {

    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    static final ImpactRequestParser PARSER = new ImpactRequestParser(Fixtures.PARSER.validator());

    @Test
    void theShippedFolderSentAsTextIsTheFolderWithItsVersion() {
        RuleFolder shipped = RuleFolder.read(Path.of("rules"));
        JsonArray files = new JsonArray();
        for (RuleFile f : shipped.files()) {
            files.add(new JsonObject()
                    .put("path", f.path())
                    .put("content", new String(f.content(), StandardCharsets.UTF_8)));
        }
        ImpactRequest r = ok(new JsonObject().put("files", files));
        RuleFolder candidate = RuleFolder.of(r.files());
        assertEquals(shipped.version(), candidate.version());
        assertEquals(
                shipped.files().stream().map(RuleFile::path).toList(),
                candidate.files().stream().map(RuleFile::path).toList());
        // the window: the last 7 days up to now
        assertEquals(NOW, r.until());
        assertEquals(NOW.minus(Duration.ofDays(7)), r.since());
    }

    @Test
    void aFileThatIsNotUtf8TextComesAsBase64AndKeepsItsBytes() {
        byte[] gbk = "Reason code,zh-CN\nNOT_SENDER,只有发送者本人才能撤回\n".getBytes(Charset.forName("GBK"));
        ImpactRequest r = ok(new JsonObject()
                .put(
                        "files",
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("path", "messages.csv")
                                        .put("content", Base64.getEncoder().encodeToString(gbk))
                                        .put("encoding", "base64"))
                                .add(new JsonObject()
                                        .put("path", "tests/a b/中文.yaml")
                                        .put("content", "cases: []\r\n")))
                .put("since", "2026-11-01T00:00:00+08:00")
                .put("until", "2026-11-02T00:00:00Z"));
        assertArrayEquals(gbk, r.files().get(0).content());
        assertArrayEquals(
                "cases: []\r\n".getBytes(StandardCharsets.UTF_8),
                r.files().get(1).content());
        assertEquals(Instant.parse("2026-10-31T16:00:00Z"), r.since());
        assertEquals(Instant.parse("2026-11-02T00:00:00Z"), r.until());
    }

    @Test
    void everyBadFieldIsNamedOnce() {
        JsonObject body = new JsonObject()
                .put(
                        "files",
                        new JsonArray()
                                .add(file("/etc/passwd", "x"))
                                .add(file(".hidden.drl", "x"))
                                .add(file("tests/../settings.csv", "x"))
                                .add(file("settings.csv", "x"))
                                .add(file("settings.csv", "y"))
                                .add(file("bytes.csv", "!!!").put("encoding", "base64"))
                                .add(file("hex.csv", "00").put("encoding", "hex"))
                                .add(new JsonObject().put("path", "no-content.csv"))
                                .add(file("a\\b.drl", "x"))
                                .add(file("a//b.drl", "x"))
                                .add(file("notes.csv~", "x"))
                                .add(file("lone.csv", "\ud800"))
                                .add(file("big.csv", 7)))
                .put("since", "yesterday")
                .put("colour", "blue");
        Map<String, String> errors = errors(body);
        assertEquals(
                List.of(
                        "/colour",
                        "/files/0/path",
                        "/files/1/path",
                        "/files/10/path",
                        "/files/11/content",
                        "/files/12/content",
                        "/files/2/path",
                        "/files/4/path",
                        "/files/5/content",
                        "/files/6/encoding",
                        "/files/7/content",
                        "/files/8/path",
                        "/files/9/path",
                        "/since"),
                List.copyOf(errors.keySet()));
        assertEquals("is also the path of /files/3", errors.get("/files/4/path"));
        assertTrue(errors.get("/files/1/path").contains("ignores"), errors.toString());
        assertEquals(
                "must name a file inside the rules folder, without . or .. between the slashes",
                errors.get("/files/2/path"));
        assertTrue(errors.get("/files/11/content").contains("unpaired surrogate"), errors.toString());
        assertEquals("is not a known field", errors.get("/colour"));
    }

    @Test
    void theWindowMustRunForwardAndAtMostAYear() {
        assertEquals(
                Map.of("/since", "must be before until"),
                errors(folder().put("since", "2026-11-24T00:00:00Z").put("until", "2026-11-24T00:00:00Z")));
        assertEquals(
                Map.of("/since", "must be before until (until is absent: the server clock)"),
                errors(folder().put("since", "2026-12-02T00:00:00Z")));
        assertEquals(
                Map.of("/until", "must be at most 366 days after since"),
                errors(folder().put("since", "2025-01-01T00:00:00Z").put("until", "2026-01-02T00:00:01Z")));
        ImpactRequest year = ok(folder().put("since", "2025-01-01T00:00:00Z").put("until", "2026-01-02T00:00:00Z"));
        assertEquals(Duration.ofDays(366), Duration.between(year.since(), year.until()));
        // until alone: the 7 days before it
        ImpactRequest untilOnly = ok(folder().put("until", "2026-11-24T00:00:00Z"));
        assertEquals(Instant.parse("2026-11-17T00:00:00Z"), untilOnly.since());
    }

    @Test
    void aBodyThatIsNotAnObjectOrHasNoFilesIsNamed() {
        assertEquals(Map.of("", "body is not valid JSON"), errors(Buffer.buffer("{\"files\":")));
        assertEquals(Map.of("", "must be an object"), errors(Buffer.buffer("[]")));
        assertEquals(Map.of("/files", "is required"), errors(new JsonObject()));
        assertEquals(
                Map.of("/files", "must contain at least 1 item"),
                errors(new JsonObject().put("files", new JsonArray())));
        JsonArray many = new JsonArray();
        for (int i = 0; i <= ImpactRequestParser.MAX_FILES; i++) {
            many.add(file("f" + i + ".drl", ""));
        }
        assertEquals(Map.of("/files", "must contain at most 200 items"), errors(new JsonObject().put("files", many)));
    }

    private static JsonObject folder() {
        return new JsonObject().put("files", new JsonArray().add(file("settings.csv", "x")));
    }

    private static JsonObject file(String path, Object content) {
        return new JsonObject().put("path", path).put("content", content);
    }

    private static ImpactRequest ok(JsonObject body) {
        ParseResult<ImpactRequest> r = PARSER.parse(body, NOW);
        assertTrue(r.ok(), () -> "expected valid, got " + r.errors());
        return r.value();
    }

    private static Map<String, String> errors(Object body) {
        ParseResult<ImpactRequest> r =
                body instanceof Buffer b ? PARSER.parse(b, NOW) : PARSER.parse((JsonObject) body, NOW);
        assertTrue(!r.ok(), "expected errors");
        Map<String, String> out = new TreeMap<>();
        for (FieldError e : r.errors()) {
            out.merge(e.pointer(), e.detail(), (a, b) -> a + " | " + b);
        }
        return out;
    }
}
