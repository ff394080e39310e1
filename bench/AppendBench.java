import com.sun.management.OperatingSystemMXBean;
import io.recallgate.metrics.Metrics;
import io.recallgate.model.Decision;
import io.recallgate.model.Mode;
import io.recallgate.model.Outcome;
import io.recallgate.model.Reason;
import io.recallgate.store.Database;
import io.recallgate.store.DecisionLog;
import io.recallgate.store.DecisionRecord;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The decision log's append path alone, in process, against an embedded PostgreSQL (fsync on):
 * CLIENTS concurrent appenders, each appending its next record when the previous one is committed,
 * for SECONDS; prints appends/s and the CPU (this JVM, and PostgreSQL) per append. The same source
 * runs against any build that has DecisionLog(vertx, pool) and the 8-argument DecisionRecord, so
 * two builds compare back to back:
 *
 * <pre>
 * java -cp target/recallgate.jar bench/AppendBench.java [seconds] [clients]
 * java -cp /tmp/main/target/recallgate.jar bench/AppendBench.java [seconds] [clients]
 * </pre>
 */
public class AppendBench {
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        Path dir = Files.createTempDirectory("recallgate-append-bench");
        Vertx vertx = Vertx.vertx();
        try (Database db = Database.start(vertx, null, dir)) {
            AtomicLong batches = new AtomicLong();
            Metrics counting = new Metrics() {
                @Override
                public void recordBatch(int records) {
                    batches.incrementAndGet();
                }
            };
            DecisionLog log = new DecisionLog(vertx, db.pool(), DecisionLog.Options.defaults(), counting);
            run(log, clients, 5); // warm-up
            long b0 = batches.get();
            OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            double pg0 = pgCpuSeconds(dir);
            long jvm0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            long n = run(log, clients, seconds);
            double wall = (System.nanoTime() - t0) / 1e9;
            double jvm = (os.getProcessCpuTime() - jvm0) / 1e9;
            double pg = pgCpuSeconds(dir) - pg0;
            long flushes = batches.get() - b0;
            System.out.printf(
                    "%d appends in %.1f s: %.0f appends/s, %.1f per transaction; CPU per append: JVM %.1f µs,"
                            + " PostgreSQL %.1f µs, total %.1f µs%n",
                    n, wall, n / wall, (double) n / flushes, 1e6 * jvm / n, 1e6 * pg / n, 1e6 * (jvm + pg) / n);
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    static long run(DecisionLog log, int clients, int seconds) throws Exception {
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        Promise<Void> all = Promise.promise();
        AtomicLong running = new AtomicLong(clients);
        for (int c = 0; c < clients; c++) {
            next(log, c, end, done, running, all);
        }
        all.future().await(seconds + 60L, TimeUnit.SECONDS);
        return done.get();
    }

    static void next(DecisionLog log, int client, long end, AtomicLong done, AtomicLong running, Promise<Void> all) {
        if (System.nanoTime() > end) {
            if (running.decrementAndGet() == 0) {
                all.tryComplete();
            }
            return;
        }
        long i = done.get();
        Decision d = new Decision(
                UUID.randomUUID().toString(),
                Mode.ENFORCE,
                Outcome.DENY,
                List.of(new Reason("WINDOW_EXPIRED", "after_sales: the recall window has closed", "撤回时间已过，消息保留。")),
                List.of(),
                null,
                null,
                "sha256:3f1c0a9b8e7d6c5b4a392817161514131211100f0e0d0c0b0a09080706050403",
                Instant.parse("2026-11-24T08:01:00Z"));
        DecisionRecord r = new DecisionRecord(
                "default",
                i % 2 == 0 ? null : "r-" + UUID.randomUUID(),
                "after_sales",
                "c-" + client + "-" + (i / 7),
                "m-" + i,
                "u-" + client,
                "hmac-sha256:" + "ab".repeat(32),
                d,
                null,
                null);
        Future<?> f = log.append(r);
        f.onComplete(ar -> {
            if (ar.succeeded()) {
                done.incrementAndGet();
            }
            next(log, client, end, done, running, all);
        });
    }

    /** utime + stime (and those of exited children) of every process of this embedded PostgreSQL. */
    static double pgCpuSeconds(Path dir) throws Exception {
        double hz = 100.0;
        double total = 0;
        String marker = dir.resolve("pg").toString();
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline"))).replace('\0', ' ');
                    String stat = Files.readString(p.resolve("stat"));
                    boolean postmaster = cmd.contains(marker);
                    boolean backend = !postmaster && cmd.startsWith("postgres:") && isChildOf(stat, dir);
                    if (postmaster || backend) {
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        total += (Long.parseLong(f[11]) + Long.parseLong(f[12])
                                        + (postmaster ? Long.parseLong(f[13]) + Long.parseLong(f[14]) : 0))
                                / hz;
                    }
                } catch (Exception ignored) {
                    // the process went away
                }
            }
        }
        return total;
    }

    static boolean isChildOf(String stat, Path dir) throws Exception {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        String parent = "/proc/" + f[1] + "/cmdline";
        String cmd = new String(Files.readAllBytes(Path.of(parent))).replace('\0', ' ');
        return cmd.contains(dir.resolve("pg").toString());
    }
}
