import io.recallgate.decision.DecisionIds;
import io.recallgate.http.contract.ParseResult;
import io.recallgate.http.contract.RequestParser;
import io.recallgate.http.decisions.DecisionJson;
import io.recallgate.metrics.MicrometerMetrics;
import io.recallgate.model.AcceptLanguage;
import io.recallgate.model.RecallRequest;
import io.recallgate.policy.Decided;
import io.recallgate.policy.RuleFolder;
import io.recallgate.policy.RuleSet;
import io.recallgate.policy.RuleSetCompiler;
import io.vertx.core.buffer.Buffer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * In-process cost of the parts of one preview decision that are the service's own code, in the
 * order the event loop runs them: reading the body ({@link RequestParser#parse}), deciding
 * ({@link RuleSet#decide}: scan, rules, reasons, masking), writing the answer
 * ({@link DecisionJson#toBuffer}) and counting it ({@link MicrometerMetrics#decided}). CPU time
 * and bytes allocated per request, each part measured over 8 requests at a time, with the body
 * mix of bench/decisions.lua (mode preview). What is not here is the HTTP stack: compare with
 * the JVM µs per request of bench/throughput.sh's preview phase.
 *
 * <pre>
 * mvn -q -DskipTests package
 * java -cp target/recallgate.jar bench/PreviewPathBench.java [seconds per round] [rounds]
 * </pre>
 */
public class PreviewPathBench {
    static volatile Object sink;
    public static void main(String[] a) throws Exception {
        int seconds = a.length > 0 ? Integer.parseInt(a[0]) : 5;
        int rounds = a.length > 1 ? Integer.parseInt(a[1]) : 4;
        RuleSet rules = new RuleSetCompiler(Clock.systemUTC()).compile(RuleFolder.read(Path.of("rules")));
        RequestParser parser = RequestParser.load();
        MicrometerMetrics metrics = new MicrometerMetrics();
        String[] scen = {"after_sales", "ecommerce", "tech_support", "live_chat", "after_sales", "ecommerce"};
        String[] roles = {"customer", "customer", "customer", "agent"};
        String filler = "the parcel arrived this morning but the colour is not the one in the photos, could you check the order again and tell me whether an exchange is possible before friday, thanks";
        String[] texts = {"sorry, wrong window: " + filler, "我的银行卡号 6222 0210 0112 3456 789 发错了，请撤回 " + filler,
            "ok, see you tomorrow at ten; " + filler, "call me back at 13800138000 about the refund please; " + filler,
            "typo above, I meant the blue one, " + filler, "身份证号 11010519491231002X 不该发在这里 " + filler};
        int N = 1320;
        Buffer[] bodies = new Buffer[N];
        for (int n = 0; n < N; n++) {
            int age = 5 + (n * 7) % 400;
            String at = String.format("2026-11-24T08:%02d:%02dZ", age / 60, age % 60);
            String replied = n % 3 == 0 ? "\"2026-11-24T08:00:03Z\"" : "null";
            String role = roles[n % 4];
            String sender = "u-1-" + n;
            String requester = n % 11 == 0 ? "someone-else" : sender;
            String body = (n % 2 == 0 ? "{\"requestId\":\"r-x-" + n + "\"," : "{") + "\"mode\":\"preview\",\"scenario\":\"" + scen[n % 6]
                + "\",\"conversationId\":\"c-x-" + n + "\",\"message\":{\"id\":\"m-" + n + "\",\"senderId\":\"" + sender
                + "\",\"senderRole\":\"" + role + "\",\"kind\":\"text\",\"text\":\"" + texts[n % 6]
                + "\",\"sentAt\":\"2026-11-24T08:00:00Z\",\"repliedAt\":" + replied + ",\"latest\":" + (n % 2 == 1)
                + ",\"tags\":[]},\"requester\":{\"id\":\"" + requester + "\",\"role\":\"" + role + "\"},\"at\":\"" + at + "\"}";
            bodies[n] = Buffer.buffer(body.getBytes(StandardCharsets.UTF_8));
        }
        var tb = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        for (int round = 0; round < rounds; round++) {
            long[] cpu = new long[4]; long[] al = new long[4]; long count = 0;
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                for (int i = 0; i < N; i++) {
                    long a0 = tb.getThreadAllocatedBytes(tid);
                    long c0 = tb.getCurrentThreadCpuTime();
                    ParseResult<RecallRequest> p = null;
                    for (int k = 0; k < 8; k++) p = parser.parse(bodies[(i + k) % N], Instant.now());
                    long c1 = tb.getCurrentThreadCpuTime();
                    long a1 = tb.getThreadAllocatedBytes(tid);
                    Decided d = null;
                    for (int k = 0; k < 8; k++) d = rules.decide(p.value(), List.of(), DecisionIds.next(), AcceptLanguage.NONE);
                    long c2 = tb.getCurrentThreadCpuTime();
                    long a2 = tb.getThreadAllocatedBytes(tid);
                    Buffer out = null;
                    for (int k = 0; k < 8; k++) out = DecisionJson.toBuffer(d.decision());
                    long c3 = tb.getCurrentThreadCpuTime();
                    long a3 = tb.getThreadAllocatedBytes(tid);
                    for (int k = 0; k < 8; k++) metrics.decided(d.decision().mode(), d.decision().outcome(), d.decision().decisiveReason().code(), p.value().scenario(), 1000);
                    long c4 = tb.getCurrentThreadCpuTime();
                    long a4 = tb.getThreadAllocatedBytes(tid);
                    al[0] += a1 - a0; al[1] += a2 - a1; al[2] += a3 - a2; al[3] += a4 - a3;
                    cpu[0] += c1 - c0; cpu[1] += c2 - c1; cpu[2] += c3 - c2; cpu[3] += c4 - c3; count += 8;
                    sink = out;
                }
            }
            System.out.printf("round %d (CPU per request): parse %.2f us, decide %.2f us, answer %.2f us, metrics %.2f us (n=%d)%n", round,
                cpu[0] / 1e3 / count, cpu[1] / 1e3 / count, cpu[2] / 1e3 / count, cpu[3] / 1e3 / count, count);
            System.out.printf("         bytes: parse %d, decide %d, answer %d, metrics %d%n", al[0] / count, al[1] / count, al[2] / count, al[3] / count);
        }
    }
}
