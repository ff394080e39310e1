package io.recallgate.decision;

import io.recallgate.content.Masker;
import io.recallgate.metrics.Metrics;
import io.recallgate.model.AcceptLanguage;
import io.recallgate.model.Decision;
import io.recallgate.model.Mode;
import io.recallgate.model.Outcome;
import io.recallgate.model.RecallRequest;
import io.recallgate.policy.Decided;
import io.recallgate.policy.PolicyManager;
import io.recallgate.policy.RuleSet;
import io.recallgate.store.ActiveHolds;
import io.recallgate.store.DecisionLog;
import io.recallgate.store.DecisionRecord;
import io.recallgate.store.HoldCheck;
import io.recallgate.store.StoredDecision;
import io.recallgate.store.TextDigester;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * The one path every decision takes: validated request → dispute holds → rules → record (where a
 * repeated requestId gets its first decision back) → answer. The holds come from this replica's
 * view ({@link ActiveHolds}, no database round trip while it is current); an enforce decision's
 * holds are checked again under the tenant's lock when its record is written ({@link HoldCheck}),
 * so an enforce decision that starts after a hold's 201 is decided with it, on every replica. The
 * rules run on the calling (event-loop) thread; the rest are non-blocking database calls.
 *
 * <p>An enforce decision's record keeps what the rules saw ({@code facts}: the request without
 * its text, the covering holds, the findings) and which rules fired ({@code trace}), so it can be
 * explained and replayed later; its reasons keep the sentences in the language the caller was
 * answered in, as evidence of what they were told.
 */
public final class DecisionService {

    private final PolicyManager policy;
    private final ActiveHolds holds;
    private final DecisionLog log;
    private final TextDigester digester;
    private final Metrics metrics;

    public DecisionService(PolicyManager policy, ActiveHolds holds, DecisionLog log, TextDigester digester) {
        this(policy, holds, log, digester, Metrics.NONE);
    }

    /**
     * @param holds   this replica's view of the active dispute holds
     * @param metrics told of each decision made (not of idempotent replays)
     */
    public DecisionService(
            PolicyManager policy, ActiveHolds holds, DecisionLog log, TextDigester digester, Metrics metrics) {
        this.metrics = metrics;
        this.policy = policy;
        this.holds = holds;
        this.log = log;
        this.digester = digester;
    }

    /**
     * A repeated {@code requestId} is not looked up first: the decision log dedupes under its
     * chain lock and hands back the first stored decision, so a retry costs no extra query and
     * concurrent retries still get one record.
     */
    public Future<Decision> decide(String tenant, RecallRequest request, AcceptLanguage language) {
        return evaluateAndRecord(tenant, request, language);
    }

    /**
     * Decides each request in order; the answer keeps the order of the requests. The batch's
     * enforce records are appended as one unit: they are committed together or not at all, so a
     * failed batch never leaves some of its decisions recorded. All are answered in one language.
     */
    public Future<List<Decision>> decideAll(String tenant, List<RecallRequest> requests, AcceptLanguage language) {
        List<Future<Evaluated>> evaluations = new ArrayList<>(requests.size());
        for (RecallRequest r : requests) {
            evaluations.add(evaluate(tenant, r, language));
        }
        return Future.all(evaluations).compose(all -> {
            List<Evaluated> done = new ArrayList<>(requests.size());
            List<DecisionRecord> records = new ArrayList<>();
            List<HoldCheck> checks = new ArrayList<>();
            for (int i = 0; i < requests.size(); i++) {
                Evaluated e = all.resultAt(i);
                done.add(e);
                if (e.record() != null) {
                    records.add(e.record());
                    checks.add(e);
                }
            }
            return log.appendAll(records, checks).map(stored -> {
                List<Decision> out = new ArrayList<>(done.size());
                int next = 0;
                for (Evaluated e : done) {
                    out.add(e.record() == null ? e.answer(null) : e.answer(stored.get(next++)));
                }
                return out;
            });
        });
    }

    private Future<Decision> evaluateAndRecord(String tenant, RecallRequest request, AcceptLanguage language) {
        return evaluate(tenant, request, language)
                .compose(e -> e.record() == null
                        ? Future.succeededFuture(e.answer(null))
                        : log.append(e.record(), e).map(e::answer));
    }

    /**
     * A decision made and, for enforce mode, the record to write. The holds it was decided with
     * come from this replica's view ({@link ActiveHolds}); the decision log checks them again
     * under the tenant's lock ({@link #withHolds}), and a record whose holds changed meanwhile is
     * decided again, with the same id, before it is written: the answer is then that decision.
     */
    private final class Evaluated implements HoldCheck {
        final String tenant;
        final RecallRequest request;
        final AcceptLanguage language;
        final RuleSet rules;
        final List<String> holdIds;
        final Decision first;
        final DecisionRecord record;
        final long nanos;
        final String scenarioLabel;
        final String textDigest;
        /** The decision the record last written carries (set on the decision log's event loop). */
        volatile Decision current;

        Evaluated(
                String tenant,
                RecallRequest request,
                AcceptLanguage language,
                RuleSet rules,
                List<String> holdIds,
                Decided decided,
                long nanos) {
            this.tenant = tenant;
            this.request = request;
            this.language = language;
            this.rules = rules;
            this.holdIds = holdIds;
            this.first = decided.decision();
            this.current = first;
            this.nanos = nanos;
            this.scenarioLabel = scenarioLabel(rules, request.scenario());
            this.textDigest = request.mode() == Mode.PREVIEW
                    ? null
                    : digester.digest(request.message().text());
            this.record = request.mode() == Mode.PREVIEW ? null : record(decided);
        }

        private DecisionRecord record(Decided decided) {
            return new DecisionRecord(
                    tenant,
                    request.requestId(),
                    request.scenario(),
                    request.conversationId(),
                    request.message().id(),
                    request.requester().id(),
                    textDigest,
                    decided.decision(),
                    FactsJson.toJson(decided.evaluation().facts()),
                    FactsJson.traceToJson(decided.evaluation().trace()));
        }

        @Override
        public DecisionRecord withHolds(List<String> active) {
            if (active.equals(holdIds)) {
                current = first;
                return record;
            }
            // same rule set, id, time and language; only the holds differ
            Decided again = rules.decide(request, active, first.decisionId(), language);
            current = again.decision();
            return record(again);
        }

        @Override
        public List<String> decidedWith() {
            return holdIds;
        }

        void count() {
            Decision d = current;
            metrics.decided(d.mode(), d.outcome(), d.decisiveReason().code(), scenarioLabel, nanos);
        }

        DecisionRecord record() {
            return record;
        }

        /** The answer once the record is stored (null for a preview). */
        Decision answer(StoredDecision stored) {
            if (stored == null) {
                count();
                return current;
            }
            if (!stored.decisionId().equals(first.decisionId())) {
                return replay(stored, request); // a retry: the first decision stands, counted once
            }
            count();
            return withMaskedText(stored.decision(), current.maskedText());
        }
    }

    private Future<Evaluated> evaluate(String tenant, RecallRequest request, AcceptLanguage language) {
        String conversation = request.conversationId();
        String message = request.message().id();
        return holds.holdIds(tenant, conversation, message).map(holdIds -> {
            long start = System.nanoTime();
            RuleSet rules = policy.active();
            Decided decided = rules.decide(request, holdIds, DecisionIds.next(), language);
            long nanos = System.nanoTime() - start;
            return new Evaluated(tenant, request, language, rules, holdIds, decided, nanos);
        });
    }

    /** The scenario as a metric label: a name the deciding policy knows, else {@code other}. */
    static String scenarioLabel(RuleSet rules, String scenario) {
        return rules.settings().scenarios().containsKey(scenario) ? scenario : "other";
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
