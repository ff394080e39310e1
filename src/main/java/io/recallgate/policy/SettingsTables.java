package io.recallgate.policy;

import io.recallgate.model.PolicyDurations;
import io.recallgate.model.PolicySettings;
import io.recallgate.model.ScenarioSettings;
import io.recallgate.model.ScenarioSettings.OrdinaryMessages;
import io.recallgate.model.ScenarioSettings.SensitiveData;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the two settings tables of the rules folder into {@link PolicySettings}:
 * {@value #SETTINGS} (one row per scenario) and {@value #TAGS} (one row per message tag). The
 * values are the words of POLICY.md; anything else is an error that names the cell and lists
 * what may stand there.
 *
 * <p>The settings are read as data, not compiled into rules by a template: they are values (a
 * window, a choice), so the rules compare against them, and an author's mistake is reported at
 * the cell instead of at a line of generated DRL.
 */
final class SettingsTables {

    static final String SETTINGS = "settings.csv";
    static final String TAGS = "tags.csv";

    static final String[] SETTINGS_COLUMNS = {
        "Scenario", "In force", "Ordinary messages", "Recall window", "Sensitive data window", "Sensitive data"
    };
    static final String[] TAGS_COLUMNS = {"Tag", "In force", "Treated as"};

    private static final Pattern NAME = Pattern.compile("[a-z0-9_]{1,64}");
    private static final Duration LONGEST = Duration.ofDays(3650);

    private SettingsTables() {}

    /** The settings, or null when a table is missing or has an error (each added to {@code errors}). */
    static PolicySettings read(RuleFolder folder, List<PolicyError> errors, List<PolicyError> warnings) {
        int before = errors.size();
        Map<String, ScenarioSettings> scenarios = scenarios(folder, errors, warnings);
        Set<String> keyRecords = new LinkedHashSet<>();
        Set<String> disputeEvidence = new LinkedHashSet<>();
        tags(folder, keyRecords, disputeEvidence, errors);
        if (errors.size() > before || scenarios == null) {
            return null;
        }
        return new PolicySettings(scenarios, keyRecords, disputeEvidence);
    }

    private static Map<String, ScenarioSettings> scenarios(
            RuleFolder folder, List<PolicyError> errors, List<PolicyError> warnings) {
        RuleFile file = folder.file(SETTINGS);
        if (file == null) {
            errors.add(missing(SETTINGS, "the settings table, one row per scenario", SETTINGS_COLUMNS));
            return null;
        }
        CsvTable t = CsvTable.read(file, "the settings table", errors);
        int[] col = t == null ? null : t.columns(errors, SETTINGS_COLUMNS);
        if (col == null) {
            return null;
        }
        int before = errors.size();
        Map<String, ScenarioSettings> out = new LinkedHashMap<>();
        Map<String, Integer> rowOf = new LinkedHashMap<>();
        for (CsvTable.Row row : t.rows()) {
            String name = name(t, row, col[0], "scenario", "after_sales", errors);
            Boolean inForce = yesNo(t, row, col[1], errors);
            if (Boolean.FALSE.equals(inForce)) {
                continue; // a row switched off may be incomplete
            }
            OrdinaryMessages ordinary = ordinary(t, row, col[2], errors);
            Duration recallWindow = null;
            if (ordinary == OrdinaryMessages.WINDOW) {
                recallWindow = duration(t, row, col[3], errors);
            } else if (ordinary != null && !t.cell(row, col[3]).isBlank()) {
                warnings.add(t.error(
                        row,
                        col[3],
                        "ignored: a recall window only applies when ordinary messages are recalled within a"
                                + " 'window'"));
            }
            Duration sensitiveWindow = duration(t, row, col[4], errors);
            SensitiveData sensitive = sensitiveData(t, row, col[5], errors);
            if (name == null || inForce == null) {
                continue;
            }
            Integer first = rowOf.putIfAbsent(name, row.number());
            if (first != null) {
                errors.add(t.error(
                        row,
                        col[0],
                        "scenario '" + name + "' already has a row in force (row " + first
                                + "); switch one of them off with 'no' in 'In force'"));
                continue;
            }
            if (errors.size() == before) {
                out.put(name, new ScenarioSettings(name, ordinary, recallWindow, sensitiveWindow, sensitive));
            }
        }
        if (errors.size() > before) {
            return null;
        }
        if (!out.containsKey(PolicySettings.GENERAL)) {
            errors.add(new PolicyError(
                    SETTINGS,
                    1,
                    1,
                    "there is no row in force for '" + PolicySettings.GENERAL
                            + "', which applies to every scenario without a row of its own"));
            return null;
        }
        return out;
    }

    private static void tags(
            RuleFolder folder, Set<String> keyRecords, Set<String> disputeEvidence, List<PolicyError> errors) {
        RuleFile file = folder.file(TAGS);
        if (file == null) {
            errors.add(missing(TAGS, "the message tags that are key records or dispute evidence", TAGS_COLUMNS));
            return;
        }
        CsvTable t = CsvTable.read(file, "the tag table", errors);
        int[] col = t == null ? null : t.columns(errors, TAGS_COLUMNS);
        if (col == null) {
            return;
        }
        Map<String, Integer> rowOf = new LinkedHashMap<>();
        for (CsvTable.Row row : t.rows()) {
            String tag = name(t, row, col[0], "tag", "order_details", errors);
            Boolean inForce = yesNo(t, row, col[1], errors);
            if (Boolean.FALSE.equals(inForce)) {
                continue;
            }
            String meaning = CsvTable.word(t.cell(row, col[2]).value());
            if (!meaning.equals("key record") && !meaning.equals("dispute evidence")) {
                errors.add(t.error(row, col[2], allowed(t, row, col[2], "key record", "dispute evidence")));
                continue;
            }
            if (tag == null || inForce == null) {
                continue;
            }
            Integer first = rowOf.putIfAbsent(tag, row.number());
            if (first != null) {
                errors.add(t.error(row, col[0], "tag '" + tag + "' already has a row in force (row " + first + ")"));
                continue;
            }
            (meaning.equals("key record") ? keyRecords : disputeEvidence).add(tag);
        }
    }

    private static String name(
            CsvTable t, CsvTable.Row row, int col, String what, String example, List<PolicyError> errors) {
        String value = t.cell(row, col).trimmed();
        if (!NAME.matcher(value).matches()) {
            errors.add(t.error(
                    row,
                    col,
                    (value.isEmpty() ? "no " + what + " name" : "'" + value + "' is not a " + what + " name")
                            + "; write it as the platform sends it: lowercase letters, digits and _, up to 64"
                            + " (e.g. " + example + ")"));
            return null;
        }
        return value;
    }

    private static Boolean yesNo(CsvTable t, CsvTable.Row row, int col, List<PolicyError> errors) {
        switch (CsvTable.word(t.cell(row, col).value())) {
            case "yes":
                return true;
            case "no":
                return false;
            default:
                errors.add(t.error(row, col, allowed(t, row, col, "yes", "no")));
                return null;
        }
    }

    private static OrdinaryMessages ordinary(CsvTable t, CsvTable.Row row, int col, List<PolicyError> errors) {
        switch (CsvTable.word(t.cell(row, col).value())) {
            case "window":
                return OrdinaryMessages.WINDOW;
            case "latest unreplied":
                return OrdinaryMessages.LATEST_UNREPLIED;
            case "never":
                return OrdinaryMessages.NEVER;
            default:
                errors.add(t.error(row, col, allowed(t, row, col, "window", "latest unreplied", "never")));
                return null;
        }
    }

    private static SensitiveData sensitiveData(CsvTable t, CsvTable.Row row, int col, List<PolicyError> errors) {
        switch (CsvTable.word(t.cell(row, col).value())) {
            case "recall":
                return SensitiveData.RECALL;
            case "redact":
                return SensitiveData.REDACT;
            default:
                errors.add(t.error(row, col, allowed(t, row, col, "recall", "redact")));
                return null;
        }
    }

    private static Duration duration(CsvTable t, CsvTable.Row row, int col, List<PolicyError> errors) {
        String value = t.cell(row, col).trimmed();
        String help = "write a number and a unit: '90 seconds', '2 minutes', '24 hours' or '7 days'";
        if (value.isEmpty()) {
            errors.add(t.error(row, col, "empty; " + help));
            return null;
        }
        Duration d;
        try {
            d = PolicyDurations.parse(value);
        } catch (RuntimeException e) {
            errors.add(t.error(row, col, "'" + value + "' is not a duration; " + help));
            return null;
        }
        if (d.isNegative() || d.compareTo(LONGEST) > 0) {
            errors.add(t.error(row, col, "'" + value + "' is out of range: from 0 seconds to 3650 days"));
            return null;
        }
        return d;
    }

    /** {@code 'sometimes' is not allowed here; write window, latest unreplied or never}. */
    private static String allowed(CsvTable t, CsvTable.Row row, int col, String... words) {
        String value = t.cell(row, col).trimmed();
        StringBuilder choices = new StringBuilder();
        for (int i = 0; i < words.length; i++) {
            if (i > 0) {
                choices.append(i == words.length - 1 ? " or " : ", ");
            }
            choices.append("'").append(words[i]).append("'");
        }
        return (value.isEmpty() ? "empty" : "'" + value + "' is not allowed here") + "; write " + choices;
    }

    static PolicyError missing(String file, String what, String[] columns) {
        return new PolicyError(
                file,
                0,
                0,
                "this file is missing: it holds " + what + "; create it with the header row "
                        + String.join(",", columns));
    }
}
