package io.recallgate.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recallgate.model.AcceptLanguage;
import io.recallgate.model.Decision;
import io.recallgate.model.Message;
import io.recallgate.model.MessageKind;
import io.recallgate.model.Mode;
import io.recallgate.model.Outcome;
import io.recallgate.model.Reason;
import io.recallgate.model.RecallFacts;
import io.recallgate.model.RecallRequest;
import io.recallgate.model.Requester;
import io.recallgate.model.Role;
import io.recallgate.model.RuleFiring;
import io.recallgate.model.RuleReason;
import io.recallgate.model.SensitiveFinding;
import io.recallgate.model.SensitiveType;
import io.recallgate.model.Verdict;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two entry points of a rule set: {@link RuleSet#decide} (text → facts → verdict → decision in
 * the caller's language) and {@link RuleSet#evaluate} (facts alone, as a replay does); the facts
 * are plain input, the verdict and the engine's trace come apart from them.
 */
class RuleSetTest {

    private static final Instant SENT = Instant.parse("2026-11-24T08:00:00Z");
    private static final String CARD_TEXT = "我的银行卡号 6222 0210 0112 3456 789 发错了";
    private static RuleSet rules;

    @BeforeAll
    static void compile() throws Exception {
        rules = new RuleSetCompiler(java.time.Clock.systemUTC()).compile(RuleFolder.read(RulesCopy.SHIPPED));
    }

    private static RecallRequest request(String scenario, String text, String requester, long ageSeconds) {
        return new RecallRequest(
                "req-1",
                Mode.ENFORCE,
                scenario,
                "c-1",
                new Message("m-1", "u-1", Role.CUSTOMER, MessageKind.TEXT, text, SENT, null, true, List.of("greeting")),
                new Requester(requester, requester.equals("u-1") ? Role.CUSTOMER : Role.AGENT),
                SENT.plusSeconds(ageSeconds));
    }

    @Test
    void theFactsAreTheRequestWithoutItsTextPlusHoldsAndFindings() {
        RecallRequest request = request("ecommerce", CARD_TEXT, "u-1", 60);

        Decided d = rules.decide(request, List.of("hold-1"), "d-1", AcceptLanguage.NONE);
        RecallFacts facts = d.evaluation().facts();

        assertEquals("ecommerce", facts.scenario());
        assertEquals("c-1", facts.conversationId());
        assertEquals("m-1", facts.message().id());
        assertEquals(List.of("greeting"), facts.message().tags());
        assertEquals(SENT.plusSeconds(60), facts.at());
        assertTrue(facts.held());
        assertEquals(List.of("hold-1"), facts.holdIds());
        assertEquals(List.of(new SensitiveFinding(SensitiveType.BANK_CARD, 7, 30)), facts.sensitive());
        assertTrue(
                java.util.Arrays.stream(RecallFacts.class.getRecordComponents())
                        .noneMatch(c -> c.getName().contains("text")),
                "facts have no place for the text");
    }

    @Test
    void theVerdictNamesTheDecidingRuleAndTheTraceComesFromTheEngine() {
        Decided d = rules.decide(
                request("after_sales", CARD_TEXT, "u-1", 60), List.of("hold-1"), "d-1", AcceptLanguage.NONE);

        String rule = "A message under dispute that holds sensitive data is masked instead of recalled";
        assertEquals(
                new Verdict(
                        Outcome.REDACT,
                        null,
                        List.of(new RuleReason("DISPUTE_FROZEN", rule), new RuleReason("SENSITIVE_REDACTED", rule))),
                d.evaluation().verdict());
        assertEquals(
                List.of(new RuleFiring(rule, "20-disputes.drl")), d.evaluation().trace());
        Decision decision = d.decision();
        assertEquals("我的银行卡号 **** **** **** ***6 789 发错了", decision.maskedText());
        assertEquals("d-1", decision.decisionId());
        assertEquals(rules.version(), decision.policyVersion());
        assertEquals(SENT.plusSeconds(60), decision.evaluatedAt());
        assertEquals(
                List.of(rule, rule),
                decision.reasons().stream().map(Reason::rule).toList());
    }

    @Test
    void evaluatingTheStoredFactsGivesTheSameVerdictAndTraceWithoutTheText() {
        for (RecallRequest request : List.of(
                request("after_sales", "hello", "u-1", 60),
                request("after_sales", "hello", "agent-1", 60),
                request("tech_support", CARD_TEXT, "u-1", 3_600),
                request("ecommerce", CARD_TEXT, "u-1", 90_000),
                request("live_streaming", "hello", "u-1", 121))) {
            Decided decided = rules.decide(request, List.of(), "d", AcceptLanguage.NONE);

            Evaluation replay = rules.evaluate(decided.evaluation().facts());

            assertEquals(decided.evaluation().verdict(), replay.verdict(), request.scenario());
            assertEquals(decided.evaluation().trace(), replay.trace(), request.scenario());
        }
    }

    @Test
    void manyThreadsEvaluatingAtOnceGetEachTheirOwnVerdictAndTrace() throws Exception {
        List<RecallFacts> facts = new java.util.ArrayList<>();
        String[] scenarios = {"after_sales", "ecommerce", "tech_support", "live_streaming"};
        for (int i = 0; i < 40; i++) {
            RecallRequest r = request(
                    scenarios[i % 4], i % 3 == 0 ? CARD_TEXT : "hello", i % 7 == 0 ? "agent-1" : "u-1", i * 97L);
            facts.add(rules.decide(r, i % 11 == 0 ? List.of("h") : List.of(), "d", AcceptLanguage.NONE)
                    .evaluation()
                    .facts());
        }
        List<Evaluation> expected = facts.stream().map(rules::evaluate).toList();
        assertTrue(expected.stream()
                        .map(e -> e.verdict().decisiveReason().code())
                        .distinct()
                        .count()
                >= 5);

        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<List<String>>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t;
                results.add(pool.submit(() -> {
                    List<String> wrong = new java.util.ArrayList<>();
                    for (int n = 0; n < 2_000; n++) {
                        int i = (n + offset * 7) % facts.size();
                        Evaluation e = rules.evaluate(facts.get(i));
                        if (!e.equals(expected.get(i))) {
                            wrong.add(i + ": " + e);
                        }
                    }
                    return wrong;
                }));
            }
            for (java.util.concurrent.Future<List<String>> r : results) {
                assertEquals(List.of(), r.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anAllowWithinAWindowEndsAtSentAtPlusTheWindow() {
        Evaluation e = rules.decide(request("after_sales", "hello", "u-1", 60), List.of(), "d", AcceptLanguage.NONE)
                .evaluation();

        assertEquals(Outcome.ALLOW, e.verdict().outcome());
        assertEquals(SENT.plusSeconds(120), e.verdict().allowedUntil());
        assertEquals(
                List.of(new RuleFiring(
                        "A message may be recalled within the recall window", "50-ordinary-messages.drl")),
                e.trace());
    }

    @Test
    void theReasonsSpeakTheCallersLanguageAndTheDefaultOtherwise() {
        RecallRequest request = request("after_sales", "hello", "agent-1", 60);

        assertEquals("只有消息的发送者本人才能撤回这条消息。", message(request, null));
        assertEquals("Only the person who sent a message can recall it.", message(request, "en-US,en;q=0.9"));
        assertEquals("Only the person who sent a message can recall it.", message(request, "fr;q=1, en;q=0.5"));
        assertEquals("只有消息的发送者本人才能撤回这条消息。", message(request, "fr"));
        assertEquals("只有消息的发送者本人才能撤回这条消息。", message(request, "zh, en;q=0.8"));
        assertEquals("只有消息的发送者本人才能撤回这条消息。", message(request, "en;q=0, *"));
    }

    private static String message(RecallRequest request, String acceptLanguage) {
        return rules.decide(request, List.of(), "d", AcceptLanguage.parse(acceptLanguage))
                .decision()
                .decisiveReason()
                .message();
    }

    @Test
    void aRuleThatFiresWithoutDecidingIsInTheTraceBeforeTheOneThatDecides(@TempDir Path tmp) throws Exception {
        RulesCopy copy = RulesCopy.of(tmp).write("05-notes.drl", """
                rule "Requests from agents are noted"
                when
                    Recall( requesterRole == "agent" )
                then
                    // nothing decided here
                end
                """);
        String order = copy.read("decision-order.csv").replaceAll("\n(\\d+),", "\nN,");
        StringBuilder csv = new StringBuilder("#,Rule\n1,Requests from agents are noted\n");
        int n = 1;
        for (String line : order.split("\n")) {
            if (line.startsWith("N,")) {
                csv.append(++n).append(line.substring(1)).append('\n');
            }
        }
        RuleSet noted = copy.write("decision-order.csv", csv.toString()).compile();

        Evaluation e = noted.decide(request("after_sales", "hello", "agent-1", 60), List.of(), "d", AcceptLanguage.NONE)
                .evaluation();

        assertEquals(
                List.of(
                        new RuleFiring("Requests from agents are noted", "05-notes.drl"),
                        new RuleFiring("Only the sender of a message may recall it", "10-who-may-recall.drl")),
                e.trace());
        assertEquals("NOT_SENDER", e.verdict().decisiveReason().code());
    }

    @Test
    void whenNoRuleDecidesTheMessageStays(@TempDir Path tmp) throws Exception {
        RulesCopy copy = RulesCopy.of(tmp)
                .replace("decision-order.csv", "14,Otherwise the message stays\n", "")
                .replace(
                        "50-ordinary-messages.drl",
                        "rule \"Otherwise the message stays\"\nwhen\n    Recall()\nthen\n    deny(\"WINDOW_EXPIRED\");\nend\n",
                        "");

        Decision d = copy.compile()
                .decide(request("after_sales", "hello", "u-1", 600), List.of(), "d", AcceptLanguage.parse("en"))
                .decision();

        assertEquals(Outcome.DENY, d.outcome());
        assertEquals(
                new Reason("NO_RULE_DECIDED", "(none)", "No rule decided this request; the message stays."),
                d.decisiveReason());
        assertNull(d.allowedUntil());
    }
}
