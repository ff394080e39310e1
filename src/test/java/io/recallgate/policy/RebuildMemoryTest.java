package io.recallgate.policy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recallgate.model.AcceptLanguage;
import io.recallgate.model.Message;
import io.recallgate.model.MessageKind;
import io.recallgate.model.Mode;
import io.recallgate.model.RecallRequest;
import io.recallgate.model.Requester;
import io.recallgate.model.Role;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The service must run for months with frequent policy edits: rebuilding the rule set again and
 * again must not keep old rule sets (their KieModules, classes and class loaders) alive.
 */
class RebuildMemoryTest {

    private static final int REBUILDS = 200;

    @Test
    void rebuildingTwoHundredTimesDoesNotGrowHeapOrMetaspace() throws Exception {
        RuleSetCompiler compiler = new RuleSetCompiler(Clock.systemUTC());
        RuleFolder folder = RuleFolder.read(Path.of("rules"));
        Instant sent = Instant.parse("2026-11-24T08:00:00Z");
        RecallRequest request = new RecallRequest(
                null,
                Mode.PREVIEW,
                "after_sales",
                "c",
                new Message("m", "u", Role.CUSTOMER, MessageKind.TEXT, "hello", sent, null, true, List.of()),
                new Requester("u", Role.CUSTOMER),
                sent.plusSeconds(30));

        long heapAfterWarmup = 0;
        long metaAfterWarmup = 0;
        for (int i = 1; i <= REBUILDS; i++) {
            RuleSet rules = compiler.compile(folder);
            rules.decide(request, List.of(), "d", AcceptLanguage.NONE); // use it, as the service would
            if (i == 40) {
                settle();
                heapAfterWarmup = usedHeap();
                metaAfterWarmup = usedMetaspace();
            }
        }
        settle();
        long heapGrowth = usedHeap() - heapAfterWarmup;
        long metaGrowth = usedMetaspace() - metaAfterWarmup;
        System.out.printf(
                "heap growth %d KiB, metaspace growth %d KiB over %d rebuilds%n",
                heapGrowth / 1024, metaGrowth / 1024, REBUILDS - 40);
        // 160 more builds: a leak of one rule set per build would be many megabytes of each.
        assertTrue(heapGrowth < 24L * 1024 * 1024, "heap grew by " + heapGrowth / 1024 + " KiB over 160 rebuilds");
        assertTrue(metaGrowth < 16L * 1024 * 1024, "metaspace grew by " + metaGrowth / 1024 + " KiB over 160 rebuilds");
    }

    private static void settle() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
        }
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long usedMetaspace() {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getName().contains("Metaspace")) {
                used += pool.getUsage().getUsed();
            }
        }
        return used;
    }
}
