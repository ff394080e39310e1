package io.recallgate.policy;

import io.recallgate.content.Masker;
import io.recallgate.content.SensitiveScanner;
import io.recallgate.model.Decision;
import io.recallgate.model.Outcome;
import io.recallgate.model.PolicySettings;
import io.recallgate.model.Reason;
import io.recallgate.model.Recall;
import io.recallgate.model.RecallRequest;
import io.recallgate.model.ScenarioSettings;
import io.recallgate.model.SensitiveFinding;
import java.time.Instant;
import java.util.List;
import org.kie.api.KieBase;
import org.kie.api.runtime.StatelessKieSession;

/**
 * One compiled, immutable version of the rules folder. Every decision runs entirely on one
 * {@code RuleSet}, so the {@code policyVersion} it reports is exactly the rules that decided.
 *
 * <p>{@link #decide} is short CPU work and safe to call from many threads at once: each call
 * uses a fresh stateless session on the shared {@code KieBase}.
 */
public final class RuleSet {

    private static final SensitiveScanner SCANNER = new SensitiveScanner();

    private final RuleFolder folder;
    private final KieBase kieBase;
    private final PolicySettings settings;
    private final Instant loadedAt;

    RuleSet(RuleFolder folder, KieBase kieBase, PolicySettings settings, Instant loadedAt) {
        this.folder = folder;
        this.kieBase = kieBase;
        this.settings = settings;
        this.loadedAt = loadedAt;
    }

    public String version() {
        return folder.version();
    }

    public Instant loadedAt() {
        return loadedAt;
    }

    public List<RuleFile> files() {
        return folder.files();
    }

    public PolicySettings settings() {
        return settings;
    }

    /**
     * Scans the text, runs the rules and builds the decision.
     *
     * @param activeHold a dispute hold covers the message (the tags are checked here too)
     */
    public Decision decide(RecallRequest request, boolean activeHold, String decisionId) {
        String text = request.message().text();
        List<SensitiveFinding> findings = SCANNER.scan(text);
        List<String> tags = request.message().tags();
        boolean held = activeHold || tags.stream().anyMatch(settings.disputeEvidenceTags()::contains);
        boolean keyRecord = tags.stream().anyMatch(settings.keyRecordTags()::contains);
        ScenarioSettings scenario = settings.forScenario(request.scenario());
        Recall recall = new Recall(request, findings, held, keyRecord);

        StatelessKieSession session = kieBase.newStatelessKieSession();
        session.execute(List.of(scenario, recall));

        Outcome outcome = recall.verdict();
        List<Reason> reasons = recall.reasons();
        if (outcome == null) {
            // A rule set whose rules leave a request undecided keeps the message: the record stays whole.
            outcome = Outcome.DENY;
            reasons = List.of(
                    new Reason("NO_RULE_DECIDED", "(none)", "No rule decided this request; the message stays."));
        }
        String masked = outcome == Outcome.REDACT ? Masker.mask(text, findings) : null;
        return new Decision(
                decisionId,
                request.mode(),
                outcome,
                reasons,
                findings,
                masked,
                outcome == Outcome.ALLOW ? recall.allowedUntil() : null,
                version(),
                request.at());
    }
}
