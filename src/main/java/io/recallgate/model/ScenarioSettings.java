package io.recallgate.model;

import java.time.Duration;
import java.util.Locale;

/**
 * The settings of one scenario, as a policy author wrote them in the settings table
 * ({@code rules/settings.drl.csv}). One instance is handed to the rules with every request: the
 * row named after the request's scenario, or the {@code general} row when there is none.
 */
public final class ScenarioSettings {

    /** What happens to an ordinary (not sensitive, not key, not held) message. */
    public enum Recall {
        /** Never recalled; the chat is evidence (e-commerce). */
        NONE,
        /** Recalled within {@link #getRecallWindow()} while nobody has replied. */
        WINDOW,
        /** Only the latest message, and only while nobody has answered it (tech support). */
        LATEST_UNREPLIED
    }

    /** What happens to a message that carries sensitive data, within the sensitive-data window. */
    public enum SensitiveData {
        /** The message stays, its sensitive spans are masked. */
        REDACT,
        /** The sender may recall the whole message. */
        RECALL
    }

    private final String scenario;
    private Recall recall;
    private Duration recallWindow;
    private Duration sensitiveWindow;
    private SensitiveData sensitiveData;

    public ScenarioSettings(String scenario) {
        this.scenario = scenario;
    }

    public String getScenario() {
        return scenario;
    }

    public Recall getRecall() {
        return recall;
    }

    public Duration getRecallWindow() {
        return recallWindow;
    }

    public Duration getSensitiveWindow() {
        return sensitiveWindow;
    }

    public SensitiveData getSensitiveData() {
        return sensitiveData;
    }

    /** Readable tests for the rules: {@code ScenarioSettings( recallsWithinWindow )}. */
    public boolean isRecallsWithinWindow() {
        return recall == Recall.WINDOW;
    }

    public boolean isNeverRecalls() {
        return recall == Recall.NONE;
    }

    public boolean isRecallsLatestUnreplied() {
        return recall == Recall.LATEST_UNREPLIED;
    }

    public boolean isMasksSensitiveData() {
        return sensitiveData == SensitiveData.REDACT;
    }

    public boolean isRecallsSensitiveData() {
        return sensitiveData == SensitiveData.RECALL;
    }

    void recall(String value) {
        String w = word(value);
        switch (w) {
            case "NEVER":
            case "NONE":
                this.recall = Recall.NONE;
                break;
            case "WINDOW":
            case "WITHIN_WINDOW":
                this.recall = Recall.WINDOW;
                break;
            case "LATEST_UNREPLIED":
                this.recall = Recall.LATEST_UNREPLIED;
                break;
            default:
                throw new SettingsProblem(
                        scenario,
                        "scenario '" + scenario + "': '" + value
                                + "' is not a choice for ordinary messages; use window, latest unreplied or never");
        }
    }

    void recallWindow(String value) {
        this.recallWindow = duration("recall window", value);
    }

    void sensitiveWindow(String value) {
        this.sensitiveWindow = duration("sensitive data window", value);
    }

    /** Names the scenario in the error, so that the compiler can point at the table row. */
    private Duration duration(String setting, String value) {
        try {
            return PolicyDurations.parse(value);
        } catch (RuntimeException e) { // IllegalArgumentException, or DateTimeParseException for ISO-8601
            throw new SettingsProblem(scenario, "scenario '" + scenario + "': " + setting + ": " + e.getMessage(), e);
        }
    }

    void sensitiveData(String value) {
        String w = word(value);
        if (!w.equals("REDACT") && !w.equals("RECALL")) {
            throw new SettingsProblem(
                    scenario,
                    "scenario '" + scenario + "': '" + value
                            + "' is not a choice for sensitive data; use recall or redact");
        }
        this.sensitiveData = SensitiveData.valueOf(w);
    }

    /** Names the first setting that is missing, or returns null when the row is complete. */
    String missingSetting() {
        if (recall == null) {
            return "ordinary messages";
        }
        if (recall == Recall.WINDOW && recallWindow == null) {
            return "recall window";
        }
        if (sensitiveWindow == null) {
            return "sensitive data window";
        }
        if (sensitiveData == null) {
            return "sensitive data";
        }
        return null;
    }

    private static String word(String value) {
        return value.trim().replace(' ', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "ScenarioSettings[" + scenario + ", recall=" + recall + ", recallWindow=" + recallWindow
                + ", sensitiveWindow=" + sensitiveWindow + ", sensitiveData=" + sensitiveData + "]";
    }
}
