import com.sun.management.OperatingSystemMXBean;
import io.recallgate.decision.DecisionIds;
import io.recallgate.decision.FactsJson;
import io.recallgate.model.Decision;
import io.recallgate.model.MessageFacts;
import io.recallgate.model.MessageKind;
import io.recallgate.model.Mode;
import io.recallgate.model.Outcome;
import io.recallgate.model.Reason;
import io.recallgate.model.RecallFacts;
import io.recallgate.model.Requester;
import io.recallgate.model.Role;
import io.recallgate.model.RuleFiring;
import io.recallgate.model.SensitiveFinding;
import io.recallgate.model.SensitiveType;
import io.recallgate.store.Database;
import io.recallgate.store.DecisionLog;
import io.recallgate.store.DecisionRecord;
import io.recallgate.store.LogEntry;
import io.recallgate.tlog.CompactRange;
import io.recallgate.tlog.Merkle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The least CPU a durable decision row can cost here, and what each part of ours adds: a ladder of
 * row shapes, each written in groups of N rows, one transaction per group, every COMMIT durable
 * (the service's embedded PostgreSQL: {@link Database#start}, same server settings, fsync and
 * synchronous_commit on), one connection, one group at a time.
 *
 * <pre>
 * ./mvnw -B -q -DskipTests package
 * java -cp target/recallgate.jar bench/RowFloorBench.java [rows] [groups] [shapes] [prefill] [repeats]
 *   rows     rows per measurement (default 48000)
 *   groups   group sizes, comma-separated (default 16,500: enforce's groups, a batch request)
 *   shapes   comma-separated, default all, in the order of the ladder below
 *   prefill  rows written (not measured) into each shape's fresh tables first (default 0)
 *   repeats  times the whole ladder is run, one after the other (default 1); with more than one,
 *            the medians of each column are printed at the end
 * </pre>
 *
 * <p>Each shape gets a fresh schema of its own (search_path), a CHECKPOINT right before it is
 * measured (so every shape starts with the same full-page-image debt), and is dropped afterwards.
 * Per row, it prints:
 *
 * <ul>
 *   <li>{@code pg-be}: CPU of the PostgreSQL backend that ran the transactions
 *       ({@code /proc/PID/schedstat}, ns);</li>
 *   <li>{@code pg-other}: every other PostgreSQL process (WAL writer, checkpointer, background
 *       writer, autovacuum launcher and workers, stats collector; exited workers through the
 *       postmaster's children's times, 10 ms ticks);</li>
 *   <li>{@code jvm}: this JVM's process CPU minus the CPU the main thread spent making the rows'
 *       records (so: building the statement's parameters, and the client encoding them, sending,
 *       decoding, GC), i.e. the JVM's share of writing, not of deciding;</li>
 *   <li>{@code wal B}, {@code fpi%}: WAL bytes per row and full page images per 100 rows
 *       ({@code pg_stat_wal});</li>
 *   <li>{@code disk B}: table + indexes + TOAST of the shape's tables per row at the end.</li>
 * </ul>
 *
 * <p>The ladder (rows' keys as decisions.lua sends them: a new conversation and message per row,
 * a requestId on every other row; tenant "default"; decision ids UUID v7):
 *
 * <pre>
 * min600    (tenant text, seq bigint PRIMARY KEY, payload bytea 600 B): INSERT … unnest; COMMIT
 * minrow    min600 with the payload the size of our row's entry (its canonical JSON bytes, ~1.2 KB)
 * keys      minrow + request_id, conversation_id, message_id + decisions' unique (tenant, request_id)
 *           and by-message (tenant, conversation_id, message_id, seq) indexes
 * allidx    keys + decision_id uuid, mode, scenario, outcome, reason, requester_role, policy_version,
 *           evaluated_at + the (tenant, decision_id) unique and the report index: every index of
 *           ours, on a row whose JSON parts are one bytea
 * ours      the service's write exactly: the tables copied from the migrated schema (LIKE … INCLUDING
 *           ALL, the same indexes), DecisionLog's INSERT statement and parameter arrays (its Rows,
 *           by reflection) from real records (LogEntry's canonical parts, the leaf and the Merkle
 *           nodes computed here as DecisionLog does), in DecisionLog's one-round-trip transaction:
 *           BEGIN; SET LOCAL timeouts; SELECT … FROM tlog_heads FOR UPDATE; INSERT; COMMIT
 * ours-tx   ours as BEGIN; INSERT; COMMIT (no SET LOCAL, no lock statement)
 * json      ours with reasons, sensitive, facts, trace as json (checked, not parsed into jsonb)
 * bytea     ours with those four parts stored as bytea as sent (no JSON check at all)
 * text      ours with those four parts as text (UTF-8 checked, no JSON check), no generated
 *           columns (reason and requester_role left null: the log would write them)
 * nogen     ours without the generated columns reason and requester_role (plain, null)
 * nonodes   ours without the tlog_nodes rows (the head still moves)
 * nohead    ours without the tlog_heads update (and its holds check)
 * noholds   ours without the holds check in the head update
 * generic   ours with plan_cache_mode = force_generic_plan (the statement planned once, not per
 *           execution with its parameters' values)
 * noconf    ours without ON CONFLICT … DO NOTHING (a plain insert: no speculative insertion)
 * -byid / -rqid / -bymsg / -report
 *           ours without that one index of decisions (-rqid: and without its ON CONFLICT clause)
 * log       the real thing: DecisionLog.appendAll of N records at a time, one caller, on the
 *           migrated schema (its JVM column includes the entries' hashing and the log's own work)
 * </pre>
 *
 * <p>json, bytea, text and nogen are variants of the layout of migrations V2–V5 (four jsonb parts,
 * reason and requester_role generated from them); from migration V6 on, "ours" is the text layout
 * itself, and these variants convert its copy in the same way.
 */
public class RowFloorBench {

    static final String TENANT = "default";
    static final String RUN = Long.toString(System.currentTimeMillis() % 100_000_000L);
    static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    static Path dataDir;
    static Vertx vertx;
    static long postmaster;
    static long counter;
    static long genNanos; // main thread CPU spent making records

    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (Throwable t) {
            t.printStackTrace(); // the source launcher shortens the trace
            System.exit(1);
        }
    }

    static void run(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 48_000;
        int[] groups = Arrays.stream((args.length > 1 ? args[1] : "16,500").split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
        List<String> shapes = List.of((args.length > 2 && !args[2].equals("all") ? args[2] : String.join(",", ALL))
                .split(","));
        int prefill = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        int repeats = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        // the service's logging (JSON lines on stdout) would bury the table
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.OFF);
        dataDir = Files.createTempDirectory("recallgate-rowfloor");
        vertx = Vertx.vertx();
        try (Database db = Database.start(vertx, null, dataDir)) {
            postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("pg/postmaster.pid")).get(0).trim());
            SqlConnection conn = db.pool().getConnection().await(30, TimeUnit.SECONDS);
            long backend = conn.query("SELECT pg_backend_pid()")
                    .execute()
                    .await(30, TimeUnit.SECONDS)
                    .iterator()
                    .next()
                    .getInteger(0);
            System.out.printf(
                    "RowFloorBench: %d rows per measurement, groups %s, prefill %d; %s; %d cores%n",
                    rows,
                    Arrays.toString(groups),
                    prefill,
                    conn.query("SELECT version()")
                            .execute()
                            .await(30, TimeUnit.SECONDS)
                            .iterator()
                            .next()
                            .getString(0)
                            .replaceAll(" on .*", ""),
                    Runtime.getRuntime().availableProcessors());
            // warm-up (JIT of the client and of this loop), not printed
            for (String s : List.of("min600", "ours", "log")) {
                measure(conn, backend, db, s, 16, 8_000, 0);
                measure(conn, backend, db, s, 500, 8_000, 0);
            }
            System.out.printf(
                    "%-8s %5s %8s %8s %8s %8s %8s %8s %8s %7s %7s %8s%n",
                    "shape", "N", "rows", "pg-be", "pg-other", "pg", "jvm", "all µs", "wal B", "fpi%", "disk B",
                    "rows/s");
            java.util.Map<String, List<Result>> all = new java.util.LinkedHashMap<>();
            for (int rep = 0; rep < repeats; rep++) {
                for (String s : shapes) {
                    for (int n : groups) {
                        Result r = measure(conn, backend, db, s, n, rows, prefill);
                        all.computeIfAbsent(s + " " + n, k -> new ArrayList<>()).add(r);
                        print(s, n, r);
                    }
                }
            }
            if (repeats > 1) {
                System.out.println("medians of " + repeats + " runs:");
                for (var e : all.entrySet()) {
                    List<Result> rs = e.getValue();
                    Result m = new Result(
                            rs.get(0).rows,
                            median(rs, Result::pgBackend),
                            median(rs, Result::pgOther),
                            median(rs, Result::jvm),
                            median(rs, Result::walBytes),
                            median(rs, Result::fpiPercent),
                            median(rs, Result::diskBytes),
                            median(rs, Result::rate));
                    String[] k = e.getKey().split(" ");
                    print(k[0], Integer.parseInt(k[1]), m);
                }
            }
            conn.close().await(30, TimeUnit.SECONDS);
        } finally {
            vertx.close().await(30, TimeUnit.SECONDS);
            // the embedded server's files (hundreds of MB after a prefill)
            try (var files = Files.walk(dataDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static double median(List<Result> rs, java.util.function.ToDoubleFunction<Result> f) {
        double[] v = rs.stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static void print(String s, int n, Result r) {
        System.out.printf(
                "%-8s %5d %8d %8s %8s %8.1f %8.1f %8.1f %8.0f %7.1f %7.0f %8.0f%n",
                s,
                n,
                r.rows,
                // the log writes through its pool's connections: all its PostgreSQL CPU is in pg
                s.equals("log") ? "-" : String.format("%.1f", r.pgBackend),
                s.equals("log") ? "-" : String.format("%.1f", r.pgOther),
                r.pgBackend + r.pgOther,
                r.jvm,
                r.pgBackend + r.pgOther + r.jvm,
                r.walBytes,
                r.fpiPercent,
                r.diskBytes,
                r.rate);
    }

    static final List<String> ALL = List.of(
            "min600", "minrow", "keys", "allidx", "ours", "ours-tx", "json", "bytea", "text", "nogen", "nonodes", "nohead", "noholds", "generic", "noconf", "-byid",
            "-rqid", "-bymsg", "-report", "log");

    record Result(int rows, double pgBackend, double pgOther, double jvm, double walBytes, double fpiPercent,
            double diskBytes, double rate) {}

    static Result measure(SqlConnection conn, long backend, Database db, String shape, int n, int rows, int prefill)
            throws Exception {
        String schema = "floor_" + shape.replace('-', '_');
        boolean log = shape.equals("log");
        Writer w = log ? new LogWriter(db) : create(conn, schema, shape);
        if (!log) {
            exec(conn, "SET search_path TO " + schema);
        }
        if (shape.equals("generic")) {
            exec(conn, "SET plan_cache_mode = force_generic_plan");
        }
        for (int done = 0; done < prefill; done += 500) {
            w.write(conn, records(Math.min(500, prefill - done)));
        }
        exec(conn, "CHECKPOINT");
        settle(conn);
        long[] wal0 = wal(conn);
        long be0 = schedstat(backend);
        long other0 = otherPgNanos(backend);
        long jvm0 = OS.getProcessCpuTime();
        long gen0 = genNanos;
        long t0 = System.nanoTime();
        int written = 0;
        while (written < rows) {
            List<DecisionRecord> group = records(n);
            w.write(conn, group);
            written += n;
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        long jvm = OS.getProcessCpuTime() - jvm0 - (genNanos - gen0);
        long other = otherPgNanos(backend) - other0;
        long be = schedstat(backend) - be0;
        settle(conn);
        long[] wal1 = wal(conn);
        double disk = log ? size(conn, "public") : size(conn, schema);
        exec(conn, "RESET plan_cache_mode");
        if (!log) {
            exec(conn, "SET search_path TO public");
            exec(conn, "DROP SCHEMA " + schema + " CASCADE");
        } else {
            exec(conn, "TRUNCATE decisions, tlog_nodes, tlog_heads, tlog_checkpoints");
            ((LogWriter) w).close();
        }
        return new Result(
                written,
                be / 1e3 / written,
                other / 1e3 / written,
                jvm / 1e3 / written,
                (double) (wal1[2] - wal0[2]) / written,
                100.0 * (wal1[1] - wal0[1]) / written,
                disk / (written + prefill),
                written / wall);
    }

    // ---------------------------------------------------------------- records

    static final String[] SCENARIOS = {"after_sales", "ecommerce", "tech_support", "live_chat", "after_sales", "ecommerce"
    };
    static final Role[] ROLES = {Role.CUSTOMER, Role.CUSTOMER, Role.CUSTOMER, Role.AGENT};
    static final Reason[][] REASONS = {
        {new Reason("WITHIN_WINDOW", "Ordinary messages may be recalled within the scenario's window",
                "消息在撤回时限内，已撤回。")},
        {new Reason("WINDOW_EXPIRED", "Ordinary messages may be recalled within the scenario's window",
                "撤回时间已过，消息保留。")},
        {new Reason("SENSITIVE_MASKED",
                "Sensitive data is masked instead of recalled where the scenario keeps every message",
                "消息含敏感信息，已打码保留。")},
        {new Reason("NOT_SENDER", "Only the sender of a message may recall it", "只有发送者可以撤回这条消息。")},
    };
    static final JsonArray[] TRACES = {
        FactsJson.traceToJson(List.of(
                new RuleFiring("Ordinary messages may be recalled within the scenario's window",
                        "50-ordinary-messages.drl"))),
        FactsJson.traceToJson(List.of(
                new RuleFiring("Replied messages are kept", "50-ordinary-messages.drl"),
                new RuleFiring("Ordinary messages may be recalled within the scenario's window",
                        "50-ordinary-messages.drl"))),
        FactsJson.traceToJson(List.of(
                new RuleFiring("Sensitive data is masked instead of recalled where the scenario keeps every message",
                        "40-sensitive-data.drl"),
                new RuleFiring("Ordinary messages may be recalled within the scenario's window",
                        "50-ordinary-messages.drl"))),
        FactsJson.traceToJson(List.of(
                new RuleFiring("Only the sender of a message may recall it", "10-who-may-recall.drl"))),
    };
    static final String POLICY = "sha256:3f1c0a9b8e7d6c5b4a392817161514131211100f0e0d0c0b0a09080706050403";
    static final Instant SENT = Instant.parse("2026-11-24T08:00:00Z");

    /** Records shaped as decisions.lua's requests decide (facts and trace as the service stores them). */
    static List<DecisionRecord> records(int n) {
        long c0 = THREADS.getCurrentThreadCpuTime();
        List<DecisionRecord> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            long i = counter++;
            int shape = (int) (i % 4);
            Role role = ROLES[(int) (i % ROLES.length)];
            String scenario = SCENARIOS[(int) (i % SCENARIOS.length)];
            String conversation = "c-" + RUN + "-1-" + i;
            String message = "m-" + i;
            String sender = "u-1-" + (i % 5000);
            String requester = i % 11 == 0 ? "someone-else" : sender;
            Instant at = SENT.plusSeconds(5 + (i * 7) % 400);
            List<SensitiveFinding> sensitive = shape == 2
                    ? List.of(new SensitiveFinding(SensitiveType.BANK_CARD, 6, 29))
                    : List.of();
            RecallFacts facts = new RecallFacts(
                    Mode.ENFORCE,
                    scenario,
                    conversation,
                    new MessageFacts(message, sender, role, MessageKind.TEXT, SENT,
                            i % 3 == 0 ? SENT.plusSeconds(3) : null, i % 2 == 1, List.of()),
                    new Requester(requester, role),
                    at,
                    false,
                    List.of(),
                    sensitive);
            Decision d = new Decision(
                    DecisionIds.next(),
                    Mode.ENFORCE,
                    shape == 1 || shape == 3 ? Outcome.DENY : shape == 2 ? Outcome.REDACT : Outcome.ALLOW,
                    List.of(REASONS[shape]),
                    sensitive,
                    null,
                    shape == 0 ? SENT.plusSeconds(120) : null,
                    POLICY,
                    at);
            out.add(new DecisionRecord(
                    TENANT,
                    i % 2 == 0 ? null : "r-" + RUN + "-" + i,
                    scenario,
                    conversation,
                    message,
                    requester,
                    "hmac-sha256:" + Long.toHexString(i * 0x9E3779B97F4A7C15L) + "ab".repeat(24),
                    d,
                    FactsJson.toJson(facts),
                    TRACES[shape]));
        }
        genNanos += THREADS.getCurrentThreadCpuTime() - c0;
        return out;
    }

    // ---------------------------------------------------------------- writers

    interface Writer {
        void write(SqlConnection conn, List<DecisionRecord> group) throws Exception;
    }

    static Writer create(SqlConnection conn, String schema, String shape) throws Exception {
        exec(conn, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        exec(conn, "CREATE SCHEMA " + schema);
        String s = schema + ".";
        switch (shape) {
            case "min600", "minrow" -> {
                exec(conn, "CREATE TABLE " + s + "decisions (tenant text NOT NULL, seq bigint PRIMARY KEY,"
                        + " payload bytea NOT NULL)");
                return new MinWriter(shape.equals("min600"));
            }
            case "keys" -> {
                exec(conn, "CREATE TABLE " + s + "decisions (tenant text NOT NULL, seq bigint PRIMARY KEY,"
                        + " request_id text, conversation_id text NOT NULL, message_id text NOT NULL,"
                        + " payload bytea NOT NULL)");
                exec(conn, "CREATE UNIQUE INDEX ON " + s + "decisions (tenant, request_id)"
                        + " WHERE request_id IS NOT NULL");
                exec(conn, "CREATE INDEX ON " + s + "decisions (tenant, conversation_id, message_id, seq)");
                return new KeysWriter(false);
            }
            case "allidx" -> {
                exec(conn, "CREATE TABLE " + s + "decisions (tenant text NOT NULL, seq bigint NOT NULL,"
                        + " decision_id uuid NOT NULL, request_id text, mode text NOT NULL, outcome text NOT NULL,"
                        + " scenario text NOT NULL, conversation_id text NOT NULL, message_id text NOT NULL,"
                        + " reason text, requester_role text, policy_version text NOT NULL,"
                        + " evaluated_at timestamptz NOT NULL, payload bytea NOT NULL, PRIMARY KEY (tenant, seq))");
                exec(conn, "CREATE UNIQUE INDEX ON " + s + "decisions (tenant, decision_id)");
                exec(conn, "CREATE UNIQUE INDEX ON " + s + "decisions (tenant, request_id)"
                        + " WHERE request_id IS NOT NULL");
                exec(conn, "CREATE INDEX ON " + s + "decisions (tenant, conversation_id, message_id, seq)");
                exec(conn, "CREATE INDEX ON " + s + "decisions (tenant, evaluated_at) INCLUDE (scenario, outcome,"
                        + " reason, requester_role, policy_version) WHERE mode = 'enforce'");
                return new KeysWriter(true);
            }
            default -> {
                String drop = switch (shape) {
                    case "-byid" -> "decisions_tenant_decision_id";
                    case "-rqid" -> "decisions_tenant_request_id";
                    case "-bymsg" -> "decisions_by_message";
                    case "-report" -> "decisions_report";
                    default -> "";
                };
                String type = switch (shape) {
                    case "json" -> "json";
                    case "bytea" -> "bytea";
                    case "text" -> "text";
                    default -> "jsonb";
                };
                copyOurs(conn, schema, drop, type, !shape.equals("nogen") && !shape.equals("text"));
                String sql = OursWriter.insertSql();
                if (!type.equals("jsonb")) {
                    for (String p : List.of("rs", "se", "fa", "tr")) {
                        String from = "convert_from(u." + p + ", 'UTF8')::jsonb";
                        if (!sql.contains(from)) {
                            throw new IllegalStateException("DecisionLog's INSERT changed: no " + from);
                        }
                        sql = sql.replace(
                                from,
                                switch (type) {
                                    case "json" -> "convert_from(u." + p + ", 'UTF8')::json";
                                    case "text" -> "convert_from(u." + p + ", 'UTF8')";
                                    default -> "u." + p;
                                });
                    }
                }
                if (shape.equals("-rqid") || shape.equals("noconf")) { // -rqid: nothing to conflict on
                    String conflict = " ON CONFLICT (tenant, request_id) WHERE request_id IS NOT NULL DO NOTHING";
                    if (!sql.contains(conflict)) {
                        throw new IllegalStateException("DecisionLog's INSERT changed: no " + conflict);
                    }
                    sql = sql.replace(conflict, "");
                }
                if (shape.equals("nohead") || shape.equals("noholds")) {
                    String head = " u AS (UPDATE tlog_heads SET tree_size = $22, edge = $23, root = $24"
                            + " WHERE tenant = $1 AND tree_size = $26 AND edge = $27 AND NOT EXISTS (SELECT 1 FROM holds h"
                            + " WHERE h.tenant = $1 AND h.released_at IS NULL AND h.conversation_id = ANY($28::text[]))"
                            + " RETURNING 1)";
                    if (!sql.contains(head)) {
                        throw new IllegalStateException("DecisionLog's INSERT changed: no " + head);
                    }
                    sql = sql.replace(
                            head,
                            shape.equals("nohead")
                                    ? " u AS (SELECT 1 FROM (SELECT $22::bigint, $23::bytea, $24::bytea, $26::bigint,"
                                            + " $27::bytea, $28::text[]) x)"
                                    : " u AS (UPDATE tlog_heads SET tree_size = $22, edge = $23, root = $24"
                                            + " WHERE tenant = $1 AND tree_size = $26 AND edge = $27"
                                            + " AND $28::text[] IS NOT NULL RETURNING 1)");
                }
                if (shape.equals("nonodes")) {
                    String nodes = "n AS (INSERT INTO tlog_nodes (tenant, level, idx, hash)"
                            + " SELECT $1, x.l, x.i, x.h FROM unnest($19::smallint[], $20::bigint[], $21::bytea[])"
                            + " AS x(l, i, h))";
                    if (!sql.contains(nodes)) {
                        throw new IllegalStateException("DecisionLog's INSERT changed: no " + nodes);
                    }
                    sql = sql.replace(nodes, "n AS (SELECT $19::smallint[], $20::bigint[], $21::bytea[])");
                }
                return new OursWriter(sql, !shape.equals("ours-tx"));
            }
        }
    }

    /** The migrated tables decisions, tlog_nodes, tlog_heads, holds copied into {@code schema}. */
    static void copyOurs(SqlConnection conn, String schema, String dropIndex, String jsonType, boolean generated)
            throws Exception {
        String s = schema + ".";
        boolean plain = jsonType.equals("jsonb");
        exec(conn, "CREATE TABLE " + s + "decisions (LIKE public.decisions INCLUDING DEFAULTS INCLUDING CONSTRAINTS"
                + (plain && generated ? " INCLUDING GENERATED" : "") + ")");
        if (!plain) {
            for (String c : List.of("reasons", "sensitive", "facts", "trace")) {
                exec(conn, "ALTER TABLE " + s + "decisions ALTER COLUMN " + c + " TYPE " + jsonType + " USING NULL");
            }
        }
        if (!plain && generated) {
            if (jsonType.equals("json")) {
                exec(conn, "ALTER TABLE " + s + "decisions DROP COLUMN reason, DROP COLUMN requester_role");
                exec(conn, "ALTER TABLE " + s + "decisions ADD COLUMN reason text GENERATED ALWAYS AS"
                        + " (reasons -> 0 ->> 'code') STORED, ADD COLUMN requester_role text GENERATED ALWAYS AS"
                        + " (facts -> 'requester' ->> 'role') STORED");
            } // bytea: plain columns, left null (nothing to derive them from in SQL)
        }
        int kept = 0;
        for (Row r : conn.query("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'"
                        + " AND tablename = 'decisions'")
                .execute()
                .await(30, TimeUnit.SECONDS)) {
            if (r.getString(0).equals(dropIndex)) {
                continue;
            }
            String def = r.getString(1).replace(" ON public.decisions ", " ON " + s + "decisions ");
            exec(conn, def);
            kept++;
        }
        if (kept != (dropIndex.isEmpty() ? 5 : 4)) {
            throw new IllegalStateException("expected decisions to have 5 indexes (found " + kept + " kept, dropping '"
                    + dropIndex + "')");
        }
        for (String t : List.of("tlog_nodes", "tlog_heads", "holds")) {
            exec(conn, "CREATE TABLE " + s + t + " (LIKE public." + t + " INCLUDING ALL)");
        }
    }

    /** min600 / minrow: (tenant, seq, payload). */
    static final class MinWriter implements Writer {
        static final byte[][] PAYLOADS = new byte[256][];

        static {
            Random random = new Random(1);
            for (int i = 0; i < PAYLOADS.length; i++) {
                PAYLOADS[i] = new byte[600];
                random.nextBytes(PAYLOADS[i]);
            }
        }

        final boolean fixed;
        long seq;

        MinWriter(boolean fixed) {
            this.fixed = fixed;
        }

        @Override
        public void write(SqlConnection conn, List<DecisionRecord> group) throws Exception {
            Long[] seqs = new Long[group.size()];
            Buffer[] payloads = new Buffer[group.size()];
            for (int i = 0; i < seqs.length; i++) {
                seqs[i] = seq++;
                payloads[i] = Buffer.buffer(fixed ? PAYLOADS[(int) (seq & 255)] : OursWriter.prepare(group.get(i)).entry);
            }
            send(conn, null, "INSERT INTO decisions (tenant, seq, payload) SELECT $1, s, p"
                    + " FROM unnest($2::bigint[], $3::bytea[]) AS u(s, p)",
                    Tuple.of(TENANT).addArrayOfLong(seqs).addArrayOfBuffer(payloads));
        }
    }

    /** keys / allidx: the payload is the entry's bytes, the keys are columns. */
    static final class KeysWriter implements Writer {
        final boolean all;
        long seq;

        KeysWriter(boolean all) {
            this.all = all;
        }

        @Override
        public void write(SqlConnection conn, List<DecisionRecord> group) throws Exception {
            int n = group.size();
            Long[] seqs = new Long[n];
            Buffer[] payloads = new Buffer[n];
            String[] rq = new String[n], cv = new String[n], ms = new String[n];
            UUID[] id = new UUID[n];
            String[] mo = new String[n], oc = new String[n], sc = new String[n], rs = new String[n], ro = new String[n],
                    pv = new String[n];
            OffsetDateTime[] ev = new OffsetDateTime[n];
            for (int i = 0; i < n; i++) {
                DecisionRecord r = group.get(i);
                seqs[i] = seq++;
                payloads[i] = Buffer.buffer(OursWriter.prepare(r).entry);
                rq[i] = r.requestId();
                cv[i] = r.conversationId();
                ms[i] = r.messageId();
                id[i] = UUID.fromString(r.decision().decisionId());
                mo[i] = r.decision().mode().json();
                oc[i] = r.decision().outcome().json();
                sc[i] = r.scenario();
                rs[i] = r.decision().reasons().get(0).code();
                ro[i] = r.facts().getJsonObject("requester").getString("role");
                pv[i] = r.decision().policyVersion();
                ev[i] = r.decision().evaluatedAt().atOffset(ZoneOffset.UTC);
            }
            Tuple t = Tuple.of(TENANT)
                    .addArrayOfLong(seqs)
                    .addArrayOfBuffer(payloads)
                    .addArrayOfString(rq)
                    .addArrayOfString(cv)
                    .addArrayOfString(ms);
            if (!all) {
                send(conn, null, "INSERT INTO decisions (tenant, seq, payload, request_id, conversation_id, message_id)"
                        + " SELECT $1, s, p, rq, cv, ms FROM unnest($2::bigint[], $3::bytea[], $4::text[], $5::text[],"
                        + " $6::text[]) AS u(s, p, rq, cv, ms)", t);
                return;
            }
            t.addArrayOfUUID(id)
                    .addArrayOfString(mo)
                    .addArrayOfString(oc)
                    .addArrayOfString(sc)
                    .addArrayOfString(rs)
                    .addArrayOfString(ro)
                    .addArrayOfString(pv)
                    .addArrayOfOffsetDateTime(ev);
            send(conn, null, "INSERT INTO decisions (tenant, seq, payload, request_id, conversation_id, message_id,"
                    + " decision_id, mode, outcome, scenario, reason, requester_role, policy_version, evaluated_at)"
                    + " SELECT $1, s, p, rq, cv, ms, id, mo, oc, sc, rs, ro, pv, ev FROM unnest($2::bigint[],"
                    + " $3::bytea[], $4::text[], $5::text[], $6::text[], $7::uuid[], $8::text[], $9::text[], $10::text[],"
                    + " $11::text[], $12::text[], $13::text[], $14::timestamptz[])"
                    + " AS u(s, p, rq, cv, ms, id, mo, oc, sc, rs, ro, pv, ev)", t);
        }
    }

    /**
     * DecisionLog's own statement and parameters (its private Rows class, by reflection), computed
     * as DecisionLog.insert does: the entry and its leaf, the Merkle nodes the append completes,
     * the head it moves from and to, the conversations for the holds check (the one-round-trip
     * write).
     */
    static final class OursWriter implements Writer {
        static final Constructor<?> ROWS;
        static final Method DECISION, NODE, TUPLE, PREPARE, ENTRY, LEAF;
        static final Field INSERT;

        static {
            try {
                Class<?> rows = Class.forName("io.recallgate.store.DecisionLog$Rows");
                Class<?> prepared = Class.forName("io.recallgate.store.LogEntry$Prepared");
                ROWS = rows.getDeclaredConstructor();
                DECISION = rows.getDeclaredMethod("decision", long.class, DecisionRecord.class, prepared);
                NODE = rows.getDeclaredMethod("node", int.class, long.class, byte[].class);
                TUPLE = rows.getDeclaredMethod("tuple", String.class, CompactRange.class);
                INSERT = rows.getDeclaredField("INSERT");
                PREPARE = LogEntry.class.getDeclaredMethod("prepare", DecisionRecord.class);
                ENTRY = prepared.getDeclaredMethod("entry");
                LEAF = prepared.getDeclaredMethod("leaf");
                for (var m : List.of(ROWS, DECISION, NODE, TUPLE, PREPARE, ENTRY, LEAF, INSERT)) {
                    m.setAccessible(true);
                }
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        record Prepared(Object prepared, byte[] entry) {}

        static Prepared prepare(DecisionRecord r) {
            try {
                Object p = PREPARE.invoke(null, r);
                return new Prepared(p, (byte[]) ENTRY.invoke(p));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }

        static String insertSql() {
            try {
                return (String) INSERT.get(null);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }

        final String sql;
        final boolean lock;
        CompactRange edge = new CompactRange();
        boolean headMade;

        OursWriter(String sql, boolean lock) {
            this.sql = sql;
            this.lock = lock;
        }

        @Override
        public void write(SqlConnection conn, List<DecisionRecord> group) throws Exception {
            if (!headMade) {
                exec(conn, "INSERT INTO tlog_heads (tenant, tree_size, edge, root) VALUES ('" + TENANT
                        + "', 0, ''::bytea, '\\x" + java.util.HexFormat.of().formatHex(Merkle.emptyRoot()) + "'::bytea)");
                headMade = true;
            }
            try {
                Object rows = ROWS.newInstance();
                long expectedSize = edge.size();
                byte[] expectedEdge = edge.encode();
                Set<String> conversations = new LinkedHashSet<>();
                for (DecisionRecord r : group) {
                    Object p = PREPARE.invoke(null, r);
                    byte[] leaf = (byte[]) LEAF.invoke(p);
                    long index = edge.size();
                    edge.append(leaf, (level, idx, hash) -> {
                        try {
                            NODE.invoke(rows, level, idx, hash);
                        } catch (ReflectiveOperationException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    DECISION.invoke(rows, index, r, p);
                    conversations.add(r.conversationId());
                }
                Tuple t = ((Tuple) TUPLE.invoke(rows, TENANT, edge))
                        .addLong(expectedSize)
                        .addBuffer(Buffer.buffer(expectedEdge))
                        .addArrayOfString(conversations.toArray(new String[0]));
                send(conn, lock ? TENANT : null, sql, t);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The real DecisionLog, N records per appendAll, one at a time (so one transaction each). */
    static final class LogWriter implements Writer {
        final DecisionLog log;

        LogWriter(Database db) {
            log = new DecisionLog(vertx, db.pool());
        }

        @Override
        public void write(SqlConnection conn, List<DecisionRecord> group) throws Exception {
            log.appendAll(group).await(60, TimeUnit.SECONDS);
        }

        void close() throws Exception {
            log.close().await(30, TimeUnit.SECONDS);
        }
    }

    /** One transaction, pipelined: BEGIN [; SET LOCAL …; the lock]; the insert; COMMIT. */
    static void send(SqlConnection conn, String lockTenant, String sql, Tuple params) throws Exception {
        List<Future<?>> all = new ArrayList<>(5);
        all.add(conn.query("BEGIN").execute());
        if (lockTenant != null) {
            all.add(conn.query("SET LOCAL statement_timeout = 5000; SET LOCAL lock_timeout = 5000;"
                            + " SET LOCAL idle_in_transaction_session_timeout = 5000")
                    .execute());
            all.add(conn.preparedQuery("SELECT tree_size, edge FROM tlog_heads WHERE tenant = $1 FOR UPDATE")
                    .execute(Tuple.of(lockTenant)));
        }
        all.add(conn.preparedQuery(sql).execute(params));
        all.add(conn.query("COMMIT").execute());
        Future.all(all).await(60, TimeUnit.SECONDS);
    }

    static void exec(SqlConnection conn, String sql) throws Exception {
        conn.query(sql).execute().await(120, TimeUnit.SECONDS);
    }

    // ---------------------------------------------------------------- measurements

    /**
     * PostgreSQL 14's backends send their WAL counters to the statistics collector when idle, at
     * most every 500 ms: wait, go idle once more, and give the collector a moment.
     */
    static void settle(SqlConnection conn) throws Exception {
        Thread.sleep(700);
        exec(conn, "SELECT 1");
        Thread.sleep(300);
    }

    /**
     * wal_records, wal_fpi (pg_stat_wal, the whole cluster, as reported so far) and the WAL
     * position (exact).
     */
    static long[] wal(SqlConnection conn) throws Exception {
        Row r = conn.query("SELECT wal_records, wal_fpi, (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint FROM pg_stat_wal")
                .execute()
                .await(30, TimeUnit.SECONDS)
                .iterator()
                .next();
        return new long[] {r.getLong(0), r.getLong(1), r.getLong(2)};
    }

    static double size(SqlConnection conn, String schema) throws Exception {
        return conn.query("SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_class c"
                        + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '" + schema
                        + "' AND c.relkind = 'r' AND c.relname IN ('decisions', 'tlog_nodes')")
                .execute()
                .await(30, TimeUnit.SECONDS)
                .iterator()
                .next()
                .getLong(0);
    }

    /** A process's time on a CPU, ns (the first field of /proc/PID/schedstat). */
    static long schedstat(long pid) {
        try {
            return Long.parseLong(Files.readString(Path.of("/proc/" + pid + "/schedstat")).split(" ")[0]);
        } catch (Exception e) {
            return 0; // gone
        }
    }

    /**
     * Every PostgreSQL process but {@code backend}: the postmaster and its children (schedstat), and
     * the children that exited (autovacuum workers) through the postmaster's cutime + cstime.
     */
    static long otherPgNanos(long backend) throws Exception {
        long total = schedstat(postmaster);
        String[] pm = stat(postmaster);
        total += (Long.parseLong(pm[13]) + Long.parseLong(pm[14])) * 10_000_000L; // 100 Hz ticks
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                long pid = Long.parseLong(name);
                if (pid == backend || pid == postmaster) {
                    continue;
                }
                String[] f = stat(pid);
                if (f != null && Long.parseLong(f[1]) == postmaster) {
                    total += schedstat(pid);
                }
            }
        }
        return total;
    }

    /** The fields of /proc/PID/stat after the command (index 0 = state, 1 = ppid, 11 = utime …). */
    static String[] stat(long pid) {
        try {
            String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return s.substring(s.lastIndexOf(')') + 2).split(" ");
        } catch (Exception e) {
            return null;
        }
    }
}
