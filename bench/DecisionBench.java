import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;

import io.recallgate.model.AcceptLanguage;
import io.recallgate.model.Decision;
import io.recallgate.model.Message;
import io.recallgate.model.MessageKind;
import io.recallgate.model.Mode;
import io.recallgate.model.Outcome;
import io.recallgate.model.RecallFacts;
import io.recallgate.model.RecallRequest;
import io.recallgate.model.Requester;
import io.recallgate.model.Role;
import io.recallgate.policy.RuleFolder;
import io.recallgate.policy.RuleSet;
import io.recallgate.policy.RuleSetCompiler;

/**
 * In-process benchmark of {@link RuleSet#decide}: sensitive-content scan, facts, rules (with the
 * engine listener that records the trace), reasons in the default language, masking.
 *
 * <pre>
 * mvn -q -DskipTests package
 * java -cp target/recallgate.jar bench/DecisionBench.java [seconds] [rulesDir]
 * </pre>
 *
 * Compiles the rules folder once, builds a fixed, seeded mix of 1,000 requests (about 200
 * characters of Chinese/English text each, a quarter with sensitive numbers, every scenario and
 * some unknown ones, tags, holds, replied/unreplied, ages from seconds to days), warms up, then
 * measures on one thread the latency of each decision (System.nanoTime around decide, kept in a
 * preallocated long[] and sorted for percentiles), then {@link RuleSet#evaluate} from the
 * decisions' stored facts on one thread (a replay), then the throughput of 2 threads.
 */
public class DecisionBench {

    static final int REQUESTS = 1_000;
    static final Duration WARMUP = Duration.ofSeconds(5);
    static volatile Object sink;
    static final List<String> HOLD = List.of("0193a7c2-0000-7000-8000-000000000001");
    static final List<String> NO_HOLD = List.of();

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path rulesDir = Path.of(args.length > 1 ? args[1] : "rules");

        long t0 = System.nanoTime();
        RuleSet rules = new RuleSetCompiler(Clock.systemUTC()).compile(RuleFolder.read(rulesDir));
        System.out.printf("compiled %s (%s) in %d ms%n", rulesDir, rules.version(), (System.nanoTime() - t0) / 1_000_000);

        Workload w = Workload.build(new Random(20261124L));
        w.describe(rules);

        System.out.printf("warming up for %d s ...%n", WARMUP.toSeconds());
        run(rules, w, 0, WARMUP.toNanos(), null);

        // ---- one thread: latency of each decision ----
        long[] latencies = new long[(int) Math.min(40_000_000L, Math.max(1_000_000L, seconds * 1_000_000L))];
        ThreadMXBean threadBean = ManagementFactory.getThreadMXBean();
        long gc0 = gcMillis();
        long cpu0 = threadBean.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        int n = run(rules, w, 0, seconds * 1_000_000_000L, latencies);
        long elapsed = System.nanoTime() - start;
        long cpu = threadBean.getCurrentThreadCpuTime() - cpu0;
        long gc = gcMillis() - gc0;
        Arrays.sort(latencies, 0, n);
        System.out.printf("%n1 thread : %,d decisions in %.2f s = %,.0f decisions/s%n", n, elapsed / 1e9, n / (elapsed / 1e9));
        System.out.printf("           the thread got %.2f s of CPU (%,.0f decisions per CPU-second); GC %d ms%n",
                cpu / 1e9, n / (cpu / 1e9), gc);
        System.out.printf("           latency median %s  p90 %s  p99 %s  p99.9 %s  max %s%n",
                us(latencies, n, 0.50), us(latencies, n, 0.90), us(latencies, n, 0.99), us(latencies, n, 0.999),
                us(latencies, n, 1.0));

        // ---- one thread: replay from stored facts (no text: no scan, no masking, no sentences) ----
        RecallFacts[] facts = new RecallFacts[REQUESTS];
        for (int i = 0; i < REQUESTS; i++) {
            facts[i] = rules.decide(w.requests[i], w.holds[i] ? HOLD : NO_HOLD, "bench", AcceptLanguage.NONE)
                    .evaluation().facts();
        }
        long replayCpu0 = threadBean.getCurrentThreadCpuTime();
        long replayStart = System.nanoTime();
        long replayEnd = replayStart + seconds * 1_000_000_000L;
        int replayed = 0;
        Object lastReplay = null;
        while ((replayed & 127) != 0 || System.nanoTime() < replayEnd) {
            lastReplay = rules.evaluate(facts[replayed % REQUESTS]);
            replayed++;
        }
        sink = lastReplay;
        long replayElapsed = System.nanoTime() - replayStart;
        long replayCpu = threadBean.getCurrentThreadCpuTime() - replayCpu0;
        System.out.printf("replay   : %,d evaluations from facts in %.2f s = %,.0f/s (%,.0f per CPU-second)%n",
                replayed, replayElapsed / 1e9, replayed / (replayElapsed / 1e9), replayed / (replayCpu / 1e9));

        // ---- two threads: throughput ----
        int threads = 2;
        LongAdder total = new LongAdder();
        LongAdder cpuTotal = new LongAdder();
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int offset = i * (REQUESTS / threads);
            Thread t = new Thread(() -> {
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                long c0 = threadBean.getCurrentThreadCpuTime();
                total.add(run(rules, w, offset, seconds * 1_000_000_000L, null));
                cpuTotal.add(threadBean.getCurrentThreadCpuTime() - c0);
            }, "bench-" + i);
            t.start();
            workers.add(t);
        }
        ready.await();
        gc0 = gcMillis();
        start = System.nanoTime();
        go.countDown();
        for (Thread t : workers) {
            t.join();
        }
        elapsed = System.nanoTime() - start;
        System.out.printf("%d threads: %,d decisions in %.2f s = %,.0f decisions/s (%d CPUs available)%n",
                threads, total.sum(), elapsed / 1e9, total.sum() / (elapsed / 1e9),
                Runtime.getRuntime().availableProcessors());
        System.out.printf("           the threads got %.2f s of CPU together (%,.0f decisions per CPU-second); GC %d ms;"
                + " system load average %.1f%n", cpuTotal.sum() / 1e9, total.sum() / (cpuTotal.sum() / 1e9),
                gcMillis() - gc0, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /**
     * Decides requests round-robin from {@code offset} until {@code nanos} have passed (or the
     * latency array is full); returns the number of decisions.
     */
    static int run(RuleSet rules, Workload w, int offset, long nanos, long[] latencies) {
        long end = System.nanoTime() + nanos;
        int count = 0;
        int i = offset;
        Object last = null;
        int limit = latencies == null ? Integer.MAX_VALUE : latencies.length;
        while (count < limit) {
            if ((count & 127) == 0 && System.nanoTime() >= end) {
                break;
            }
            RecallRequest r = w.requests[i];
            boolean hold = w.holds[i];
            if (latencies != null) {
                long s = System.nanoTime();
                last = rules.decide(r, hold ? HOLD : NO_HOLD, "bench", AcceptLanguage.NONE);
                latencies[count] = System.nanoTime() - s;
            } else {
                last = rules.decide(r, hold ? HOLD : NO_HOLD, "bench", AcceptLanguage.NONE);
            }
            count++;
            if (++i == REQUESTS) {
                i = 0;
            }
        }
        sink = last;
        return count;
    }

    static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    static String us(long[] sorted, int n, double q) {
        if (n == 0) {
            return "-";
        }
        int idx = (int) Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1));
        return String.format("%.1f µs", sorted[idx] / 1_000.0);
    }

    /** A fixed, seeded mix of requests. */
    static final class Workload {
        final RecallRequest[] requests = new RecallRequest[REQUESTS];
        final boolean[] holds = new boolean[REQUESTS];

        static final String[] SCENARIOS = {
            "ecommerce", "ecommerce", "ecommerce", "after_sales", "after_sales", "after_sales",
            "tech_support", "tech_support", "live_streaming", "group_buying", "logistics", "general"};
        static final String[] ZH = {
            "您好，我想咨询一下这个订单的物流情况，", "昨天下单的那件羽绒服什么时候能发货？", "客服你好，收到的商品有明显的划痕，",
            "麻烦帮我看一下退款进度，已经三天了还没到账。", "路由器重启之后还是连不上网，指示灯一直闪红色，", "这个型号支持 5G 频段吗？",
            "我按照您说的步骤操作了，但是设置页面打不开。", "好的，谢谢，那我再等等看。", "请问可以开增值税专用发票吗？",
            "包装盒压坏了，里面的配件少了一个充电器，", "师傅说明天上午上门安装，能不能改到下午？", "优惠券为什么用不了，提示不满足条件。"};
        static final String[] EN = {
            "Hi, I ordered the blue jacket last week and it still has not shipped. ",
            "The replacement arrived but the charger is missing. ", "Could you check the refund status for me please? ",
            "I tried resetting the router as you suggested, no luck. ", "Is there any discount if I buy two? ",
            "Thanks, that solved it. ", "The app crashes whenever I open the settings page. ",
            "Please send the invoice to my company address. "};
        static final String[] SENSITIVE = {
            "我的银行卡号 6222 0210 0112 3456 789 发错了，", "卡号6222021001123456789，", "我的电话 13800138000，请回电。",
            "call me at +86 138-0013-8000 ", "身份证号 11010519491231002X，", "my e-mail is zhang.san@example.com ",
            "退款请打到 6222-0210-0112-3456-789，", "联系电话：13800138000 或 zhang.san@example.com，"};
        static final String[] DECOYS = {
            "订单号：6222021001123456789，", "order no 4111111111111111 ", "编号213800138000，", "型号 XL-2026-11，"};
        static final String[] TAGS = {"greeting", "shipping", "refund", "invoice", "after_sales_visit"};
        static final String[] KEY_TAGS = {"order_details", "price", "commitment", "solution"};

        static Workload build(Random rnd) {
            Workload w = new Workload();
            Instant base = Instant.parse("2026-11-24T08:00:00Z");
            for (int i = 0; i < REQUESTS; i++) {
                String scenario = SCENARIOS[rnd.nextInt(SCENARIOS.length)];
                boolean customer = rnd.nextInt(100) < 70;
                String sender = customer ? "u-" + rnd.nextInt(10_000) : "agent-" + rnd.nextInt(200);
                Role senderRole = customer ? Role.CUSTOMER : (rnd.nextInt(10) == 0 ? Role.BOT : Role.AGENT);
                String requesterId = rnd.nextInt(100) < 5 ? "sup-" + rnd.nextInt(20) : sender;
                Role requesterRole = requesterId.equals(sender) ? senderRole : Role.SUPERVISOR;

                String text = text(rnd);
                Instant sentAt = base.plusSeconds(rnd.nextInt(86_400 * 30));
                Duration age = age(rnd);
                Instant at = sentAt.plus(age);
                Instant repliedAt = null;
                if (rnd.nextInt(100) < 40 && age.getSeconds() > 0) {
                    repliedAt = sentAt.plusSeconds(1 + (long) (rnd.nextDouble() * age.getSeconds()));
                }
                List<String> tags = new ArrayList<>();
                if (rnd.nextInt(100) < 30) {
                    tags.add(TAGS[rnd.nextInt(TAGS.length)]);
                }
                if (rnd.nextInt(100) < 10) {
                    tags.add(KEY_TAGS[rnd.nextInt(KEY_TAGS.length)]);
                }
                if (rnd.nextInt(100) < 3) {
                    tags.add("dispute_evidence");
                }
                MessageKind kind = rnd.nextInt(100) < 95 ? MessageKind.TEXT : MessageKind.IMAGE;
                w.requests[i] = new RecallRequest("r-" + i, rnd.nextInt(4) == 0 ? Mode.PREVIEW : Mode.ENFORCE, scenario,
                        "c-" + rnd.nextInt(5_000),
                        new Message("m-" + i, sender, senderRole, kind, kind == MessageKind.TEXT ? text : null, sentAt,
                                repliedAt, rnd.nextBoolean(), tags),
                        new Requester(requesterId, requesterRole), at);
                w.holds[i] = rnd.nextInt(100) < 3;
            }
            return w;
        }

        /** About 200 characters: mostly Chinese, some English, a quarter with a sensitive item. */
        static String text(Random rnd) {
            StringBuilder sb = new StringBuilder(256);
            boolean sensitive = rnd.nextInt(100) < 25;
            boolean decoy = rnd.nextInt(100) < 10;
            int insertAt = 40 + rnd.nextInt(120);
            while (sb.length() < 200) {
                if (sensitive && sb.length() >= insertAt) {
                    sb.append(SENSITIVE[rnd.nextInt(SENSITIVE.length)]);
                    sensitive = false;
                } else if (decoy && sb.length() >= insertAt / 2) {
                    sb.append(DECOYS[rnd.nextInt(DECOYS.length)]);
                    decoy = false;
                } else if (rnd.nextInt(3) == 0) {
                    sb.append(EN[rnd.nextInt(EN.length)]);
                } else {
                    sb.append(ZH[rnd.nextInt(ZH.length)]);
                }
            }
            return sb.length() > 230 ? sb.substring(0, 230) : sb.toString();
        }

        /** Seconds (around the 2-minute window), hours (the 24 h window) and days. */
        static Duration age(Random rnd) {
            int bucket = rnd.nextInt(100);
            if (bucket < 45) {
                return Duration.ofSeconds(rnd.nextInt(240));
            }
            if (bucket < 55) {
                return Duration.ofSeconds(115 + rnd.nextInt(10));
            }
            if (bucket < 85) {
                return Duration.ofSeconds(rnd.nextInt(86_400 * 2));
            }
            return Duration.ofDays(2 + rnd.nextInt(30));
        }

        void describe(RuleSet rules) {
            long chars = 0;
            int withSensitive = 0;
            Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
            Map<String, Integer> reasons = new TreeMap<>();
            Map<String, Integer> scenarios = new TreeMap<>();
            for (int i = 0; i < REQUESTS; i++) {
                RecallRequest r = requests[i];
                chars += r.message().text() == null ? 0 : r.message().text().length();
                Decision d = rules.decide(r, holds[i] ? HOLD : NO_HOLD, "bench", AcceptLanguage.NONE).decision();
                if (!d.sensitive().isEmpty()) {
                    withSensitive++;
                }
                outcomes.merge(d.outcome(), 1, Integer::sum);
                reasons.merge(d.decisiveReason().code(), 1, Integer::sum);
                scenarios.merge(r.scenario(), 1, Integer::sum);
            }
            System.out.printf("workload : %d requests, %.0f chars of text on average, %d with sensitive data%n",
                    REQUESTS, chars / (double) REQUESTS, withSensitive);
            System.out.println("           scenarios " + scenarios);
            System.out.println("           outcomes  " + outcomes);
            System.out.println("           reasons   " + reasons);
        }
    }
}
