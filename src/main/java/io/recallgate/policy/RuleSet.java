package io.recallgate.policy;

import io.recallgate.content.Masker;
import io.recallgate.content.SensitiveScanner;
import io.recallgate.model.AcceptLanguage;
import io.recallgate.model.Decision;
import io.recallgate.model.Outcome;
import io.recallgate.model.PolicySettings;
import io.recallgate.model.Reason;
import io.recallgate.model.Recall;
import io.recallgate.model.RecallFacts;
import io.recallgate.model.RecallRequest;
import io.recallgate.model.RuleFiring;
import io.recallgate.model.RuleReason;
import io.recallgate.model.ScenarioSettings;
import io.recallgate.model.SensitiveFinding;
import io.recallgate.model.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.kie.api.KieBase;
import org.kie.api.runtime.StatelessKieSession;

/**
 * One compiled, immutable version of the rules folder: its rules, settings, messages and the
 * scanner its order keywords configure. Every decision runs entirely on one {@code RuleSet}, so
 * the {@code policyVersion} it reports is exactly the rules that decided.
 *
 * <p>Two entry points: {@link #decide} for a request as received (scan the text → facts →
 * evaluate → decision), and {@link #evaluate} from facts alone, without the text (its findings
 * are part of the facts), which is how a stored decision is replayed under another rule set.
 * Both are short CPU work and safe to call from many threads at once: each evaluation runs a
 * stateless session of the rule set's pool on the shared {@code KieBase}.
 */
public final class RuleSet {

    private final RuleFolder folder;
    private final PolicySettings settings;
    private final Messages messages;
    private final SensitiveScanner scanner;
    private final Map<String, RuleFiring> firings;
    private final List<PolicyError> warnings;
    private final Instant loadedAt;
    private final StatelessKieSession session;

    RuleSet(
            RuleFolder folder,
            KieBase kieBase,
            PolicySettings settings,
            Messages messages,
            SensitiveScanner scanner,
            Map<String, RuleFiring> firings,
            List<PolicyError> warnings,
            Instant loadedAt) {
        this.folder = folder;
        this.settings = settings;
        this.messages = messages;
        this.scanner = scanner;
        this.firings = Map.copyOf(firings);
        this.warnings = List.copyOf(warnings);
        this.loadedAt = loadedAt;
        // Pooled: each evaluation reuses a reset session of the pool instead of building one, and
        // the engine listener is registered once; executing is safe from many threads at once.
        this.session = kieBase.newKieSessionsPool(Runtime.getRuntime().availableProcessors())
                .newStatelessKieSession();
        this.session.addEventListener(VerdictRecorder.ENGINE);
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

    /** What {@code check} lists without rejecting the folder (a missing translation, an ignored cell). */
    public List<PolicyError> warnings() {
        return warnings;
    }

    /**
     * Decides a request as received: scans its text, evaluates the facts, and builds the answer
     * in the caller's language (masked text for redact).
     *
     * @param holdIds  the active dispute holds that cover the message (empty: none)
     * @param language the caller's {@code Accept-Language}
     */
    public Decided decide(RecallRequest request, List<String> holdIds, String decisionId, AcceptLanguage language) {
        String text = request.message().text();
        List<SensitiveFinding> findings = scanner.scan(text);
        Evaluation evaluation = evaluate(RecallFacts.of(request, holdIds, findings));
        Verdict v = evaluation.verdict();
        String masked = v.outcome() == Outcome.REDACT ? Masker.mask(text, findings) : null;
        Decision decision = new Decision(
                decisionId,
                request.mode(),
                v.outcome(),
                reasons(v, messages.language(language)),
                findings,
                masked,
                v.allowedUntil(),
                version(),
                request.at());
        return new Decided(decision, evaluation);
    }

    /**
     * Decides again from facts alone, as a stored decision keeps them: no text is needed (the
     * findings are facts), nothing is scanned, masked or written. The replay of impact analysis.
     */
    public Evaluation evaluate(RecallFacts facts) {
        ScenarioSettings scenario = settings.forScenario(facts.scenario());
        Recall recall = new Recall(facts, settings);
        VerdictRecorder recorder = new VerdictRecorder(facts.message().sentAt(), firings);
        RuleActions.run(recorder, () -> session.execute(List.of(scenario, recall)));
        return new Evaluation(facts, recorder.verdict(), recorder.trace());
    }

    /** The verdict's reasons with their sentences in {@code language} (one of the messages table's). */
    public List<Reason> reasons(Verdict verdict, String language) {
        List<Reason> out = new ArrayList<>(verdict.reasons().size());
        for (RuleReason r : verdict.reasons()) {
            String sentence = messages.sentence(r.code(), language);
            out.add(new Reason(r.code(), r.rule(), sentence != null ? sentence : r.code()));
        }
        return out;
    }
}
