package io.recallgate.model;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.kie.api.runtime.rule.RuleContext;

/**
 * Collects the settings tables of the rules folder once per rule-set version. The tables' rows are
 * rules that match this object; it is inserted only when a rule set is loaded, never per request,
 * so the rows cost nothing at decision time.
 *
 * <p>A row's name (the table's first column) is the scenario or the tag it describes.
 */
public final class PolicySettings {

    /** The row that applies to every scenario without a row of its own. */
    public static final String GENERAL = "general";

    private static final Pattern NAME = Pattern.compile("[a-z0-9_]{1,64}");

    private final Map<String, ScenarioSettings> scenarios = new LinkedHashMap<>();
    private final Set<String> keyRecordTags = new LinkedHashSet<>();
    private final Set<String> disputeEvidenceTags = new LinkedHashSet<>();

    // ---- called from the settings table's actions ----

    /** The scenario row that {@code rule} (a settings table row) describes. */
    public ScenarioSettings scenario(RuleContext rule) {
        String name = rowName(rule);
        return scenarios.computeIfAbsent(name, ScenarioSettings::new);
    }

    public void recall(RuleContext rule, String value) {
        scenario(rule).recall(value);
    }

    public void recallWindow(RuleContext rule, String value) {
        scenario(rule).recallWindow(value);
    }

    public void sensitiveWindow(RuleContext rule, String value) {
        scenario(rule).sensitiveWindow(value);
    }

    public void sensitiveData(RuleContext rule, String value) {
        scenario(rule).sensitiveData(value);
    }

    /** A tag row: {@code key_record} or {@code dispute_evidence}. */
    public void tagMeans(RuleContext rule, String meaning) {
        String tag = rowName(rule);
        switch (meaning.trim().toLowerCase(java.util.Locale.ROOT).replace(' ', '_')) {
            case "key_record":
                keyRecordTags.add(tag);
                break;
            case "dispute_evidence":
                disputeEvidenceTags.add(tag);
                break;
            default:
                throw new SettingsProblem(
                        tag,
                        "tag '" + tag + "': '" + meaning
                                + "' is not a tag meaning; use key_record or dispute_evidence");
        }
    }

    /** Settings-table rows may be switched off by writing "no" in their "in force" column. */
    public boolean inForce(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(java.util.Locale.ROOT);
        return v.equals("yes") || v.equals("y") || v.equals("true") || v.equals("x");
    }

    // ---- read by the service ----

    /** The settings for {@code scenario}: its own row, or the general row. */
    public ScenarioSettings forScenario(String scenario) {
        ScenarioSettings own = scenarios.get(scenario);
        return own != null ? own : scenarios.get(GENERAL);
    }

    public Map<String, ScenarioSettings> scenarios() {
        return java.util.Collections.unmodifiableMap(scenarios);
    }

    public Set<String> keyRecordTags() {
        return java.util.Collections.unmodifiableSet(keyRecordTags);
    }

    public Set<String> disputeEvidenceTags() {
        return java.util.Collections.unmodifiableSet(disputeEvidenceTags);
    }

    /** Problems that make this rule set unusable, as sentences; empty when it is complete. */
    public List<SettingsProblem> problems() {
        List<SettingsProblem> problems = new java.util.ArrayList<>();
        if (!scenarios.containsKey(GENERAL)) {
            problems.add(new SettingsProblem(
                    null,
                    "the settings table has no row for '" + GENERAL
                            + "', which applies to every scenario without a row of its own"));
        }
        scenarios.forEach((name, s) -> {
            String missing = s.missingSetting();
            if (missing != null) {
                problems.add(new SettingsProblem(name, "scenario '" + name + "' has no value for '" + missing + "'"));
            }
        });
        return problems;
    }

    private static String rowName(RuleContext rule) {
        String name = rule.getRule().getName().trim();
        if (!NAME.matcher(name).matches()) {
            throw new SettingsProblem(
                    name,
                    "settings row '" + name
                            + "' must be named by a lowercase scenario or tag name ([a-z0-9_], up to 64)");
        }
        return name;
    }
}
