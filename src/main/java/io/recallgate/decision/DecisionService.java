package io.recallgate.decision;

import io.recallgate.content.Masker;
import io.recallgate.model.AcceptLanguage;
import io.recallgate.model.Decision;
import io.recallgate.model.Mode;
import io.recallgate.model.Outcome;
import io.recallgate.model.RecallRequest;
import io.recallgate.policy.Decided;
import io.recallgate.policy.PolicyManager;
import io.recallgate.policy.RuleSet;
import io.recallgate.store.DecisionLog;
import io.recallgate.store.DecisionRecord;
import io.recallgate.store.HoldStore;
import io.recallgate.store.StoredDecision;
import io.recallgate.store.TextDigester;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * The one path every decision takes: validated request → dispute holds → rules → record (where a
 * repeated requestId gets its first decision back) → answer. Only the rule evaluation runs on the
 * calling (event-loop) thread; the rest are non-blocking database calls.
 *
 * <p>An enforce decision's record keeps what the rules saw ({@code facts}: the request without
 * its text, the covering holds, the findings) and which rules fired ({@code trace}), so it can be
 * explained and replayed later; its reasons keep the sentences in the language the caller was
 * answered in, as evidence of what they were told.
 */
public final class DecisionService {

    /** Told of each decision made (not of idempotent replays), e.g. for metrics. */
    public interface DecisionListener {
        void decided(RecallRequest request, Decision decision, long nanos);
    }

    private final PolicyManager policy;
    private final HoldStore holds;
    private final DecisionLog log;
    private final TextDigester digester;
    private volatile DecisionListener listener = (r, d, n) -> {};

    public DecisionService(PolicyManager policy, HoldStore holds, DecisionLog log, TextDigester digester) {
        this.policy = policy;
        this.holds = holds;
        this.log = log;
        this.digester = digester;
    }

    public void listener(DecisionListener listener) {
        this.listener = listener;
    }

    /**
     * A repeated {@code requestId} is not looked up first: the decision log dedupes under its
     * chain lock and hands back the first stored decision, so a retry costs no extra query and
     * concurrent retries still get one record.
     */
    public Future<Decision> decide(String tenant, RecallRequest request, AcceptLanguage language) {
        return evaluateAndRecord(tenant, request, language);
    }

    /** Decides each request in order, all answered in one language; the answer keeps the order of the requests. */
    public Future<List<Decision>> decideAll(String tenant, List<RecallRequest> requests, AcceptLanguage language) {
        List<Future<Decision>> futures = new ArrayList<>(requests.size());
        for (RecallRequest r : requests) {
            futures.add(decide(tenant, r, language));
        }
        return Future.all(futures).map(all -> {
            List<Decision> out = new ArrayList<>(requests.size());
            for (int i = 0; i < requests.size(); i++) {
                out.add(all.resultAt(i));
            }
            return out;
        });
    }

    private Future<Decision> evaluateAndRecord(String tenant, RecallRequest request, AcceptLanguage language) {
        String conversation = request.conversationId();
        String message = request.message().id();
        return holds.activeHoldIds(tenant, conversation, message).compose(holdIds -> {
            long start = System.nanoTime();
            RuleSet rules = policy.active();
            Decided decided = rules.decide(request, holdIds, DecisionIds.next(), language);
            Decision decision = decided.decision();
            long nanos = System.nanoTime() - start;
            if (request.mode() == Mode.PREVIEW) {
                listener.decided(request, decision, nanos);
                return Future.succeededFuture(decision);
            }
            DecisionRecord record = new DecisionRecord(
                    tenant,
                    request.requestId(),
                    request.scenario(),
                    conversation,
                    message,
                    request.requester().id(),
                    digester.digest(request.message().text()),
                    decision,
                    FactsJson.toJson(decided.evaluation().facts()),
                    FactsJson.traceToJson(decided.evaluation().trace()));
            return log.append(record).map(stored -> {
                if (!stored.decisionId().equals(decision.decisionId())) {
                    return replay(stored, request); // a retry: the first decision stands, counted once
                }
                listener.decided(request, decision, nanos);
                return withMaskedText(stored.decision(), decision.maskedText());
            });
        });
    }

    /**
     * The first decision for a repeated {@code requestId}. Masked text is never stored; it is
     * rebuilt from this request's text when that text is the one first decided on.
     */
    private Decision replay(StoredDecision earlier, RecallRequest request) {
        Decision first = earlier.decision();
        String masked = null;
        if (first.outcome() == Outcome.REDACT
                && request.message().text() != null
                && digester.digest(request.message().text())
                        .equals(earlier.record().textDigest())) {
            masked = Masker.mask(request.message().text(), first.sensitive());
        }
        return withMaskedText(first, masked);
    }

    private static Decision withMaskedText(Decision d, String masked) {
        if (masked == null) {
            return d;
        }
        return new Decision(
                d.decisionId(),
                d.mode(),
                d.outcome(),
                d.reasons(),
                d.sensitive(),
                masked,
                d.allowedUntil(),
                d.policyVersion(),
                d.evaluatedAt());
    }
}
