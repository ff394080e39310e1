package io.recallgate.policy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Files of the earlier rules-folder format, and files the folder does not read, each answered
 * with what to do instead. The earlier settings table ({@code settings.drl.csv}, a Drools decision
 * table with {@code RuleSet}, {@code RuleTable}, {@code CONDITION}/{@code ACTION} rows) is
 * converted on the spot: the error message holds the two plain tables to save in its place.
 * (The earlier rule files' {@code salience} and {@code kcontext} actions are answered by
 * {@link RuleSources}.)
 */
final class LegacyFormat {

    /** The tables the folder reads, by name. */
    static final Set<String> TABLES = Set.of(
            SettingsTables.SETTINGS, SettingsTables.TAGS, Messages.FILE, OrderKeywordsTable.FILE, DecisionOrder.FILE);

    private LegacyFormat() {}

    /**
     * Reports every file that the folder cannot take as it is.
     *
     * @return true when the folder still has the earlier settings table (so the missing plain
     *     tables need no error of their own)
     */
    static boolean check(RuleFolder folder, List<PolicyError> errors) {
        boolean legacySettings = false;
        for (RuleFile f : folder.files()) {
            String p = f.path().toLowerCase(Locale.ROOT);
            if (f.isScenarioTest()) {
                continue;
            }
            if (p.endsWith(".drl.csv")) {
                String text = new String(f.content(), StandardCharsets.UTF_8);
                if (text.contains("RuleTable Scenario settings") || text.contains("PolicySettings")) {
                    legacySettings = true;
                    errors.add(new PolicyError(f.path(), 1, 1, convertSettings(f)));
                } else {
                    errors.add(new PolicyError(
                            f.path(),
                            1,
                            1,
                            "Drools decision tables are no longer read: write each rule as DRL in a .drl file"
                                    + " (its action says only the outcome, e.g. deny(\"KEY_RECORD\")), list it in "
                                    + DecisionOrder.FILE + ", and keep numbers and words in "
                                    + SettingsTables.SETTINGS));
                }
            } else if (p.endsWith(".xls") || p.endsWith(".xlsx")) {
                String csv = f.path().replaceAll("(?i)(\\.drl)?\\.xlsx?$", ".csv");
                errors.add(new PolicyError(
                        f.path(),
                        0,
                        0,
                        "spreadsheet files are not read; in your spreadsheet program use Save As \"CSV UTF-8"
                                + " (comma delimited)\" and save it as " + csv + ", then remove " + f.path()));
            } else if (f.isTable() && !TABLES.contains(f.path())) {
                errors.add(new PolicyError(
                        f.path(),
                        0,
                        0,
                        "not a table of this policy; the folder reads " + String.join(", ", sorted(TABLES))
                                + " (at its top level)"));
            }
        }
        return legacySettings;
    }

    private static List<String> sorted(Set<String> names) {
        return names.stream().sorted().toList();
    }

    /** The earlier settings decision table as the two plain tables that replace it. */
    private static String convertSettings(RuleFile f) {
        List<List<String>> rows = CsvTable.rawRows(new String(f.content(), StandardCharsets.UTF_8));
        List<String> scenarios = section(rows, "Scenario", 6);
        List<String> tags = section(rows, "Tag", 3);
        StringBuilder sb = new StringBuilder();
        sb.append("the settings are now plain tables that a spreadsheet opens, with no engine syntax: replace ")
                .append(f.path())
                .append(" by ")
                .append(SettingsTables.SETTINGS)
                .append(" and ")
                .append(SettingsTables.TAGS)
                .append(". Converted from this file:\n--- ")
                .append(SettingsTables.SETTINGS)
                .append('\n')
                .append(String.join(",", SettingsTables.SETTINGS_COLUMNS))
                .append('\n');
        scenarios.forEach(r -> sb.append(r).append('\n'));
        sb.append("--- ")
                .append(SettingsTables.TAGS)
                .append('\n')
                .append(String.join(",", SettingsTables.TAGS_COLUMNS))
                .append('\n');
        tags.forEach(r -> sb.append(r).append('\n'));
        return sb.toString().stripTrailing();
    }

    /** The data rows under the row whose first cell is {@code header}, up to a blank or table row. */
    private static List<String> section(List<List<String>> rows, String header, int width) {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (List<String> row : rows) {
            String first = row.isEmpty() ? "" : row.get(0).strip();
            if (!in) {
                in = first.equalsIgnoreCase(header);
                continue;
            }
            if (row.stream().allMatch(String::isBlank) || first.startsWith("RuleTable")) {
                break;
            }
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < width; i++) {
                String c = i < row.size() ? row.get(i).strip() : "";
                cells.add(c.contains(",") || c.contains("\"") ? "\"" + c.replace("\"", "\"\"") + "\"" : c);
            }
            out.add(String.join(",", cells));
        }
        return out;
    }
}
