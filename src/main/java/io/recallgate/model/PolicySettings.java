package io.recallgate.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The numbers and words of the policy, as the settings tables of the rules folder state them:
 * one {@link ScenarioSettings} per scenario row of {@code settings.csv}, and the tags that
 * {@code tags.csv} treats as key records or dispute evidence. Immutable; read once per rule-set
 * version, so the tables cost nothing at decision time.
 */
public final class PolicySettings {

    /** The row that applies to every scenario without a row of its own. */
    public static final String GENERAL = "general";

    private final Map<String, ScenarioSettings> scenarios;
    private final Set<String> keyRecordTags;
    private final Set<String> disputeEvidenceTags;

    /** @param scenarios by scenario name; must hold {@link #GENERAL} */
    public PolicySettings(
            Map<String, ScenarioSettings> scenarios, Set<String> keyRecordTags, Set<String> disputeEvidenceTags) {
        if (!scenarios.containsKey(GENERAL)) {
            throw new IllegalArgumentException("the settings need a row for " + GENERAL);
        }
        this.scenarios = Collections.unmodifiableMap(new LinkedHashMap<>(scenarios));
        this.keyRecordTags = Collections.unmodifiableSet(new LinkedHashSet<>(keyRecordTags));
        this.disputeEvidenceTags = Collections.unmodifiableSet(new LinkedHashSet<>(disputeEvidenceTags));
    }

    /** The settings for {@code scenario}: its own row, or the general row. */
    public ScenarioSettings forScenario(String scenario) {
        ScenarioSettings own = scenarios.get(scenario);
        return own != null ? own : scenarios.get(GENERAL);
    }

    public Map<String, ScenarioSettings> scenarios() {
        return scenarios;
    }

    public Set<String> keyRecordTags() {
        return keyRecordTags;
    }

    public Set<String> disputeEvidenceTags() {
        return disputeEvidenceTags;
    }
}
