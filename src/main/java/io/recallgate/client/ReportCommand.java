package io.recallgate.client;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The {@code report} command: asks a running service for the periodic report
 * ({@code GET /v1/reports/decisions}) and prints it as an aligned table, or with {@code --csv}
 * exactly the CSV the service returns.
 *
 * <pre>
 * report --url URL [--from WHEN] [--to WHEN] [--interval hour|day|week|month]
 *        [--group-by scenario,outcome,reason,requesterRole,policyVersion] [--csv]
 * </pre>
 *
 * {@code WHEN} is an RFC 3339 date-time, a UTC date ({@code 2026-11-01} is its midnight UTC), or
 * an age such as {@code 30d}, {@code 12h} or {@code 2w} (that long before now). Absent options take
 * the service's defaults (the last 30 days, by day, by scenario, outcome and reason;
 * {@code --group-by ""} counts per bucket only). The API key comes from the environment variable
 * {@value #KEY_ENV} (a key with the {@code auditor} role), never from the command line, where
 * other users of the machine could read it.
 *
 * <p>Exit codes: 0 printed; 64 a bad option (found here or by the service, which names it);
 * 1 anything else (the service unreachable, the key refused, a server error).
 */
public final class ReportCommand {

    public static final String KEY_ENV = ServiceClient.KEY_ENV;
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 64;

    /** What the command was asked; null fields take the service's defaults. */
    public record Options(String url, String from, String to, String interval, String groupBy, boolean csv) {}

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;
    private final ServiceClient service;

    public ReportCommand(Map<String, String> env, PrintStream out, PrintStream err, Clock clock) {
        this.env = env;
        this.out = out;
        this.err = err;
        this.clock = clock;
        this.service = new ServiceClient("report", err);
    }

    public ReportCommand(Map<String, String> env, PrintStream out, PrintStream err) {
        this(env, out, err, Clock.systemUTC());
    }

    /** Asks the service and prints; returns the exit code. */
    public int run(Options o) {
        URI base;
        try {
            base = ServiceUrl.parse(o.url());
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
        Map<String, String> query = new LinkedHashMap<>();
        try {
            if (o.from() != null) {
                query.put("from", when(o.from()));
            }
            if (o.to() != null) {
                query.put("to", when(o.to()));
            }
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
        if (o.interval() != null) {
            query.put("interval", o.interval().trim());
        }
        if (o.groupBy() != null) {
            query.put("groupBy", o.groupBy().replace(" ", ""));
        }
        StringJoiner qs = new StringJoiner("&");
        query.forEach((k, v) -> qs.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        URI uri = URI.create(base + "/v1/reports/decisions" + (qs.length() == 0 ? "" : "?" + qs));

        HttpRequest request = ServiceClient.authorized(
                        HttpRequest.newBuilder(uri)
                                .timeout(Duration.ofSeconds(60))
                                .header("Accept", o.csv() ? "text/csv" : "application/json")
                                .GET(),
                        env.get(KEY_ENV))
                .build();
        HttpResponse<String> response = service.send(request, base);
        if (response == null) {
            return FAILED;
        }
        if (response.statusCode() != 200) {
            return problem(response);
        }
        if (o.csv()) {
            out.print(response.body());
            out.flush();
            return OK;
        }
        JsonObject report;
        try {
            report = new JsonObject(response.body());
        } catch (DecodeException e) {
            err.println("report: the service answered something that is not a report");
            return FAILED;
        }
        out.print(table(report));
        out.flush();
        return OK;
    }

    /**
     * The report as text: a line saying what it covers, then one aligned row per bucket and group
     * (counts right-aligned; {@code -} where a value is null), then the total.
     */
    static String table(JsonObject report) {
        String interval = report.getString("interval");
        JsonArray groupBy = report.getJsonArray("groupBy");
        JsonArray rows = report.getJsonArray("rows");
        List<String> header = new ArrayList<>();
        header.add(interval);
        for (Object d : groupBy) {
            header.add((String) d);
        }
        header.add("count");
        List<List<String>> cells = new ArrayList<>();
        long total = 0;
        for (Object o : rows) {
            JsonObject r = (JsonObject) o;
            List<String> line = new ArrayList<>();
            line.add(bucket(r.getString("bucket"), interval));
            for (Object d : groupBy) {
                Object v = r.getValue((String) d);
                line.add(v == null ? "-" : v.toString());
            }
            long count = r.getLong("count");
            total += count;
            line.add(String.valueOf(count));
            cells.add(line);
        }
        int columns = header.size();
        int[] width = new int[columns];
        for (int c = 0; c < columns; c++) {
            width[c] = header.get(c).length();
        }
        for (List<String> line : cells) {
            for (int c = 0; c < columns; c++) {
                width[c] = Math.max(width[c], line.get(c).length());
            }
        }
        String totalText = String.valueOf(total);
        width[columns - 1] = Math.max(width[columns - 1], totalText.length());

        StringBuilder b = new StringBuilder();
        b.append("decisions evaluated from ")
                .append(report.getString("from"))
                .append(" to ")
                .append(report.getString("to"))
                .append(", by ")
                .append(interval)
                .append(" (UTC")
                .append("week".equals(interval) ? ", weeks start on Monday" : "")
                .append(")\n");
        appendLine(b, header, width);
        for (List<String> line : cells) {
            appendLine(b, line, width);
        }
        List<String> footer = new ArrayList<>();
        footer.add("total");
        for (int c = 1; c < columns - 1; c++) {
            footer.add("");
        }
        footer.add(totalText);
        appendLine(b, footer, width);
        if (cells.isEmpty()) {
            b.append("(no stored decisions in this range)\n");
        }
        return b.toString();
    }

    private static void appendLine(StringBuilder b, List<String> line, int[] width) {
        int last = line.size() - 1;
        for (int c = 0; c < last; c++) {
            String v = line.get(c);
            b.append(v).append(" ".repeat(width[c] - v.length() + 2));
        }
        String count = line.get(last);
        b.append(" ".repeat(width[last] - count.length())).append(count).append('\n');
    }

    /** A bucket's start, as short as its interval allows: {@code 2026-11-24}, {@code 2026-11}, {@code 2026-11-24T08:00Z}. */
    static String bucket(String bucket, String interval) {
        Instant t = Instant.parse(bucket);
        String iso = t.toString();
        return switch (interval) {
            case "day", "week" -> iso.substring(0, 10);
            case "month" -> iso.substring(0, 7);
            case "hour" -> iso.substring(0, 16) + "Z";
            default -> iso;
        };
    }

    /** An RFC 3339 date-time from what the user typed (see the class comment). */
    String when(String value) {
        return When.rfc3339(value, clock);
    }

    private int problem(HttpResponse<String> response) {
        int status = response.statusCode();
        JsonObject p = service.problem(response);
        if (status == 400 && p != null && p.getJsonArray("errors") != null) {
            for (Object o : p.getJsonArray("errors")) {
                JsonObject e = (JsonObject) o;
                err.println("  " + option(e.getString("pointer")) + " " + e.getString("detail"));
            }
            return USAGE;
        }
        if (status == 401) {
            err.println("  set " + KEY_ENV + " to an API key with the auditor role");
        } else if (status == 403) {
            err.println("  the key in " + KEY_ENV + " lacks the auditor role");
        }
        return FAILED;
    }

    /** The option a problem's pointer is about: {@code /query/groupBy/1} → {@code --group-by (item 2)}. */
    static String option(String pointer) {
        if (pointer == null || !pointer.startsWith("/query")) {
            return pointer;
        }
        String[] parts = pointer.split("/");
        if (parts.length < 3) {
            return "the query";
        }
        String name = switch (parts[2]) {
            case "groupBy" -> "--group-by";
            case "from" -> "--from";
            case "to" -> "--to";
            case "interval" -> "--interval";
            default -> parts[2];
        };
        if (parts.length > 3 && parts[3].matches("\\d{1,6}")) {
            return name + " (item " + (Integer.parseInt(parts[3]) + 1) + ")";
        }
        return name;
    }

    private int usage(String message) {
        return service.usage(message, USAGE);
    }
}
