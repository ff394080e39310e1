package io.recallgate.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recallgate.model.AcceptLanguage;
import io.recallgate.model.Decision;
import io.recallgate.model.Message;
import io.recallgate.model.MessageKind;
import io.recallgate.model.Mode;
import io.recallgate.model.RecallRequest;
import io.recallgate.model.Requester;
import io.recallgate.model.Role;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@link RuleSetCompiler} answers a policy author: every mistake is rejected with the file,
 * line and column it is at and what to write instead, including the files of the earlier format.
 */
class RuleSetCompilerTest {

    private static final Instant SENT = Instant.parse("2026-11-24T08:00:00Z");

    @TempDir
    Path tmp;

    private RulesCopy rules() {
        return RulesCopy.of(tmp);
    }

    private static PolicyError onlyError(RulesCopy copy) {
        PolicyRejectedException e = assertThrows(PolicyRejectedException.class, copy::compile);
        assertEquals(1, e.errors().size(), e.getMessage());
        return e.errors().get(0);
    }

    private static void assertAt(PolicyError e, String file, int line, int column) {
        assertEquals(file, e.file(), e.format());
        assertEquals(line, e.line(), e.format());
        assertEquals(column, e.column(), e.format());
    }

    @Test
    void theShippedFolderCompilesWithoutWarningsAndTheCopyHasTheSameVersion() throws Exception {
        RuleSet shipped = rules().compile();
        assertEquals(List.of(), shipped.warnings());
        assertEquals(RuleFolder.read(RulesCopy.SHIPPED).version(), shipped.version());
    }

    // ---- rule files ----

    @Test
    void aDrlSyntaxErrorNamesFileLineAndColumn() {
        RulesCopy copy =
                rules().replace("50-ordinary-messages.drl", "    Recall( !latest )\n", "    Recall( !latest \n");
        int then = copy.lineOf("50-ordinary-messages.drl", "Recall( !latest ") + 1;

        PolicyError e = onlyError(copy);

        assertAt(e, "50-ordinary-messages.drl", then, 1);
        assertTrue(e.message().contains("then"), e.format());
    }

    @Test
    void anUnknownPropertyIsPointedAtAndTheKnownOnesListed() {
        RulesCopy copy = rules().replace("20-disputes.drl", "    Recall( held )\n", "    Recall( hled )\n");

        PolicyError e = onlyError(copy);

        assertAt(
                e, "20-disputes.drl", copy.lineOf("20-disputes.drl", "hled"), copy.columnOf("20-disputes.drl", "hled"));
        assertTrue(e.message().startsWith("'hled' is not a property of Recall; it has "), e.format());
        assertTrue(e.message().contains("held, keyRecord"), e.format());
    }

    @Test
    void anUnknownFactTypeIsPointedAt() {
        RulesCopy copy = rules().replace("30-key-records.drl", "    Recall( keyRecord )\n", "    Rcall( keyRecord )\n");

        PolicyError e = onlyError(copy);

        assertAt(e, "30-key-records.drl", copy.lineOf("30-key-records.drl", "Rcall"), 5);
        assertTrue(e.message().contains("'Rcall'") && e.message().contains("Recall( … )"), e.format());
    }

    @Test
    void anActionThatIsNoActionIsPointedAt() {
        RulesCopy copy = rules().replace("30-key-records.drl", "deny(\"KEY_RECORD\")", "dney(\"KEY_RECORD\")");

        PolicyError e = onlyError(copy);

        assertAt(e, "30-key-records.drl", copy.lineOf("30-key-records.drl", "dney"), 5);
        assertTrue(e.message().contains("'dney(String)' is not an action"), e.format());
    }

    @Test
    void aReasonCodeOutsideQuotesIsPointedAt() {
        RulesCopy copy = rules().replace("10-who-may-recall.drl", "deny(\"NOT_SENDER\")", "deny(NOT_SENDER)");

        PolicyError e = onlyError(copy);

        assertAt(e, "10-who-may-recall.drl", copy.lineOf("10-who-may-recall.drl", "deny("), 5);
        assertTrue(e.message().contains("written in quotes"), e.format());
    }

    @Test
    void aRuleGivesOneOutcome() {
        RulesCopy copy = rules().replace(
                        "10-who-may-recall.drl",
                        "deny(\"NOT_SENDER\");",
                        "deny(\"NOT_SENDER\"); allow(\"WITHIN_WINDOW\");");

        PolicyError e = onlyError(copy);

        assertTrue(e.message().contains("gives 2 outcomes"), e.format());
    }

    @Test
    void twoRulesWithOneNameAreRejected() {
        RulesCopy copy = rules().write("60-more.drl", """
                rule "A key record cannot be recalled"
                when
                    Recall( keyRecord )
                then
                    deny("KEY_RECORD");
                end
                """);

        PolicyError e = onlyError(copy);

        assertAt(e, "60-more.drl", 1, 1);
        assertTrue(e.message().contains("30-key-records.drl:"), e.format());
    }

    // ---- the decision order ----

    @Test
    void aRuleMissingFromTheDecisionOrderIsRejectedAtTheRule() {
        RulesCopy copy = rules().replace("decision-order.csv", "5,A key record cannot be recalled\n", "")
                .replace("decision-order.csv", "\n6,", "\n5,")
                .replace("decision-order.csv", "\n7,", "\n6,")
                .replace("decision-order.csv", "\n8,", "\n7,")
                .replace("decision-order.csv", "\n9,", "\n8,")
                .replace("decision-order.csv", "\n10,", "\n9,")
                .replace("decision-order.csv", "\n11,", "\n10,")
                .replace("decision-order.csv", "\n12,", "\n11,")
                .replace("decision-order.csv", "\n13,", "\n12,")
                .replace("decision-order.csv", "\n14,", "\n13,");

        PolicyError e = onlyError(copy);

        assertAt(
                e,
                "30-key-records.drl",
                copy.lineOf("30-key-records.drl", "rule \"A key record cannot be recalled\""),
                1);
        assertTrue(e.message().contains("is not in decision-order.csv"), e.format());
    }

    @Test
    void aListedNameThatIsNoRuleIsRejectedWithTheNearestName() {
        RulesCopy copy = rules().replace(
                        "decision-order.csv",
                        "3,A message under dispute cannot be recalled",
                        "3,A message under dispute can not be recalled");

        PolicyRejectedException e = assertThrows(PolicyRejectedException.class, copy::compile);

        PolicyError unknown = e.errors().stream()
                .filter(x -> x.file().equals("decision-order.csv"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(e.getMessage()));
        assertAt(unknown, "decision-order.csv", 4, 3);
        assertTrue(
                unknown.message()
                        .endsWith("no rule is named \"A message under dispute can not be recalled\"; did you mean"
                                + " \"A message under dispute cannot be recalled\"?"),
                unknown.format());
    }

    @Test
    void aRowNumberOutOfStepIsRejected() {
        PolicyError e = onlyError(rules().replace("decision-order.csv", "\n4,", "\n7,"));

        assertAt(e, "decision-order.csv", 5, 1);
        assertTrue(e.message().contains("'7' should be 4"), e.format());
    }

    @Test
    void theDecisionOrderDecidesPrecedence() throws Exception {
        // the "Otherwise" rule moved to the top decides everything the sender asks
        RulesCopy copy = rules().replace("decision-order.csv", "14,Otherwise the message stays\n", "")
                .replace("decision-order.csv", "1,Only the sender", "1,Otherwise the message stays\n2,Only the sender");
        String csv = copy.read("decision-order.csv");
        StringBuilder renumbered = new StringBuilder("#,Rule\n");
        int n = 0;
        for (String line : csv.split("\n")) {
            if (!line.startsWith("#")) {
                renumbered.append(++n).append(line.substring(line.indexOf(','))).append('\n');
            }
        }
        copy.write("decision-order.csv", renumbered.toString());

        Decision d = copy.compile()
                .decide(request("after_sales", 30), List.of(), "d", AcceptLanguage.NONE)
                .decision();

        assertEquals("WINDOW_EXPIRED", d.decisiveReason().code());
        assertEquals("Otherwise the message stays", d.decisiveReason().rule());
    }

    // ---- the settings tables ----

    @Test
    void aBadDurationNamesTheCellAndWhatIsAllowed() {
        RulesCopy copy = rules().replace(
                        "settings.csv", "after_sales,yes,window,2 minutes,", "after_sales,yes,window,two minutes,");

        PolicyError e = onlyError(copy);

        assertAt(e, "settings.csv", 3, copy.columnOf("settings.csv", "two minutes"));
        assertEquals(
                "row 3, column D (Recall window): 'two minutes' is not a duration; write a number and a unit:"
                        + " '90 seconds', '2 minutes', '24 hours' or '7 days'",
                e.message());
    }

    @Test
    void aBadChoiceNamesTheCellAndTheChoices() {
        RulesCopy copy =
                rules().replace("settings.csv", "tech_support,yes,latest unreplied,", "tech_support,yes,sometimes,");

        PolicyError e = onlyError(copy);

        assertAt(e, "settings.csv", 4, copy.columnOf("settings.csv", "sometimes"));
        assertTrue(
                e.message().endsWith("'sometimes' is not allowed here; write 'window', 'latest unreplied' or 'never'"),
                e.format());
    }

    @Test
    void aBadTagMeaningNamesTheCell() {
        PolicyError e = onlyError(rules().replace("tags.csv", "price,yes,key record", "price,yes,evidence"));

        assertAt(e, "tags.csv", 3, 11);
        assertTrue(
                e.message().contains("column C (Treated as)")
                        && e.message().contains("'key record' or 'dispute evidence'"),
                e.format());
    }

    @Test
    void withoutAGeneralRowTheSettingsAreRejected() {
        PolicyError e =
                onlyError(rules().replace("settings.csv", "general,yes,window,2 minutes,24 hours,recall\n", ""));

        assertEquals("settings.csv", e.file());
        assertTrue(e.message().contains("'general'"), e.format());
    }

    @Test
    void aRowSwitchedOffIsNotRead() throws Exception {
        RuleSet rules = rules().replace("settings.csv", "after_sales,yes,window,2 minutes,", "after_sales,no,window,,")
                .compile();

        assertEquals("general", rules.settings().forScenario("after_sales").getScenario());
    }

    @Test
    void aSemicolonSeparatedFileIsALocatedError() {
        RulesCopy copy = rules();
        copy.write("settings.csv", copy.read("settings.csv").replace(',', ';'));

        PolicyError e = onlyError(copy);

        assertAt(e, "settings.csv", 1, 1);
        assertTrue(e.message().contains("separated by ';'"), e.format());
    }

    @Test
    void aFileSavedAsGbkIsALocatedError() {
        RulesCopy copy = rules();
        copy.write("messages.csv", copy.read("messages.csv").getBytes(Charset.forName("GBK")));

        PolicyError e = onlyError(copy);

        assertEquals(2, e.line(), e.format()); // the first sentence: where the bytes stop being UTF-8
        assertTrue(e.column() >= 12 && e.column() <= 14, e.format());
        assertTrue(e.message().contains("not UTF-8") && e.message().contains("CSV UTF-8"), e.format());
    }

    @Test
    void aQuoteThatNeverClosesIsALocatedError() {
        PolicyError e = onlyError(rules().replace("tags.csv", "solution,yes,key record", "solution,\"yes,key record"));

        assertAt(e, "tags.csv", 5, 10);
        assertTrue(e.message().contains("never ends"), e.format());
    }

    @Test
    void aValueWithAnUnquotedCommaIsALocatedError() {
        RulesCopy copy = rules().replace(
                        "settings.csv",
                        "ecommerce,yes,never,,24 hours,redact",
                        "ecommerce,yes,never,,24 hours,redact,2,5");

        PolicyError e = onlyError(copy);

        assertEquals(5, e.line(), e.format());
        assertTrue(e.message().contains("double quotes"), e.format());
    }

    @Test
    void spreadsheetFilesAreRefusedSayingHowToSaveThem() {
        PolicyError e = onlyError(rules().write("settings.xlsx", new byte[] {0x50, 0x4b, 3, 4}));

        assertEquals("settings.xlsx", e.file());
        assertTrue(e.message().contains("\"CSV UTF-8 (comma delimited)\" and save it as settings.csv"), e.format());
    }

    // ---- messages ----

    @Test
    void aReasonCodeWithoutASentenceIsRejectedAtTheCode() {
        RulesCopy copy = rules().replace("30-key-records.drl", "deny(\"KEY_RECORD\")", "deny(\"KEY_RECORDS\")");

        PolicyError e = onlyError(copy);

        assertAt(e, "30-key-records.drl", copy.lineOf("30-key-records.drl", "KEY_RECORDS"), 10);
        assertTrue(e.message().contains("KEY_RECORDS, which has no sentence in messages.csv"), e.format());
    }

    @Test
    void aCodeWithoutASentenceInTheDefaultLanguageIsRejected() {
        PolicyError e = onlyError(rules().replace("messages.csv", "NOT_LATEST,只能撤回会话中的最后一条消息。,", "NOT_LATEST,,"));

        assertAt(e, "messages.csv", 9, 12);
        assertTrue(e.message().contains("no sentence in zh-CN, the default language"), e.format());
    }

    @Test
    void aMissingTranslationFallsBackToTheDefaultLanguageAndIsListed() throws Exception {
        RuleSet rules = rules().replace("messages.csv", ",The time to recall this message has passed.", ",")
                .compile();

        assertEquals(1, rules.warnings().size(), rules.warnings().toString());
        assertTrue(rules.warnings().get(0).message().contains("WINDOW_EXPIRED has no en sentence"));
        Decision d = rules.decide(request("after_sales", 600), List.of(), "d", AcceptLanguage.parse("en"))
                .decision();
        assertEquals("已超过可撤回时间，无法撤回。", d.decisiveReason().message());
    }

    // ---- the earlier format ----

    @Test
    void aSalienceIsRefusedPointingAtTheDecisionOrder() {
        RulesCopy copy = rules().replace(
                        "10-who-may-recall.drl",
                        "rule \"Only the sender of a message may recall it\"\n",
                        "rule \"Only the sender of a message may recall it\"\n    salience 1400\n");

        PolicyError e = onlyError(copy);

        assertAt(e, "10-who-may-recall.drl", copy.lineOf("10-who-may-recall.drl", "salience"), 5);
        assertTrue(e.message().contains("'salience 1400'") && e.message().contains("decision-order.csv"), e.format());
    }

    @Test
    void anActionOfTheEarlierFormatIsAnsweredWithWhatToWrite() {
        RulesCopy copy = rules().replace(
                        "20-disputes.drl",
                        "redact(\"DISPUTE_FROZEN\", \"SENSITIVE_REDACTED\");",
                        "$recall.redact(kcontext, \"DISPUTE_FROZEN\", \"Frozen.\");\n"
                                + "    $recall.alsoBecause(kcontext, \"SENSITIVE_REDACTED\", \"Masked.\");");

        PolicyError e = onlyError(copy);

        assertAt(e, "20-disputes.drl", copy.lineOf("20-disputes.drl", "$recall.redact"), 5);
        assertTrue(
                e.message().contains("write redact(\"DISPUTE_FROZEN\", \"SENSITIVE_REDACTED\")")
                        && e.message().contains("DISPUTE_FROZEN \"Frozen.\"; SENSITIVE_REDACTED \"Masked.\""),
                e.format());
    }

    @Test
    void theEarlierSettingsTableIsAnsweredWithTheTwoPlainTables() {
        RulesCopy copy = rules().delete("settings.csv").delete("tags.csv").write("settings.drl.csv", """
                RuleSet,io.recallgate.rules.settings
                Import,io.recallgate.model.PolicySettings

                RuleTable Scenario settings
                NAME,CONDITION,ACTION,ACTION,ACTION,ACTION
                ,$settings : PolicySettings,,,,
                ,"inForce(""$param"")","$settings.recall(kcontext, ""$param"");",x,y,z
                Scenario,In force,Ordinary messages,Recall window,Sensitive data window,Sensitive data
                general,yes,window,2 minutes,24 hours,recall
                after_sales,yes,window,5 minutes,24 hours,recall

                RuleTable Message tags
                NAME,CONDITION,ACTION
                Tag,In force,Treated as
                price,yes,key record
                """);

        PolicyError e = onlyError(copy);

        assertAt(e, "settings.drl.csv", 1, 1);
        assertTrue(
                e.message()
                        .contains("--- settings.csv\n"
                                + "Scenario,In force,Ordinary messages,Recall window,Sensitive data window,Sensitive data\n"
                                + "general,yes,window,2 minutes,24 hours,recall\n"
                                + "after_sales,yes,window,5 minutes,24 hours,recall\n"
                                + "--- tags.csv\nTag,In force,Treated as\nprice,yes,key record"),
                e.message());
    }

    @Test
    void aTableTheFolderDoesNotReadIsNamed() {
        PolicyError e = onlyError(rules().write("setting.csv", "Scenario\n"));

        assertEquals("setting.csv", e.file());
        assertTrue(e.message().startsWith("not a table of this policy"), e.format());
    }

    @Test
    void aMissingTableSaysWhatToCreate() {
        PolicyError e = onlyError(rules().delete("order-keywords.csv"));

        assertEquals("order-keywords.csv", e.file());
        assertTrue(e.message().contains("header row 'Order or tracking keyword'"), e.format());
    }

    // ---- a good edit ----

    @Test
    void aLongerAfterSalesWindowTakesEffect() throws Exception {
        RulesCopy copy = rules().replace(
                        "settings.csv", "after_sales,yes,window,2 minutes,", "after_sales,yes,window,5 minutes,");
        RuleSet changed = copy.compile();
        assertNotEquals(RuleFolder.read(RulesCopy.SHIPPED).version(), changed.version());

        Decision fourMinutes = decide(changed, "after_sales", 240);
        assertEquals("WITHIN_WINDOW", fourMinutes.decisiveReason().code());
        assertEquals(SENT.plus(Duration.ofMinutes(5)), fourMinutes.allowedUntil());
        assertEquals(
                "WITHIN_WINDOW",
                decide(changed, "after_sales", 300).decisiveReason().code());
        assertEquals(
                "WINDOW_EXPIRED",
                decide(changed, "after_sales", 301).decisiveReason().code());
        assertEquals(
                "WINDOW_EXPIRED",
                decide(changed, "live_streaming", 240).decisiveReason().code());
    }

    @Test
    void orderKeywordsComeFromTheFolder() throws Exception {
        String text = "取件码 6222021001123456789";
        RulesCopy copy = rules();
        assertEquals(
                1, decide(copy.compile(), "after_sales", 30, text).sensitive().size());

        RuleSet withKeyword = copy.write("order-keywords.csv", copy.read("order-keywords.csv") + "取件码\n")
                .compile();

        assertEquals(List.of(), decide(withKeyword, "after_sales", 30, text).sensitive());
    }

    private static Decision decide(RuleSet rules, String scenario, long ageSeconds) {
        return decide(rules, scenario, ageSeconds, "hello");
    }

    private static Decision decide(RuleSet rules, String scenario, long ageSeconds, String text) {
        return rules.decide(request(scenario, ageSeconds, text), List.of(), "d", AcceptLanguage.NONE)
                .decision();
    }

    static RecallRequest request(String scenario, long ageSeconds) {
        return request(scenario, ageSeconds, "hello");
    }

    static RecallRequest request(String scenario, long ageSeconds, String text) {
        return new RecallRequest(
                null,
                Mode.PREVIEW,
                scenario,
                "c-1",
                new Message("m-1", "u-1", Role.CUSTOMER, MessageKind.TEXT, text, SENT, null, true, List.of()),
                new Requester("u-1", Role.CUSTOMER),
                SENT.plusSeconds(ageSeconds));
    }
}
