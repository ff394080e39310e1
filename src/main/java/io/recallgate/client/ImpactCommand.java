package io.recallgate.client;

import io.recallgate.policy.RuleFile;
import io.recallgate.policy.RuleFolder;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The {@code impact} command, the author's step between {@code check} and saving: sends a
 * candidate rules folder to a running service ({@code POST /v1/policy/impact}) and prints which of
 * the tenant's stored decisions it would turn around, as an aligned table; for a candidate the
 * service would not activate, its errors and failed scenario tests, as {@code check} prints them.
 *
 * <pre>
 * impact CANDIDATE_DIR --url URL [--since WHEN] [--until WHEN] [--json]
 * </pre>
 *
 * The folder is read exactly as the service reads its rules folder ({@link RuleFolder#read}: every
 * file, subfolders too, without hidden files and editors' leftovers), so the candidate version it
 * prints is the version the service will show once the folder is saved. A file that is UTF-8 text
 * is sent as text, any other as base64, so the service judges the very bytes a reload would read.
 * {@code WHEN} is as for {@code report}; {@code --since} defaults to 7 days before {@code --until},
 * which defaults to now; both are always sent, so the window printed is the window replayed. The
 * API key (role {@code policy}) comes from {@value #KEY_ENV}, never from the command line.
 *
 * <p>Exit codes: 0 the candidate is valid (whatever it would change); 1 it is rejected, or the
 * service cannot be reached or refuses the request (key, size, a file it cannot take); 64 a bad
 * option (found here, or by the service for {@code --since}/{@code --until}).
 */
public final class ImpactCommand {

    public static final String KEY_ENV = ServiceClient.KEY_ENV;
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 64;

    /** The window when {@code --since} is absent: the service's default. */
    static final Duration DEFAULT_WINDOW = Duration.ofDays(7);

    /** What the command was asked; null {@code since}/{@code until} take the defaults. */
    public record Options(Path dir, String url, String since, String until, boolean json) {}

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;
    private final ServiceClient service;

    public ImpactCommand(Map<String, String> env, PrintStream out, PrintStream err, Clock clock) {
        this.env = env;
        this.out = out;
        this.err = err;
        this.clock = clock;
        this.service = new ServiceClient("impact", err);
    }

    public ImpactCommand(Map<String, String> env, PrintStream out, PrintStream err) {
        this(env, out, err, Clock.systemUTC());
    }

    /** Sends the folder and prints the answer; returns the exit code. */
    public int run(Options o) {
        URI base;
        String since;
        String until;
        try {
            base = ServiceUrl.parse(o.url());
            until = o.until() == null ? clock.instant().toString() : When.rfc3339(o.until(), clock);
            since = o.since() == null
                    ? When.instant(until).minus(DEFAULT_WINDOW).toString()
                    : When.rfc3339(o.since(), clock);
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
        if (o.dir() == null || !Files.isDirectory(o.dir())) {
            return usage("CANDIDATE_DIR " + (o.dir() == null ? "is required" : o.dir() + " is not a folder"));
        }
        RuleFolder folder;
        try {
            folder = RuleFolder.read(o.dir());
        } catch (UncheckedIOException e) {
            err.println("impact: " + e.getMessage());
            return FAILED;
        }
        if (folder.files().isEmpty()) {
            return usage("CANDIDATE_DIR " + o.dir() + " holds no files");
        }
        JsonObject body =
                new JsonObject().put("files", files(folder)).put("since", since).put("until", until);

        HttpRequest request = ServiceClient.authorized(
                        HttpRequest.newBuilder(URI.create(base + "/v1/policy/impact"))
                                .timeout(Duration.ofMinutes(10))
                                .header("Content-Type", "application/json")
                                .header("Accept", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(
                                        body.toBuffer().getBytes())),
                        env.get(KEY_ENV))
                .build();
        HttpResponse<String> response = service.send(request, base);
        if (response == null) {
            return FAILED;
        }
        if (response.statusCode() != 200) {
            return problem(response, folder);
        }
        JsonObject report;
        try {
            report = new JsonObject(response.body());
        } catch (DecodeException e) {
            err.println("impact: the service answered something that is not an impact report");
            return FAILED;
        }
        if (o.json()) {
            out.println(response.body());
        } else {
            out.print(text(report, folder.files().size(), since, until));
        }
        out.flush();
        return "valid".equals(report.getString("status")) ? OK : FAILED;
    }

    /** The request's files: text when the bytes are UTF-8, base64 otherwise. */
    static JsonArray files(RuleFolder folder) {
        JsonArray files = new JsonArray();
        for (RuleFile f : folder.files()) {
            JsonObject file = new JsonObject().put("path", f.path());
            String text = utf8(f.content());
            if (text != null) {
                file.put("content", text);
            } else {
                file.put("content", Base64.getEncoder().encodeToString(f.content()))
                        .put("encoding", "base64");
            }
            files.add(file);
        }
        return files;
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /**
     * The report as text. A valid candidate: one line on the candidate, one on what was replayed,
     * then the transitions as an aligned table (count right-aligned; the most recent example
     * decision, the rest with {@code --json}). A rejected one: its errors and failed scenario tests
     * as {@code check} prints them.
     */
    static String text(JsonObject report, int files, String since, String until) {
        StringBuilder b = new StringBuilder();
        JsonObject tests = report.getJsonObject("scenarioTests");
        b.append("candidate ")
                .append(report.getString("candidateVersion"))
                .append(" (")
                .append(files)
                .append(files == 1 ? " file" : " files")
                .append("): ");
        if (!"valid".equals(report.getString("status"))) {
            b.append("REJECTED, a reload would not activate it; nothing was replayed\n");
            for (Object o : report.getJsonArray("errors")) {
                b.append("ERROR ").append(location((JsonObject) o)).append('\n');
            }
            for (Object o : tests.getJsonArray("failures")) {
                JsonObject f = (JsonObject) o;
                b.append("FAIL  ")
                        .append(f.getString("file"))
                        .append(": \"")
                        .append(f.getString("name"))
                        .append("\": expected ")
                        .append(f.getString("expected"))
                        .append(", got ")
                        .append(f.getString("actual"))
                        .append('\n');
            }
            if (report.getJsonArray("errors").isEmpty()) {
                b.append("scenario tests: ")
                        .append(tests.getLong("passed"))
                        .append(" passed, ")
                        .append(tests.getLong("failed"))
                        .append(" failed\n");
            }
            return b.toString();
        }
        b.append("valid, ").append(tests.getLong("passed")).append(" scenario tests passed\n");
        long skipped = report.getLong("skipped");
        b.append("replayed ")
                .append(report.getLong("replayed"))
                .append(" stored decisions evaluated from ")
                .append(since)
                .append(" to ")
                .append(until);
        if (skipped > 0) {
            b.append(" (")
                    .append(skipped)
                    .append(" skipped: recorded without facts, or facts that could not be decided again)");
        }
        b.append('\n');
        JsonArray transitions = report.getJsonArray("transitions");
        long changed = report.getLong("changed");
        if (transitions.isEmpty()) {
            b.append("no stored decision would change\n");
            return b.toString();
        }
        b.append(changed).append(" would change:\n");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("scenario", "before", "after", "count", "example"));
        for (Object o : transitions) {
            JsonObject t = (JsonObject) o;
            JsonArray examples = t.getJsonArray("examples");
            rows.add(List.of(
                    t.getString("scenario"),
                    verdict(t.getJsonObject("from")),
                    verdict(t.getJsonObject("to")),
                    String.valueOf(t.getLong("count")),
                    examples.isEmpty() ? "-" : examples.getString(0)));
        }
        int[] width = new int[5];
        for (List<String> row : rows) {
            for (int c = 0; c < 5; c++) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        for (List<String> row : rows) {
            for (int c = 0; c < 3; c++) {
                b.append(row.get(c)).append(" ".repeat(width[c] - row.get(c).length() + 2));
            }
            b.append(" ".repeat(width[3] - row.get(3).length()))
                    .append(row.get(3))
                    .append("  ");
            b.append(row.get(4)).append('\n');
        }
        return b.toString();
    }

    private static String verdict(JsonObject v) {
        return v.getString("outcome") + " " + v.getString("reason");
    }

    /** {@code file:line:column: message}, as {@code check} prints an error. */
    private static String location(JsonObject e) {
        StringBuilder sb = new StringBuilder(e.getString("file") == null ? "(rules)" : e.getString("file"));
        Integer line = e.getInteger("line");
        Integer column = e.getInteger("column");
        if (line != null && line > 0) {
            sb.append(':').append(line);
            if (column != null && column > 0) {
                sb.append(':').append(column);
            }
        }
        return sb.append(": ").append(e.getString("message")).toString();
    }

    private int problem(HttpResponse<String> response, RuleFolder folder) {
        int status = response.statusCode();
        JsonObject p = service.problem(response);
        if (status == 400 && p != null && p.getJsonArray("errors") != null) {
            boolean options = false;
            for (Object o : p.getJsonArray("errors")) {
                JsonObject e = (JsonObject) o;
                String pointer = e.getString("pointer");
                String what = what(pointer, folder);
                options |= what.startsWith("--");
                err.println("  " + what + " " + e.getString("detail"));
            }
            return options ? USAGE : FAILED;
        }
        switch (status) {
            case 401 -> err.println("  set " + KEY_ENV + " to an API key with the policy role");
            case 403 -> err.println("  the key in " + KEY_ENV + " lacks the policy role");
            case 413 -> err.println("  the candidate folder is larger than the service takes in one request");
            case 503 ->
                err.println("  retry in "
                        + response.headers().firstValue("Retry-After").orElse("a few") + " seconds");
            default -> {}
        }
        return FAILED;
    }

    /** What a problem's pointer is about: {@code /since} → {@code --since}, {@code /files/3/path} → the file. */
    static String what(String pointer, RuleFolder folder) {
        if ("/since".equals(pointer)) {
            return "--since";
        }
        if ("/until".equals(pointer)) {
            return "--until";
        }
        if (pointer != null && pointer.matches("/files/\\d{1,6}(/.*)?")) {
            int i = Integer.parseInt(pointer.split("/")[2]);
            if (i < folder.files().size()) {
                return folder.files().get(i).path() + ":";
            }
        }
        return pointer == null || pointer.isEmpty() ? "the request:" : pointer + ":";
    }

    private int usage(String message) {
        return service.usage(message, USAGE);
    }
}
