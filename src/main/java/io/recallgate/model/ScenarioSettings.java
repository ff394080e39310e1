package io.recallgate.model;

import java.time.Duration;
import org.kie.api.definition.type.ClassReactive;

/**
 * One row of the settings table ({@code settings.csv}): what a scenario allows. The rules match
 * it by its yes/no properties ({@code ScenarioSettings( recallsWithinWindow, $window : recallWindow )});
 * for each decision the rule set hands them the row of the request's scenario, or the
 * {@code general} row when the scenario has none. Immutable: one instance serves every decision
 * of a rule-set version.
 */
@ClassReactive // immutable: never modified while the rules run, so no property reactivity to analyse
public final class ScenarioSettings {

    /** Column "Ordinary messages": what happens to a message that is not sensitive, not a key record, not held. */
    public enum OrdinaryMessages {
        /** {@code never}: the chat is evidence (e-commerce). */
        NEVER,
        /** {@code window}: recalled within the recall window while nobody has replied. */
        WINDOW,
        /** {@code latest unreplied}: only the latest message, and only while nobody has answered it. */
        LATEST_UNREPLIED
    }

    /** Column "Sensitive data": what happens to a message with sensitive data, within its window. */
    public enum SensitiveData {
        /** {@code recall}: the sender may take the whole message back. */
        RECALL,
        /** {@code redact}: the message stays, its sensitive spans are masked. */
        REDACT
    }

    private final String scenario;
    private final OrdinaryMessages ordinaryMessages;
    private final Duration recallWindow;
    private final Duration sensitiveWindow;
    private final SensitiveData sensitiveData;

    /** @param recallWindow null unless {@code ordinaryMessages} is {@link OrdinaryMessages#WINDOW} */
    public ScenarioSettings(
            String scenario,
            OrdinaryMessages ordinaryMessages,
            Duration recallWindow,
            Duration sensitiveWindow,
            SensitiveData sensitiveData) {
        if (scenario == null || ordinaryMessages == null || sensitiveWindow == null || sensitiveData == null) {
            throw new IllegalArgumentException("a scenario row needs every setting");
        }
        if (ordinaryMessages == OrdinaryMessages.WINDOW && recallWindow == null) {
            throw new IllegalArgumentException("scenario " + scenario + " recalls within a window but has none");
        }
        this.scenario = scenario;
        this.ordinaryMessages = ordinaryMessages;
        this.recallWindow = recallWindow;
        this.sensitiveWindow = sensitiveWindow;
        this.sensitiveData = sensitiveData;
    }

    public String getScenario() {
        return scenario;
    }

    public OrdinaryMessages getOrdinaryMessages() {
        return ordinaryMessages;
    }

    /** Column "Recall window"; null when ordinary messages are not recalled within a window. */
    public Duration getRecallWindow() {
        return recallWindow;
    }

    /** Column "Sensitive data window". */
    public Duration getSensitiveWindow() {
        return sensitiveWindow;
    }

    public SensitiveData getSensitiveData() {
        return sensitiveData;
    }

    // ---- the words of the table, as the rules read them ----

    /** Ordinary messages: {@code window}. */
    public boolean isRecallsWithinWindow() {
        return ordinaryMessages == OrdinaryMessages.WINDOW;
    }

    /** Ordinary messages: {@code latest unreplied}. */
    public boolean isRecallsLatestUnreplied() {
        return ordinaryMessages == OrdinaryMessages.LATEST_UNREPLIED;
    }

    /** Ordinary messages: {@code never}. */
    public boolean isNeverRecalls() {
        return ordinaryMessages == OrdinaryMessages.NEVER;
    }

    /** Sensitive data: {@code redact}. */
    public boolean isMasksSensitiveData() {
        return sensitiveData == SensitiveData.REDACT;
    }

    /** Sensitive data: {@code recall}. */
    public boolean isRecallsSensitiveData() {
        return sensitiveData == SensitiveData.RECALL;
    }

    @Override
    public String toString() {
        return "ScenarioSettings[" + scenario + ", ordinaryMessages=" + ordinaryMessages + ", recallWindow="
                + recallWindow + ", sensitiveWindow=" + sensitiveWindow + ", sensitiveData=" + sensitiveData + "]";
    }
}
