package io.recallgate.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recallgate.model.Decision;
import io.recallgate.model.Message;
import io.recallgate.model.MessageKind;
import io.recallgate.model.Mode;
import io.recallgate.model.Outcome;
import io.recallgate.model.Reason;
import io.recallgate.model.RecallRequest;
import io.recallgate.model.Requester;
import io.recallgate.model.Role;
import io.recallgate.model.SensitiveFinding;
import io.recallgate.model.SensitiveType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The default policy of POLICY.md, row by row, through the real rules folder ({@code rules/}),
 * and the ways {@link RuleSetCompiler} rejects a broken copy of it.
 */
class DefaultPolicyTest {

    private static final Path RULES = Path.of("rules");
    private static final Instant SENT = Instant.parse("2026-11-24T08:00:00Z");
    private static final Duration TWO_MIN = Duration.ofMinutes(2);
    private static final Duration DAY = Duration.ofHours(24);
    private static final Duration SECOND = Duration.ofSeconds(1);

    static final String CARD_TEXT = "我的银行卡号 6222 0210 0112 3456 789 发错了";
    static final String CARD_MASKED = "我的银行卡号 **** **** **** ***6 789 发错了";
    static final String CARD_PLAIN_TEXT = "退款请打到 6222021001123456789";
    static final String CARD_PLAIN_MASKED = "退款请打到 ***************6789";
    static final String PHONE_TEXT = "我的电话 13800138000，请回电";
    static final String PHONE_MASKED = "我的电话 *******8000，请回电";
    static final String ID_TEXT = "身份证号 11010519491231002X 发错了";
    static final String ID_MASKED = "身份证号 **************002X 发错了";
    static final String EMAIL_TEXT = "发票请寄到 zhang.san@example.com";
    static final String EMAIL_MASKED = "发票请寄到 *****.***@******e.com";
    static final String PHONE_AND_EMAIL_TEXT = "电话 13800138000 或邮件 zhang.san@example.com";
    static final String PHONE_AND_EMAIL_MASKED = "电话 *******8000 或邮件 *****.***@******e.com";
    static final String PLAIN_TEXT = "The replacement arrived but the charger is missing, 充电器没有收到";

    private static RuleFolder folder;
    private static RuleSet rules;
    private static Set<String> ruleNames;

    @BeforeAll
    static void compileTheShippedRules() throws Exception {
        folder = RuleFolder.read(RULES);
        rules = new RuleSetCompiler(Clock.systemUTC()).compile(folder);
        ruleNames = ruleNamesIn(RULES);
    }

    // ------------------------------------------------------------------ requests

    /** A recall request, by default: u-42 recalls their own unanswered latest after-sales message 30 s after sending. */
    static final class Req {
        String scenario = "after_sales";
        String senderId = "u-42";
        Role senderRole = Role.CUSTOMER;
        String requesterId = "u-42";
        Role requesterRole = Role.CUSTOMER;
        MessageKind kind = MessageKind.TEXT;
        String text = PLAIN_TEXT;
        Duration age = Duration.ofSeconds(30);
        Duration repliedAfterAt; // replied at (at + this); null: no reply
        boolean latest = true;
        List<String> tags = List.of();
        boolean hold;

        static Req in(String scenario) {
            Req r = new Req();
            r.scenario = scenario;
            return r;
        }

        Req text(String t) {
            text = t;
            return this;
        }

        Req age(Duration d) {
            age = d;
            return this;
        }

        /** The other party replied {@code before} the evaluation time (zero: at the same instant; negative: after it). */
        Req repliedBeforeAt(Duration before) {
            repliedAfterAt = before.negated();
            return this;
        }

        Req notLatest() {
            latest = false;
            return this;
        }

        Req tags(String... t) {
            tags = List.of(t);
            return this;
        }

        Req hold() {
            hold = true;
            return this;
        }

        Req requester(String id, Role role) {
            requesterId = id;
            requesterRole = role;
            return this;
        }

        Req sender(String id, Role role) {
            senderId = id;
            senderRole = role;
            return requester(id, role);
        }

        Req kind(MessageKind k) {
            kind = k;
            return this;
        }

        Instant at() {
            return SENT.plus(age);
        }

        RecallRequest build() {
            Instant at = at();
            Instant repliedAt = repliedAfterAt == null ? null : at.plus(repliedAfterAt);
            return new RecallRequest(
                    "req-1",
                    Mode.ENFORCE,
                    scenario,
                    "c-1001",
                    new Message("m-17", senderId, senderRole, kind, text, SENT, repliedAt, latest, tags),
                    new Requester(requesterId, requesterRole),
                    at);
        }
    }

    /** What the decision must be. Reason codes are the full list, decisive first. */
    record Expect(
            Outcome outcome,
            List<String> codes,
            Instant allowedUntil,
            List<SensitiveType> sensitive,
            String maskedText) {

        static Expect allow(String code, Instant until) {
            return new Expect(Outcome.ALLOW, List.of(code), until, List.of(), null);
        }

        static Expect deny(String code) {
            return new Expect(Outcome.DENY, List.of(code), null, List.of(), null);
        }

        static Expect redact(String maskedText, String... codes) {
            return new Expect(Outcome.REDACT, List.of(codes), null, List.of(), maskedText);
        }

        Expect sensitive(SensitiveType... types) {
            return new Expect(outcome, codes, allowedUntil, List.of(types), maskedText);
        }
    }

    record Case(Req request, Expect expect) {}

    private static Arguments c(String name, Req request, Expect expect) {
        return Arguments.of(Named.of(name, new Case(request, expect)));
    }

    private static final SensitiveType CARD = SensitiveType.BANK_CARD;
    private static final SensitiveType PHONE = SensitiveType.CN_MOBILE;
    private static final SensitiveType ID = SensitiveType.CN_RESIDENT_ID;
    private static final SensitiveType EMAIL = SensitiveType.EMAIL;

    static Stream<Arguments> policyRows() {
        return Stream.of(
                // 1 — only the sender
                c(
                        "row 1: an agent cannot recall the customer's fresh message",
                        Req.in("after_sales").requester("agent-7", Role.AGENT),
                        Expect.deny("NOT_SENDER")),
                c(
                        "row 1: the sender check comes before a dispute hold and sensitive data",
                        Req.in("after_sales").text(CARD_TEXT).hold().requester("sup-1", Role.SUPERVISOR),
                        Expect.deny("NOT_SENDER").sensitive(CARD)),
                c(
                        "row 1: the sender check comes before tech support's latest-unreplied rule",
                        Req.in("tech_support").sender("eng-5", Role.AGENT).requester("u-42", Role.CUSTOMER),
                        Expect.deny("NOT_SENDER")),

                // 2 — held and sensitive
                c(
                        "row 2: a bank card under an active dispute hold is masked",
                        Req.in("after_sales").text(CARD_TEXT).hold(),
                        Expect.redact(CARD_MASKED, "DISPUTE_FROZEN", "SENSITIVE_REDACTED")
                                .sensitive(CARD)),
                c(
                        "row 2: a phone number tagged dispute_evidence is masked",
                        Req.in("tech_support").text(PHONE_TEXT).tags("dispute_evidence"),
                        Expect.redact(PHONE_MASKED, "DISPUTE_FROZEN", "SENSITIVE_REDACTED")
                                .sensitive(PHONE)),
                c(
                        "row 2: held and sensitive in e-commerce, after the 24 h window, still masked for the dispute",
                        Req.in("ecommerce").text(PHONE_AND_EMAIL_TEXT).hold().age(DAY.plusHours(5)),
                        Expect.redact(PHONE_AND_EMAIL_MASKED, "DISPUTE_FROZEN", "SENSITIVE_REDACTED")
                                .sensitive(PHONE, EMAIL)),
                c(
                        "row 2: held beats key record when both apply to sensitive data",
                        Req.in("after_sales").text(ID_TEXT).tags("order_details", "dispute_evidence"),
                        Expect.redact(ID_MASKED, "DISPUTE_FROZEN", "SENSITIVE_REDACTED")
                                .sensitive(ID)),

                // 3 — held
                c(
                        "row 3: a fresh message under an active dispute hold is denied",
                        Req.in("after_sales").hold(),
                        Expect.deny("DISPUTE_FROZEN")),
                c(
                        "row 3: a message tagged dispute_evidence is denied in tech support though latest and unanswered",
                        Req.in("tech_support").tags("dispute_evidence"),
                        Expect.deny("DISPUTE_FROZEN")),
                c(
                        "row 3: held beats key record",
                        Req.in("live_streaming").tags("price").hold(),
                        Expect.deny("DISPUTE_FROZEN")),

                // 4 — key record and sensitive
                c(
                        "row 4: order details with an ID number are masked",
                        Req.in("after_sales").text(ID_TEXT).tags("order_details"),
                        Expect.redact(ID_MASKED, "KEY_RECORD", "SENSITIVE_REDACTED")
                                .sensitive(ID)),
                c(
                        "row 4: a price with an e-mail in e-commerce is masked as a key record, two days later too",
                        Req.in("ecommerce").text(EMAIL_TEXT).tags("price").age(Duration.ofDays(2)),
                        Expect.redact(EMAIL_MASKED, "KEY_RECORD", "SENSITIVE_REDACTED")
                                .sensitive(EMAIL)),
                c(
                        "row 4: an unformatted card number in an agreed solution is masked",
                        Req.in("tech_support").text(CARD_PLAIN_TEXT).tags("solution"),
                        Expect.redact(CARD_PLAIN_MASKED, "KEY_RECORD", "SENSITIVE_REDACTED")
                                .sensitive(CARD)),

                // 5 — key record
                c(
                        "row 5: order details cannot be recalled",
                        Req.in("after_sales").tags("order_details"),
                        Expect.deny("KEY_RECORD")),
                c("row 5: a price cannot be recalled", Req.in("after_sales").tags("price"), Expect.deny("KEY_RECORD")),
                c(
                        "row 5: a commitment cannot be recalled in an unknown scenario",
                        Req.in("live_streaming").tags("commitment"),
                        Expect.deny("KEY_RECORD")),
                c(
                        "row 5: the agreed solution cannot be recalled in tech support though latest and unanswered",
                        Req.in("tech_support").tags("greeting", "solution"),
                        Expect.deny("KEY_RECORD")),
                c(
                        "row 5: an unrelated tag is no key record",
                        Req.in("after_sales").tags("greeting"),
                        Expect.allow("WITHIN_WINDOW", SENT.plus(TWO_MIN))),

                // 6 — sensitive within 24 h, e-commerce
                c(
                        "row 6: a bank card in e-commerce is masked a minute after sending",
                        Req.in("ecommerce").text(CARD_TEXT).age(Duration.ofMinutes(1)),
                        Expect.redact(CARD_MASKED, "SENSITIVE_REDACTED").sensitive(CARD)),
                c(
                        "row 6: two grouped bank cards side by side in e-commerce are both masked",
                        Req.in("ecommerce")
                                .text("两张卡 4111 1111 1111 1111 5555-5555-5555-4444 都发错了")
                                .age(Duration.ofMinutes(1)),
                        Expect.redact("两张卡 **** **** **** 1111 ****-****-****-4444 都发错了", "SENSITIVE_REDACTED")
                                .sensitive(CARD, CARD)),
                c(
                        "row 6: exactly 24 h after sending a phone number in e-commerce is still masked",
                        Req.in("ecommerce").text(PHONE_TEXT).age(DAY).repliedBeforeAt(Duration.ofHours(20)),
                        Expect.redact(PHONE_MASKED, "SENSITIVE_REDACTED").sensitive(PHONE)),
                c(
                        "row 6 boundary: 24 h + 1 s after sending, the e-commerce message is just kept (row 8)",
                        Req.in("ecommerce").text(PHONE_TEXT).age(DAY.plus(SECOND)),
                        Expect.deny("SCENARIO_NO_RECALL").sensitive(PHONE)),

                // 7 — sensitive within 24 h, other scenarios
                c(
                        "row 7: a bank card after sales may be recalled 3 h later, until sentAt + 24 h",
                        Req.in("after_sales").text(CARD_TEXT).age(Duration.ofHours(3)),
                        Expect.allow("SENSITIVE_CONTENT", SENT.plus(DAY)).sensitive(CARD)),
                c(
                        "row 7: exactly 24 h after sending an ID number may still be recalled",
                        Req.in("after_sales").text(ID_TEXT).age(DAY),
                        Expect.allow("SENSITIVE_CONTENT", SENT.plus(DAY)).sensitive(ID)),
                c(
                        "row 7 boundary: 24 h + 1 s after sending an ID number, the window has expired (row 14)",
                        Req.in("after_sales").text(ID_TEXT).age(DAY.plus(SECOND)),
                        Expect.deny("WINDOW_EXPIRED").sensitive(ID)),
                c(
                        "row 7: sensitive data in tech support may be recalled though answered and not the latest",
                        Req.in("tech_support")
                                .text(EMAIL_TEXT)
                                .notLatest()
                                .repliedBeforeAt(Duration.ofMinutes(5))
                                .age(Duration.ofHours(1)),
                        Expect.allow("SENSITIVE_CONTENT", SENT.plus(DAY)).sensitive(EMAIL)),
                c(
                        "row 7: an unknown scenario follows the general row for sensitive data",
                        Req.in("live_streaming").text(PHONE_AND_EMAIL_TEXT).age(Duration.ofHours(10)),
                        Expect.allow("SENSITIVE_CONTENT", SENT.plus(DAY)).sensitive(PHONE, EMAIL)),
                c(
                        "row 7 boundary: 24 h + 1 s after a replied message with a phone number, it stays as replied (row 12)",
                        Req.in("live_streaming")
                                .text(PHONE_TEXT)
                                .age(DAY.plus(SECOND))
                                .repliedBeforeAt(DAY),
                        Expect.deny("REPLIED_LOCKED").sensitive(PHONE)),

                // 8 — e-commerce
                c(
                        "row 8: an ordinary e-commerce message cannot be recalled ten seconds after sending",
                        Req.in("ecommerce").age(Duration.ofSeconds(10)),
                        Expect.deny("SCENARIO_NO_RECALL")),
                c(
                        "row 8: an order number is not a bank card, so the e-commerce message simply stays",
                        Req.in("ecommerce").text("订单号：6222021001123456789"),
                        Expect.deny("SCENARIO_NO_RECALL")),

                // 9 — tech support, replied
                c(
                        "row 9: an answered tech-support message cannot be recalled",
                        Req.in("tech_support").age(Duration.ofMinutes(10)).repliedBeforeAt(Duration.ofMinutes(7)),
                        Expect.deny("REPLIED_LOCKED")),
                c(
                        "row 9 boundary: repliedAt equal to at counts as replied",
                        Req.in("tech_support").age(Duration.ofMinutes(10)).repliedBeforeAt(Duration.ZERO),
                        Expect.deny("REPLIED_LOCKED")),
                c(
                        "row 9: answered and not the latest is refused as answered",
                        Req.in("tech_support").notLatest().repliedBeforeAt(Duration.ofSeconds(5)),
                        Expect.deny("REPLIED_LOCKED")),

                // 10 — tech support, not latest
                c(
                        "row 10: an unanswered tech-support message that is not the latest cannot be recalled",
                        Req.in("tech_support").notLatest(),
                        Expect.deny("NOT_LATEST")),

                // 11 — tech support, latest unreplied
                c(
                        "row 11: the latest unanswered tech-support message may be recalled, with no time limit",
                        Req.in("tech_support").age(Duration.ofDays(3)),
                        Expect.allow("LATEST_UNREPLIED", null)),
                c(
                        "row 11 boundary: repliedAt 1 s after at does not count as replied",
                        Req.in("tech_support").age(Duration.ofMinutes(10)).repliedBeforeAt(SECOND.negated()),
                        Expect.allow("LATEST_UNREPLIED", null)),
                c(
                        "row 11: an engineer's own latest unanswered image may be recalled",
                        Req.in("tech_support")
                                .sender("eng-5", Role.AGENT)
                                .kind(MessageKind.IMAGE)
                                .text(null),
                        Expect.allow("LATEST_UNREPLIED", null)),

                // 12 — replied, other scenarios
                c(
                        "row 12: an answered after-sales message cannot be recalled within the window",
                        Req.in("after_sales").repliedBeforeAt(Duration.ofSeconds(10)),
                        Expect.deny("REPLIED_LOCKED")),
                c(
                        "row 12 boundary: repliedAt equal to at counts as replied",
                        Req.in("after_sales").repliedBeforeAt(Duration.ZERO),
                        Expect.deny("REPLIED_LOCKED")),
                c(
                        "row 12: an answered message in an unknown scenario cannot be recalled",
                        Req.in("live_streaming").repliedBeforeAt(Duration.ofSeconds(10)),
                        Expect.deny("REPLIED_LOCKED")),

                // 13 — within the window
                c(
                        "row 13: exactly 2 min after sending an after-sales message may be recalled, until sentAt + 2 min",
                        Req.in("after_sales").age(TWO_MIN),
                        Expect.allow("WITHIN_WINDOW", SENT.plus(TWO_MIN))),
                c(
                        "row 13 boundary: repliedAt 1 s after at does not count as replied",
                        Req.in("after_sales").repliedBeforeAt(SECOND.negated()),
                        Expect.allow("WITHIN_WINDOW", SENT.plus(TWO_MIN))),
                c(
                        "row 13: the latest flag does not matter after sales",
                        Req.in("after_sales").notLatest(),
                        Expect.allow("WITHIN_WINDOW", SENT.plus(TWO_MIN))),
                c(
                        "row 13: an unknown scenario (live_streaming) allows recall exactly 2 min after sending",
                        Req.in("live_streaming").age(TWO_MIN),
                        Expect.allow("WITHIN_WINDOW", SENT.plus(TWO_MIN))),
                c(
                        "row 13: an agent may recall their own fresh after-sales message",
                        Req.in("after_sales").sender("agent-7", Role.AGENT).age(Duration.ofSeconds(1)),
                        Expect.allow("WITHIN_WINDOW", SENT.plus(TWO_MIN))),

                // 14 — otherwise
                c(
                        "row 14 boundary: 2 min + 1 s after sending an after-sales message, the window has expired",
                        Req.in("after_sales").age(TWO_MIN.plus(SECOND)),
                        Expect.deny("WINDOW_EXPIRED")),
                c(
                        "row 14 boundary: 2 min + 1 s in an unknown scenario, the window has expired",
                        Req.in("live_streaming").age(TWO_MIN.plus(SECOND)),
                        Expect.deny("WINDOW_EXPIRED")),
                c(
                        "row 14: an order number is not sensitive, so 10 min later the ordinary window has expired",
                        Req.in("after_sales").text("订单号：6222021001123456789").age(Duration.ofMinutes(10)),
                        Expect.deny("WINDOW_EXPIRED")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policyRows")
    void decidesAsThePolicyTableSays(Case c) {
        RecallRequest request = c.request().build();
        Decision d = rules.decide(request, c.request().hold, "d-1");
        Expect e = c.expect();

        assertEquals(e.outcome(), d.outcome(), "outcome; reasons " + d.reasons());
        assertEquals(e.codes().get(0), d.decisiveReason().code(), "decisive reason");
        assertEquals(e.codes(), d.reasons().stream().map(Reason::code).toList(), "all reason codes");
        assertEquals(e.allowedUntil(), d.allowedUntil(), "allowedUntil");
        assertEquals(
                e.sensitive(),
                d.sensitive().stream().map(SensitiveFinding::type).toList(),
                "sensitive findings");
        assertEquals(e.maskedText(), d.maskedText(), "maskedText");
        assertEquals(folder.version(), d.policyVersion(), "policyVersion");
        assertEquals(request.at(), d.evaluatedAt(), "evaluatedAt");
        assertEquals("d-1", d.decisionId());
        assertEquals(Mode.ENFORCE, d.mode());
        for (Reason r : d.reasons()) {
            assertTrue(
                    ruleNames.contains(r.rule()),
                    "reason " + r.code() + " names rule \"" + r.rule() + "\", which is not a rule of the rules folder "
                            + ruleNames);
            assertFalse(r.message() == null || r.message().isBlank(), "reason " + r.code() + " has no message");
        }
    }

    @Test
    void theRuleNamesTheReasonsAreCheckedAgainstAreTheShippedOnes() {
        assertTrue(ruleNames.contains("Only the sender of a message may recall it"), ruleNames.toString());
        assertEquals(13, ruleNames.size(), ruleNames.toString());
        assertTrue(folder.version().matches("sha256:[0-9a-f]{64}"), folder.version());
        assertEquals(folder.version(), rules.version());
    }

    // ------------------------------------------------------------------ rejected folders

    @Test
    void aDrlSyntaxErrorIsRejectedNamingTheFileAndLine(@TempDir Path dir) throws IOException {
        Path copy = copyRules(dir);
        String file = "50-ordinary-messages.drl";
        replace(
                copy.resolve(file),
                "$recall : Recall( requestedBySender, replied )",
                "$recall : Recall( requestedBySender, replied ");
        int brokenLine = lineOf(copy.resolve(file), "Recall( requestedBySender, replied ");

        PolicyRejectedException e = assertThrows(PolicyRejectedException.class, () -> compile(copy));

        assertFalse(e.errors().isEmpty());
        for (PolicyError error : e.errors()) {
            assertEquals(file, error.file(), error.format());
        }
        // The decisive error is the parser's, with a line: it reports the unclosed pattern where it
        // notices it, on that line or shortly after. (Drools adds a second, line-less "Parser
        // returned a null Package" for the same file.)
        PolicyError first = e.errors().get(0);
        assertTrue(first.line() > 0, first.format());
        assertTrue(
                first.line() >= brokenLine && first.line() <= brokenLine + 3,
                "expected a line near " + brokenLine + ": " + first.format());
        assertTrue(e.getMessage().contains(file + ":" + first.line()), e.getMessage());
    }

    @Test
    void twoDecidingRulesWithTheSameSalienceAreRejectedNamingBoth(@TempDir Path dir) throws IOException {
        Path copy = copyRules(dir);
        // "A key record cannot be recalled" gets the salience of the e-commerce sensitive-data rule
        replace(copy.resolve("30-key-records.drl"), "salience 1000", "salience 900");

        PolicyRejectedException e = assertThrows(PolicyRejectedException.class, () -> compile(copy));

        assertEquals(1, e.errors().size(), e.getMessage());
        PolicyError error = e.errors().get(0);
        assertTrue(error.message().contains("\"A key record cannot be recalled\""), error.format());
        assertTrue(
                error.message()
                        .contains("\"Sensitive data is masked, not recalled, where the scenario keeps every message\""),
                error.format());
        assertTrue(error.message().contains("900"), error.format());
        assertTrue(Set.of("30-key-records.drl", "40-sensitive-data.drl").contains(error.file()), error.format());
    }

    @Test
    void aSettingsTableWithoutTheGeneralRowIsRejected(@TempDir Path dir) throws IOException {
        Path copy = copyRules(dir);
        replace(copy.resolve("settings.drl.csv"), "general,yes,window,2 minutes,24 hours,recall\n", "");

        PolicyRejectedException e = assertThrows(PolicyRejectedException.class, () -> compile(copy));

        assertEquals(1, e.errors().size(), e.getMessage());
        PolicyError error = e.errors().get(0);
        assertEquals("settings.drl.csv", error.file(), error.format());
        assertTrue(error.message().contains("'general'"), error.format());
    }

    @Test
    void anInvalidSettingsValueIsRejectedNamingTheFileAndRow(@TempDir Path dir) throws IOException {
        Path copy = copyRules(dir);
        Path csv = copy.resolve("settings.drl.csv");
        replace(csv, "after_sales,yes,window,2 minutes,", "after_sales,yes,window,two minutes,");
        int row = lineOf(csv, "after_sales,");

        PolicyRejectedException e = assertThrows(PolicyRejectedException.class, () -> compile(copy));

        assertEquals(1, e.errors().size(), e.getMessage());
        PolicyError error = e.errors().get(0);
        assertEquals("settings.drl.csv", error.file(), error.format());
        assertEquals(row, error.line(), error.format());
        assertTrue(error.message().contains("two minutes"), error.format());
    }

    @Test
    void anInvalidChoiceInTheSettingsIsRejectedNamingTheRow(@TempDir Path dir) throws IOException {
        Path copy = copyRules(dir);
        Path csv = copy.resolve("settings.drl.csv");
        replace(csv, "tech_support,yes,latest unreplied,", "tech_support,yes,sometimes,");
        int row = lineOf(csv, "tech_support,");

        PolicyRejectedException e = assertThrows(PolicyRejectedException.class, () -> compile(copy));

        PolicyError error = e.errors().get(0);
        assertEquals("settings.drl.csv", error.file(), error.format());
        assertEquals(row, error.line(), error.format());
        assertTrue(error.message().contains("sometimes"), error.format());
    }

    @Test
    void aLongerAfterSalesWindowInTheSettingsTableTakesEffect(@TempDir Path dir) throws Exception {
        Path copy = copyRules(dir);
        replace(
                copy.resolve("settings.drl.csv"),
                "after_sales,yes,window,2 minutes,",
                "after_sales,yes,window,5 minutes,");

        RuleSet changed = compile(copy);
        RuleFolder changedFolder = RuleFolder.read(copy);

        Decision afterSales =
                changed.decide(Req.in("after_sales").age(Duration.ofMinutes(4)).build(), false, "d-2");
        assertEquals(Outcome.ALLOW, afterSales.outcome(), afterSales.reasons().toString());
        assertEquals("WITHIN_WINDOW", afterSales.decisiveReason().code());
        assertEquals(SENT.plus(Duration.ofMinutes(5)), afterSales.allowedUntil());
        assertEquals(changedFolder.version(), afterSales.policyVersion());
        assertFalse(folder.version().equals(afterSales.policyVersion()), "an edited folder must have a new version");

        Decision atFive =
                changed.decide(Req.in("after_sales").age(Duration.ofMinutes(5)).build(), false, "d-3");
        assertEquals(Outcome.ALLOW, atFive.outcome());
        Decision pastFive = changed.decide(
                Req.in("after_sales").age(Duration.ofMinutes(5).plus(SECOND)).build(), false, "d-4");
        assertEquals("WINDOW_EXPIRED", pastFive.decisiveReason().code());

        Decision general =
                changed.decide(Req.in("general").age(Duration.ofMinutes(4)).build(), false, "d-5");
        assertEquals(Outcome.DENY, general.outcome());
        assertEquals("WINDOW_EXPIRED", general.decisiveReason().code());
        Decision unknown = changed.decide(
                Req.in("live_streaming").age(Duration.ofMinutes(4)).build(), false, "d-6");
        assertEquals("WINDOW_EXPIRED", unknown.decisiveReason().code());

        // the shipped rules, compiled before, are untouched by the edited copy
        Decision shipped =
                rules.decide(Req.in("after_sales").age(Duration.ofMinutes(4)).build(), false, "d-7");
        assertEquals("WINDOW_EXPIRED", shipped.decisiveReason().code());
    }

    @Test
    void theUnchangedCopyCompilesWithTheSameVersion(@TempDir Path dir) throws Exception {
        // guards the rejection tests above: the copy itself is a valid rules folder
        Path copy = copyRules(dir);
        RuleSet same = compile(copy);
        assertEquals(folder.version(), same.version());
    }

    // ------------------------------------------------------------------ helpers

    private static RuleSet compile(Path dir) throws PolicyRejectedException {
        return new RuleSetCompiler(Clock.systemUTC()).compile(RuleFolder.read(dir));
    }

    private static Path copyRules(Path target) throws IOException {
        Path copy = target.resolve("rules");
        try (Stream<Path> walk = Files.walk(RULES)) {
            for (Path p : walk.toList()) {
                Path to = copy.resolve(RULES.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        return copy;
    }

    /** Replaces exactly one occurrence, so that a changed shipped file cannot make a test vacuous. */
    private static void replace(Path file, String from, String to) throws IOException {
        String s = Files.readString(file, StandardCharsets.UTF_8);
        int i = s.indexOf(from);
        assertTrue(i >= 0 && s.indexOf(from, i + 1) < 0, "expected exactly one '" + from + "' in " + file);
        Files.writeString(file, s.substring(0, i) + to + s.substring(i + from.length()), StandardCharsets.UTF_8);
    }

    private static int lineOf(Path file, String prefix) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(prefix)) {
                return i + 1;
            }
        }
        throw new AssertionError(prefix + " not in " + file);
    }

    private static Set<String> ruleNamesIn(Path dir) throws IOException {
        Set<String> names = new LinkedHashSet<>();
        Pattern rule = Pattern.compile("(?m)^\\s*rule\\s+\"([^\"]+)\"");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p :
                    files.filter(f -> f.toString().endsWith(".drl")).sorted().toList()) {
                Matcher m = rule.matcher(Files.readString(p, StandardCharsets.UTF_8));
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        assertNotNull(names);
        return names;
    }
}
