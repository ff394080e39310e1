import io.recallgate.model.Decision;
import io.recallgate.model.Mode;
import io.recallgate.model.Outcome;
import io.recallgate.model.Reason;
import io.recallgate.model.SensitiveFinding;
import io.recallgate.model.SensitiveType;
import io.recallgate.store.DecisionRecord;
import io.recallgate.store.LogEntry;
import io.recallgate.tlog.CompactRange;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * In-process benchmark of the CPU the Merkle log adds to one enforce decision in the JVM: building
 * its entry (the stored decision's JSON, RFC 8785 canonical form), the leaf hash, and appending the
 * leaf to the tree's edge (the node hashes it completes). Measured in thread CPU time, so it does not
 * depend on what else the machine runs.
 *
 * <pre>
 * mvn -q -DskipTests package
 * java -cp target/recallgate.jar bench/LeafBench.java [seconds]
 * </pre>
 */
public class LeafBench {
    public static void main(String[] args) {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        List<DecisionRecord> records = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Decision d = new Decision(
                    UUID.randomUUID().toString(),
                    Mode.ENFORCE,
                    i % 3 == 0 ? Outcome.REDACT : Outcome.DENY,
                    List.of(new Reason("WINDOW_EXPIRED", "after_sales: the recall window has closed", "撤回时间已过，消息保留。")),
                    i % 3 == 0 ? List.of(new SensitiveFinding(SensitiveType.BANK_CARD, 7, 30)) : List.of(),
                    null,
                    null,
                    "sha256:3f1c0a9b8e7d6c5b4a392817161514131211100f0e0d0c0b0a09080706050403",
                    Instant.parse("2026-11-24T08:01:00Z").plusSeconds(i));
            JsonObject message = new JsonObject()
                    .put("id", "m-" + i)
                    .put("senderId", "u-" + (i % 97))
                    .put("senderRole", "customer")
                    .put("kind", "text")
                    .put("sentAt", "2026-11-24T08:00:00Z")
                    .put("repliedAt", null)
                    .put("latest", true)
                    .put("tags", new JsonArray().add("order_" + (i % 5)));
            JsonObject facts = new JsonObject()
                    .put("mode", "enforce")
                    .put("scenario", "after_sales")
                    .put("conversationId", "c-" + (i / 7))
                    .put("message", message)
                    .put("requester", new JsonObject().put("id", "u-" + (i % 97)).put("role", "customer"))
                    .put("at", "2026-11-24T08:01:00Z")
                    .put("held", false)
                    .put("holdIds", new JsonArray())
                    .put("sensitive", new JsonArray());
            JsonArray trace = new JsonArray()
                    .add(new JsonObject().put("rule", "after_sales: the recall window has closed").put("file", "50-ordinary-messages.drl"));
            records.add(new DecisionRecord(
                    "acme", "r-" + i, "after_sales", "c-" + (i / 7), "m-" + i, "u-" + (i % 97),
                    "hmac-sha256:" + "ab".repeat(32), d, facts, trace));
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        CompactRange edge = new CompactRange();
        long warmEnd = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < warmEnd) {
            for (DecisionRecord r : records) {
                edge.append(LogEntry.leafHash(r, null), (a, b, c) -> {});
            }
        }
        long n = 0;
        long cpu0 = threads.getCurrentThreadCpuTime();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            for (DecisionRecord r : records) {
                edge.append(LogEntry.leafHash(r, null), (a, b, c) -> {});
            }
            n += records.size();
        }
        long cpu = threads.getCurrentThreadCpuTime() - cpu0;
        System.out.printf("%d entries; %.2f µs CPU per entry (JSON entry, RFC 8785, leaf hash, tree nodes); "
                + "entry ≈ %d bytes%n", n, cpu / 1000.0 / n, LogEntry.canonical(records.get(0), null).length);
    }
}
