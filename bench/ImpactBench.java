import io.recallgate.RecallGate;
import io.recallgate.cli.Commands;
import io.recallgate.config.Settings;
import io.recallgate.policy.RuleFile;
import io.recallgate.policy.RuleFolder;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Benchmark of {@code POST /v1/policy/impact} (issue 10: 100,000 stored decisions replayed in at
 * most 10 s on the 2-core machine while the service keeps deciding). Not a test.
 *
 * <pre>
 * mvn -q -DskipTests package
 * java -cp target/recallgate.jar bench/ImpactBench.java [decisions=100000] [loadThreads=16] [runs=3]
 * </pre>
 *
 * <ol>
 *   <li>starts a PostgreSQL of its own (configured as the embedded one: fsync on) and the service
 *       on it (no API keys: one tenant, no rate limit);</li>
 *   <li>fills it with {@code decisions} stored enforce decisions through the API's batch endpoint
 *       (200 a request, within the 256 KiB body limit), so every record holds its facts exactly as the service writes them: a
 *       seeded mix of every scenario and some unknown ones, customers and agents, requesters who
 *       are not the sender, replies, key-record and dispute tags, ≈200-character Chinese/English
 *       texts (a quarter with a card, phone, ID or e-mail), ages from seconds to days, evaluated
 *       over the 6 days before the run; then {@code VACUUM ANALYZE}, as autovacuum does;</li>
 *   <li>starts a load generator: {@code loadThreads} threads sending single enforce decisions
 *       (new messages, the server clock) back to back, counting answers per second; measures the
 *       throughput for 10 s without impact analysis;</li>
 *   <li>sends the README's edit (after-sales window 2 → 5 minutes, window tests adjusted) as a
 *       candidate: once over an empty window (compiling and scenario tests only), then
 *       {@code runs} times over the window of the stored decisions; each is timed end to end
 *       (HTTP), with the decision throughput while it ran.</li>
 * </ol>
 */
public class ImpactBench {

    static final String[] SCENARIOS = {
        "ecommerce", "ecommerce", "ecommerce", "ecommerce", "after_sales", "after_sales", "after_sales",
        "tech_support", "tech_support", "live_chat", "group_buying", "logistics"
    };
    static final String[] ZH = {
        "您好，我想咨询一下这个订单的物流情况，", "昨天下单的那件羽绒服什么时候能发货？", "客服你好，收到的商品有明显的划痕，",
        "麻烦帮我看一下退款进度，已经三天了还没到账。", "路由器重启之后还是连不上网，指示灯一直闪红色，", "这个型号支持 5G 频段吗？",
        "我按照您说的步骤操作了，但是设置页面打不开。", "好的，谢谢，那我再等等看。", "请问可以开增值税专用发票吗？",
        "包装盒压坏了，里面的配件少了一个充电器，"
    };
    static final String[] EN = {
        "Hi, I ordered the blue jacket last week and it still has not shipped. ",
        "The replacement arrived but the charger is missing. ",
        "Could you check the refund status for me please? ",
        "I tried resetting the router as you suggested, no luck. ",
        "Thanks, that solved it. "
    };
    static final String[] SENSITIVE = {
        "我的银行卡号 6222 0210 0112 3456 789 发错了，", "我的电话 13800138000，请回电。", "身份证号 11010519491231002X，",
        "my e-mail is zhang.san@example.com ", "退款请打到 6222-0210-0112-3456-789，"
    };
    static final String[] TAGS = {"greeting", "shipping", "refund", "invoice"};

    /** Requests per batch: as many as fit in the 256 KiB body limit with ≈200-character texts. */
    static final int BATCH = 200;
    static final String[] KEY_TAGS = {"order_details", "price", "commitment", "solution"};

    public static void main(String[] args) throws Exception {
        int decisions = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int loadThreads = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Logger.getLogger("").setLevel(Level.WARNING);

        Path work = Files.createTempDirectory("recallgate-impact-bench");
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(work.resolve("pg"))
                .setCleanDataDirectory(true)
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("fsync", "on")
                .setServerConfig("full_page_writes", "on")
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
        String url = "postgresql://postgres:postgres@127.0.0.1:" + pg.getPort() + "/postgres";
        RecallGate gate = null;
        try {
            gate = new RecallGate(serveSettings(
                            Map.of(),
                            List.of(
                                    "--http-port", "0",
                                    "--rules-dir", "rules",
                                    "--data-dir", work.resolve("data").toString(),
                                    "--database-url", url)))
                    .start();
            String base = "http://127.0.0.1:" + gate.port();
            HttpClient http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
            System.out.printf("cores: %d; load average at start: %s%n",
                    Runtime.getRuntime().availableProcessors(), loadAverage());

            // ---- 1. fill: stored decisions with facts, through the batch endpoint ----
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            Instant since = now.minus(Duration.ofDays(7));
            Instant until = now.minus(Duration.ofMinutes(30));
            long t0 = System.nanoTime();
            fill(http, base, decisions, now, new Random(20261201L));
            System.out.printf("filled %,d stored decisions through the batch endpoint in %.1f s%n",
                    decisions, (System.nanoTime() - t0) / 1e9);
            try (Connection c = DriverManager.getConnection(
                            "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres", "postgres", null);
                    Statement st = c.createStatement()) {
                st.execute("VACUUM ANALYZE decisions");
                describe(st, since, until);
            }

            // ---- 2. the candidate: the README's edit ----
            Path candidate = readmeEdit(work.resolve("candidate"));
            JsonArray files = new JsonArray();
            for (RuleFile f : RuleFolder.read(candidate).files()) {
                files.add(new JsonObject().put("path", f.path()).put("content", new String(f.content(), StandardCharsets.UTF_8)));
            }

            // ---- 3. load ----
            Load load = new Load(http, base, loadThreads);
            load.start();
            Thread.sleep(5_000); // connections open, JIT warm
            long c0 = load.answered.get();
            long e0 = load.errors.get();
            long b0 = System.nanoTime();
            Thread.sleep(10_000);
            double baseline = (load.answered.get() - c0) / ((System.nanoTime() - b0) / 1e9);
            System.out.printf("%ndecisions without impact analysis: %,.0f/s (%d threads, enforce, %d errors)%n",
                    baseline, loadThreads, load.errors.get() - e0);

            JsonObject empty = new JsonObject()
                    .put("files", files)
                    .put("since", "2020-01-01T00:00:00Z")
                    .put("until", "2020-01-02T00:00:00Z");
            Run check = impact(http, base, empty, load);
            System.out.printf("%ncandidate %s: compile + %d scenario tests, no decision to replay: %,d ms"
                            + " (decisions meanwhile %,.0f/s)%n",
                    check.report.getString("candidateVersion"),
                    check.report.getJsonObject("scenarioTests").getInteger("passed"),
                    check.millis, check.decisionsPerSecond);

            JsonObject window = new JsonObject()
                    .put("files", files)
                    .put("since", since.toString())
                    .put("until", until.toString());
            System.out.printf("%nimpact over [%s, %s) while the load runs:%n", since, until);
            System.out.println("run   total ms  replayed  changed  skipped  decisions/s meanwhile  p50 / p99 latency meanwhile");
            List<Long> times = new ArrayList<>();
            for (int i = 1; i <= runs; i++) {
                Run r = impact(http, base, window, load);
                times.add(r.millis);
                System.out.printf("%3d  %9s  %8s  %7s  %7s  %21s  %s%n", i, String.format("%,d", r.millis),
                        String.format("%,d", r.report.getLong("replayed")),
                        String.format("%,d", r.report.getLong("changed")),
                        String.format("%,d", r.report.getLong("skipped")),
                        String.format("%,.0f (%.0f %%)", r.decisionsPerSecond, 100 * r.decisionsPerSecond / baseline),
                        r.latency);
                if (i == 1) {
                    System.out.println("     transitions: " + r.report.getJsonArray("transitions").stream()
                            .map(o -> {
                                JsonObject t = (JsonObject) o;
                                return t.getString("scenario") + " " + t.getJsonObject("from").getString("outcome") + " "
                                        + t.getJsonObject("from").getString("reason") + " -> "
                                        + t.getJsonObject("to").getString("outcome") + " "
                                        + t.getJsonObject("to").getString("reason") + " " + t.getLong("count");
                            })
                            .toList());
                }
            }
            load.stop();
            times.sort(null);
            System.out.printf("%nimpact: median %,d ms, max %,d ms for %,d stored decisions (target: <= 10,000 ms for"
                    + " 100,000); load generator errors: %d; load average at the end: %s%n",
                    times.get(times.size() / 2), times.get(times.size() - 1), decisions, load.errors.get(), loadAverage());
        } finally {
            if (gate != null) {
                gate.stop();
            }
            pg.close();
            deleteTree(work);
        }
    }

    record Run(long millis, JsonObject report, double decisionsPerSecond, String latency) {}

    static Run impact(HttpClient http, String base, JsonObject body, Load load) throws Exception {
        load.resetLatencies();
        long c0 = load.answered.get();
        long t0 = System.nanoTime();
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(base + "/v1/policy/impact"))
                        .timeout(Duration.ofMinutes(5))
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.encode()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        long nanos = System.nanoTime() - t0;
        double rate = (load.answered.get() - c0) / (nanos / 1e9);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("impact answered " + r.statusCode() + ": " + r.body());
        }
        JsonObject report = new JsonObject(r.body());
        if (!"valid".equals(report.getString("status"))) {
            throw new IllegalStateException("the candidate was rejected: " + r.body());
        }
        return new Run(nanos / 1_000_000, report, rate, load.latencies());
    }

    /** The decisions, {@link #BATCH} a batch, two batches in flight. */
    static void fill(HttpClient http, String base, int decisions, Instant now, Random rnd) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(2);
        List<Future<?>> pending = new ArrayList<>();
        for (int done = 0; done < decisions; ) {
            int n = Math.min(BATCH, decisions - done);
            JsonArray requests = new JsonArray();
            for (int i = 0; i < n; i++) {
                requests.add(request(rnd, now, done + i));
            }
            done += n;
            String body = new JsonObject().put("requests", requests).encode();
            pending.add(senders.submit(() -> {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create(base + "/v1/recall-decisions/batch"))
                                .timeout(Duration.ofMinutes(2))
                                .header("content-type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("batch answered " + r.statusCode() + ": " + r.body());
                }
                return null;
            }));
            if (pending.size() >= 4) {
                pending.remove(0).get();
            }
        }
        for (Future<?> f : pending) {
            f.get();
        }
        senders.shutdown();
    }

    /** One realistic stored decision's request, evaluated at a moment of the 6 days before {@code now}. */
    static JsonObject request(Random rnd, Instant now, int i) {
        String scenario = SCENARIOS[rnd.nextInt(SCENARIOS.length)];
        boolean customer = rnd.nextInt(100) < 70;
        String sender = customer ? "u-" + rnd.nextInt(50_000) : "agent-" + rnd.nextInt(300);
        String senderRole = customer ? "customer" : (rnd.nextInt(10) == 0 ? "bot" : "agent");
        boolean other = rnd.nextInt(100) < 6;
        String requester = other ? "sup-" + rnd.nextInt(20) : sender;
        String requesterRole = other ? "supervisor" : senderRole;
        Instant at = now.minus(Duration.ofHours(1)).minusSeconds(rnd.nextInt(86_400 * 6));
        Duration age = age(rnd);
        Instant sentAt = at.minus(age);
        JsonObject message = new JsonObject()
                .put("id", "m-" + i)
                .put("senderId", sender)
                .put("senderRole", senderRole)
                .put("kind", rnd.nextInt(100) < 95 ? "text" : "image")
                .put("text", text(rnd))
                .put("sentAt", sentAt.toString())
                .put("latest", rnd.nextBoolean());
        if (rnd.nextInt(100) < 35 && age.getSeconds() > 1) {
            message.put("repliedAt", sentAt.plusSeconds(1 + (long) (rnd.nextDouble() * (age.getSeconds() - 1))).toString());
        }
        JsonArray tags = new JsonArray();
        if (rnd.nextInt(100) < 30) {
            tags.add(TAGS[rnd.nextInt(TAGS.length)]);
        }
        if (rnd.nextInt(100) < 8) {
            tags.add(KEY_TAGS[rnd.nextInt(KEY_TAGS.length)]);
        }
        if (rnd.nextInt(100) < 2) {
            tags.add("dispute_evidence");
        }
        message.put("tags", tags);
        return new JsonObject()
                .put("requestId", "fill-" + i)
                .put("scenario", scenario)
                .put("conversationId", "c-" + rnd.nextInt(20_000))
                .put("message", message)
                .put("requester", new JsonObject().put("id", requester).put("role", requesterRole))
                .put("at", at.toString());
    }

    /** Around the 2-minute window (and the 5 minutes of the candidate), hours, days. */
    static Duration age(Random rnd) {
        int bucket = rnd.nextInt(100);
        if (bucket < 40) {
            return Duration.ofSeconds(5 + rnd.nextInt(115));
        }
        if (bucket < 60) {
            return Duration.ofSeconds(120 + rnd.nextInt(300));
        }
        if (bucket < 85) {
            return Duration.ofSeconds(rnd.nextInt(86_400 * 2));
        }
        return Duration.ofDays(2 + rnd.nextInt(20));
    }

    static String text(Random rnd) {
        StringBuilder sb = new StringBuilder(256);
        boolean sensitive = rnd.nextInt(100) < 25;
        int insertAt = 40 + rnd.nextInt(120);
        while (sb.length() < 200) {
            if (sensitive && sb.length() >= insertAt) {
                sb.append(SENSITIVE[rnd.nextInt(SENSITIVE.length)]);
                sensitive = false;
            } else if (rnd.nextInt(3) == 0) {
                sb.append(EN[rnd.nextInt(EN.length)]);
            } else {
                sb.append(ZH[rnd.nextInt(ZH.length)]);
            }
        }
        return sb.length() > 230 ? sb.substring(0, 230) : sb.toString();
    }

    /** Threads sending single enforce decisions back to back; answers counted, latencies kept per ms. */
    static final class Load {
        final AtomicLong answered = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicLongArray latencyMs = new AtomicLongArray(10_001);
        final List<Thread> threads = new ArrayList<>();

        Load(HttpClient http, String base, int n) {
            for (int t = 0; t < n; t++) {
                int id = t;
                threads.add(new Thread(() -> {
                    Random rnd = new Random(id);
                    long i = 0;
                    while (running.get()) {
                        JsonObject request = request(rnd, Instant.now(), 0);
                        request.remove("at");
                        request.remove("requestId");
                        request.getJsonObject("message")
                                .put("id", "load-" + id + "-" + i++)
                                .put("sentAt", Instant.now().minusSeconds(rnd.nextInt(600)).toString())
                                .remove("repliedAt");
                        long t0 = System.nanoTime();
                        try {
                            HttpResponse<Void> r = http.send(
                                    HttpRequest.newBuilder(URI.create(base + "/v1/recall-decisions"))
                                            .timeout(Duration.ofSeconds(30))
                                            .header("content-type", "application/json")
                                            .POST(HttpRequest.BodyPublishers.ofString(request.encode()))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding());
                            if (r.statusCode() == 200) {
                                answered.incrementAndGet();
                                latencyMs.incrementAndGet((int) Math.min(10_000, (System.nanoTime() - t0) / 1_000_000));
                            } else {
                                errors.incrementAndGet();
                            }
                        } catch (Exception e) {
                            errors.incrementAndGet();
                        }
                    }
                }, "load-" + t));
            }
        }

        void start() {
            threads.forEach(Thread::start);
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join();
            }
        }

        void resetLatencies() {
            for (int i = 0; i < latencyMs.length(); i++) {
                latencyMs.set(i, 0);
            }
        }

        String latencies() {
            long total = 0;
            for (int i = 0; i < latencyMs.length(); i++) {
                total += latencyMs.get(i);
            }
            return ms(total, 0.50) + " / " + ms(total, 0.99);
        }

        private String ms(long total, double q) {
            long want = (long) Math.ceil(q * total);
            long seen = 0;
            for (int i = 0; i < latencyMs.length(); i++) {
                seen += latencyMs.get(i);
                if (seen >= want && want > 0) {
                    return i + " ms";
                }
            }
            return "-";
        }
    }

    static Path readmeEdit(Path dir) throws Exception {
        Path from = Path.of("rules");
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path to = dir.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Path settings = dir.resolve("settings.csv");
        Files.writeString(settings, Files.readString(settings)
                .replace("after_sales,yes,window,2 minutes,", "after_sales,yes,window,5 minutes,"));
        Path tests = dir.resolve("tests/07-after-sales.yaml");
        Files.writeString(tests, Files.readString(tests)
                .replace("\"2026-11-24T08:02:00Z\"", "\"2026-11-24T08:05:00Z\"")
                .replace("\"2026-11-24T08:02:01Z\"", "\"2026-11-24T08:05:01Z\""));
        return dir;
    }

    static void describe(Statement st, Instant since, Instant until) throws Exception {
        try (ResultSet rs = st.executeQuery("SELECT count(*), pg_size_pretty(pg_total_relation_size('decisions')),"
                + " avg(length(facts::text))::int FROM decisions WHERE evaluated_at >= '" + since
                + "' AND evaluated_at < '" + until + "'")) {
            rs.next();
            System.out.printf("in the window: %,d stored decisions; table and indexes %s; facts %d bytes of JSON on"
                    + " average%n", rs.getLong(1), rs.getString(2), rs.getInt(3));
        }
        Map<String, Long> reasons = new TreeMap<>();
        try (ResultSet rs = st.executeQuery("SELECT scenario || ' ' || outcome || ' ' || reason, count(*) FROM decisions"
                + " GROUP BY 1 ORDER BY 2 DESC LIMIT 12")) {
            while (rs.next()) {
                reasons.put(rs.getString(1), rs.getLong(2));
            }
        }
        System.out.println("most frequent scenario/outcome/reason: " + reasons);
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }

    static void deleteTree(Path dir) throws Exception {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** The settings {@code serve} runs with for these arguments (parsed by the real command line) and environment. */
    static Settings serveSettings(Map<String, String> env, List<String> args) {
        List<String> line = new ArrayList<>(List.of("serve"));
        line.addAll(args);
        return Settings.from(env, Commands.commandLine()
                .parseArgs(line.toArray(String[]::new))
                .subcommand()
                .commandSpec());
    }
}
