package io.recallgate.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recallgate.model.MessageFacts;
import io.recallgate.model.MessageKind;
import io.recallgate.model.Mode;
import io.recallgate.model.RecallFacts;
import io.recallgate.model.Requester;
import io.recallgate.model.Role;
import io.recallgate.policy.RuleFolder;
import io.recallgate.policy.RuleSet;
import io.recallgate.policy.RuleSetCompiler;
import io.recallgate.store.ReplayScan.StoredVerdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Counting what a candidate changes: stored decisions are decided again from their facts, a change
 * is a different decisive outcome or reason (not a different {@code allowedUntil}), changes are
 * grouped by scenario and verdicts before and after, largest first, with at most 20 examples in
 * the order the decisions came; records without readable facts, and facts the candidate's rules
 * fail on, are skipped.
 */
class ImpactTallyTest {

    static final Instant SENT = Instant.parse("2026-11-24T08:00:00Z");

    /** The shipped rules with after_sales' recall window at 5 minutes (the README's edit). */
    static RuleSet fiveMinutes;

    /** The shipped rules plus a rule whose condition throws for the scenario "boom". */
    static RuleSet throwing;

    @BeforeAll
    static void compile(@TempDir Path tmp) throws IOException {
        Path five = copy(tmp.resolve("five"));
        Path settings = five.resolve("settings.csv");
        Files.writeString(
                settings,
                Files.readString(settings)
                        .replace("after_sales,yes,window,2 minutes,", "after_sales,yes,window,5 minutes,"));
        RuleSetCompiler compiler = new RuleSetCompiler(Clock.systemUTC());
        fiveMinutes = compile(compiler, five);

        Path boom = copy(tmp.resolve("boom"));
        Files.writeString(boom.resolve("05-boom.drl"), """
                rule "A scenario named boom cannot be read as a number"
                when
                    Recall( scenario == "boom", Integer.parseInt(scenario) > 0 )
                then
                    deny("NOT_SENDER");
                end
                """);
        Path order = boom.resolve("decision-order.csv");
        List<String> rules = new ArrayList<>();
        rules.add("A scenario named boom cannot be read as a number");
        Files.readAllLines(order).stream()
                .skip(1)
                .map(l -> l.substring(l.indexOf(',') + 1))
                .forEach(rules::add);
        StringBuilder csv = new StringBuilder("#,Rule\n");
        for (int i = 0; i < rules.size(); i++) {
            csv.append(i + 1).append(',').append(rules.get(i)).append('\n');
        }
        Files.writeString(order, csv);
        throwing = compile(compiler, boom);
    }

    @Test
    void onlyADifferentDecisiveOutcomeOrReasonIsAChange() {
        ImpactTally tally = new ImpactTally(fiveMinutes);
        tally.add(List.of(
                // aged 3 minutes: WINDOW_EXPIRED then, WITHIN_WINDOW under 5 minutes
                stored("d-1", "after_sales", "deny", "WINDOW_EXPIRED", facts("after_sales", 180)),
                // aged 1 minute: allowed either way (allowedUntil moves from 08:02 to 08:05: no change)
                stored("d-2", "after_sales", "allow", "WITHIN_WINDOW", facts("after_sales", 60)),
                // aged 6 minutes: expired either way
                stored("d-3", "after_sales", "deny", "WINDOW_EXPIRED", facts("after_sales", 360)),
                // the general row keeps 2 minutes
                stored("d-4", "live_chat", "deny", "WINDOW_EXPIRED", facts("live_chat", 180))));
        assertEquals(4, tally.replayed());
        assertEquals(1, tally.changed());
        assertEquals(0, tally.skipped());
        assertEquals(
                List.of(new ImpactReport.Transition(
                        "after_sales",
                        new ImpactReport.Verdict("deny", "WINDOW_EXPIRED"),
                        new ImpactReport.Verdict("allow", "WITHIN_WINDOW"),
                        1,
                        List.of("d-1"))),
                tally.transitions());
    }

    @Test
    void theStoredVerdictIsTheBeforeWhicheverRulesMadeIt() {
        // a record stored as allow (e.g. by an older policy) that the candidate denies
        ImpactTally tally = new ImpactTally(fiveMinutes);
        tally.add(List.of(stored("d-1", "after_sales", "allow", "WITHIN_WINDOW", facts("after_sales", 600))));
        assertEquals(1, tally.changed());
        ImpactReport.Transition t = tally.transitions().get(0);
        assertEquals(new ImpactReport.Verdict("allow", "WITHIN_WINDOW"), t.from());
        assertEquals(new ImpactReport.Verdict("deny", "WINDOW_EXPIRED"), t.to());
    }

    @Test
    void transitionsAreGroupedLargestFirstWithAtMost20ExamplesInTheOrderTheyCame() {
        ImpactTally tally = new ImpactTally(fiveMinutes);
        List<StoredVerdict> page = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            page.add(stored("a-" + i, "after_sales", "deny", "WINDOW_EXPIRED", facts("after_sales", 180)));
        }
        for (int i = 0; i < 3; i++) { // stored as not the sender, but the facts say the sender asked
            page.add(stored("b-" + i, "ecommerce", "deny", "NOT_SENDER", facts("ecommerce", 30)));
        }
        for (int i = 0; i < 3; i++) {
            page.add(stored("c-" + i, "after_sales", "deny", "NOT_SENDER", facts("after_sales", 30)));
        }
        tally.add(page.subList(0, 10));
        tally.add(page.subList(10, page.size()));
        assertEquals(31, tally.replayed());
        assertEquals(31, tally.changed());
        List<ImpactReport.Transition> ts = tally.transitions();
        assertEquals(3, ts.size(), ts.toString());
        assertEquals(25, ts.get(0).count());
        assertEquals(20, ts.get(0).examples().size());
        assertEquals("a-0", ts.get(0).examples().get(0));
        assertEquals("a-19", ts.get(0).examples().get(19));
        // equal counts: by scenario
        assertEquals("after_sales", ts.get(1).scenario());
        assertEquals(new ImpactReport.Verdict("deny", "NOT_SENDER"), ts.get(1).from());
        assertEquals(
                new ImpactReport.Verdict("allow", "WITHIN_WINDOW"), ts.get(1).to());
        assertEquals("ecommerce", ts.get(2).scenario());
        assertEquals(
                new ImpactReport.Verdict("deny", "SCENARIO_NO_RECALL"),
                ts.get(2).to());
        assertEquals(List.of("b-0", "b-1", "b-2"), ts.get(2).examples());
        assertEquals(
                tally.changed(),
                ts.stream().mapToLong(ImpactReport.Transition::count).sum());
    }

    @Test
    void recordsWithoutReadableFactsAndFactsTheRulesFailOnAreSkipped() {
        ImpactTally tally = new ImpactTally(throwing);
        tally.add(List.of(
                stored("no-facts", "after_sales", "deny", "WINDOW_EXPIRED", null),
                stored("not-json", "after_sales", "deny", "WINDOW_EXPIRED", "{\"mode\":"),
                stored("array", "after_sales", "deny", "WINDOW_EXPIRED", "[]"),
                stored("no-message", "after_sales", "deny", "WINDOW_EXPIRED", "{\"mode\":\"enforce\"}"),
                stored("boom", "boom", "deny", "WINDOW_EXPIRED", facts("boom", 180)),
                stored("fine", "after_sales", "deny", "WINDOW_EXPIRED", facts("after_sales", 180))));
        assertEquals(1, tally.replayed());
        assertEquals(5, tally.skipped(), "one without facts, three unreadable, one failing");
        assertEquals(3, tally.unreadable());
        assertEquals(1, tally.failing());
        assertEquals(0, tally.changed());
        assertTrue(tally.transitions().isEmpty());
    }

    /** A customer's own unanswered text, asked about {@code ageSeconds} after it was sent. */
    static String facts(String scenario, long ageSeconds) {
        RecallFacts f = new RecallFacts(
                Mode.ENFORCE,
                scenario,
                "c-1",
                new MessageFacts("m-1", "u-1", Role.CUSTOMER, MessageKind.TEXT, SENT, null, true, List.of()),
                new Requester("u-1", Role.CUSTOMER),
                SENT.plusSeconds(ageSeconds),
                false,
                List.of(),
                List.of());
        return FactsJson.toJson(f).encode();
    }

    static StoredVerdict stored(String id, String scenario, String outcome, String reason, String facts) {
        return new StoredVerdict(id, scenario, outcome, reason, facts);
    }

    private static RuleSet compile(RuleSetCompiler compiler, Path dir) {
        try {
            return compiler.compile(RuleFolder.read(dir));
        } catch (io.recallgate.policy.PolicyRejectedException e) {
            throw new AssertionError(e.errors().toString(), e);
        }
    }

    private static Path copy(Path to) throws IOException {
        Path from = Path.of("rules");
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }
}
