import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the CPU samples of a JFR recording (jdk.ExecutionSample) go: the top methods by self
 * time, and the share of samples under frames of interest (inclusive), e.g. the JSON parse,
 * the rules, the access log. For the recordings bench/throughput.sh takes with JFR=DIR:
 *
 * <pre>java bench/JfrTop.java /tmp/jfr/preview.jfr [TOP]</pre>
 */
public final class JfrTop {

    /** Inclusive buckets: a sample counts in each bucket one of whose frames matches. */
    private static final String[][] BUCKETS = {
        {"request parse + validation", "io.recallgate.http.contract.RequestParser.parse"},
        {"  JSON decode (tree)", "io.recallgate.http.contract.JsonBodyDecoder.decode"},
        {"  schema walk", "io.recallgate.http.contract.SchemaNode.validate"},
        {"rules (RuleSet.decide)", "io.recallgate.policy.RuleSet.decide"},
        {"text scan", "io.recallgate.content.SensitiveScanner"},
        {"hold look-up", "io.recallgate.store.HoldStore"},
        {"decision log append (leaf hash)", "io.recallgate.store.LogEntry.leafHash"},
        {"facts JSON", "io.recallgate.decision.FactsJson"},
        {"group commit flush", "io.recallgate.store.DecisionLog.flush"},
        {"response JSON", "io.recallgate.http.decisions.DecisionJson"},
        {"access log handler", "io.recallgate.http.AccessLog"},
        {"  service metrics", "io.recallgate.http.ServiceMetrics"},
        {"Micrometer (all)", "io.micrometer."},
        {"Vert.x micrometer metrics", "io.vertx.micrometer."},
        {"logging (logback)", "ch.qos.logback."},
        {"Vert.x Web router", "io.vertx.ext.web.impl.RouterImpl"},
        {"request guard", "io.recallgate.http.RequestGuard"},
        {"pg client", "io.vertx.pgclient."},
        {"Netty", "io.netty."},
        {"epoll wait/IO", "io.netty.channel.epoll.Native"},
        {"GC/other native", "<no java frame>"},
    };

    public static void main(String[] args) throws Exception {
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        Map<String, Integer> self = new HashMap<>();
        int[] bucketCounts = new int[BUCKETS.length];
        Map<String, Integer> threads = new HashMap<>();
        int total = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            total++;
            String thread = e.getThread("sampledThread") == null
                    ? "?"
                    : e.getThread("sampledThread").getJavaName();
            threads.merge(thread == null ? "?" : thread.replaceAll("-\\d+$", "-N"), 1, Integer::sum);
            RecordedStackTrace st = e.getStackTrace();
            List<RecordedFrame> frames = st == null ? List.of() : st.getFrames();
            if (frames.isEmpty()) {
                bucketCounts[BUCKETS.length - 1]++;
                continue;
            }
            RecordedFrame f0 = frames.get(0);
            self.merge(name(f0), 1, Integer::sum);
            Set<Integer> hit = new HashSet<>();
            for (RecordedFrame f : frames) {
                String n = name(f);
                for (int b = 0; b < BUCKETS.length; b++) {
                    if (n.startsWith(BUCKETS[b][1])) {
                        hit.add(b);
                    }
                }
            }
            hit.forEach(b -> bucketCounts[b]++);
        }
        System.out.printf("%s: %d CPU samples%n", args[0], total);
        System.out.println("-- inclusive share (a sample counts in every bucket on its stack)");
        for (int b = 0; b < BUCKETS.length; b++) {
            System.out.printf("  %5.1f %%  %s%n", 100.0 * bucketCounts[b] / Math.max(1, total), BUCKETS[b][0]);
        }
        System.out.println("-- by thread");
        int all = total;
        threads.entrySet().stream()
                .sorted((a, b) -> b.getValue() - a.getValue())
                .limit(8)
                .forEach(t -> System.out.printf("  %5.1f %%  %s%n", 100.0 * t.getValue() / all, t.getKey()));
        System.out.println("-- top methods by self time");
        List<Map.Entry<String, Integer>> list = new ArrayList<>(self.entrySet());
        list.sort((a, b) -> b.getValue() - a.getValue());
        for (int i = 0; i < Math.min(top, list.size()); i++) {
            System.out.printf("  %5.1f %%  %s%n", 100.0 * list.get(i).getValue() / total, list.get(i).getKey());
        }
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }
}
