package io.recallgate.policy;

import io.recallgate.model.Outcome;
import io.recallgate.model.Rfc3339;
import io.recallgate.model.RuleFiring;
import io.recallgate.model.RuleReason;
import io.recallgate.model.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.AgendaEventListener;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;

/**
 * Listens to the engine during one evaluation: it learns from the engine which rule is firing
 * (so the rule's name needs no mention in its action), records every firing in order (the
 * decision's trace, with the rule's file), takes the verdict the action gives through
 * {@link RuleActions}, and stops the evaluation once a rule has decided: the first rule in the
 * decision order that applies decides.
 *
 * <p>The engine's listener is {@link #ENGINE}, registered once on a rule set's shared session; it
 * hands each event to the recorder of the evaluation running on the thread that fires the rule.
 */
final class VerdictRecorder {

    /** The agenda listener of every rule set's session. */
    static final AgendaEventListener ENGINE = new DefaultAgendaEventListener() {
        @Override
        public void beforeMatchFired(BeforeMatchFiredEvent event) {
            VerdictRecorder r = RuleActions.current();
            if (r != null) {
                r.beforeMatchFired(event);
            }
        }

        @Override
        public void afterMatchFired(AfterMatchFiredEvent event) {
            VerdictRecorder r = RuleActions.current();
            if (r != null) {
                r.afterMatchFired(event);
            }
        }
    };

    private final Instant sentAt;
    private final Map<String, RuleFiring> firings;
    private final List<RuleFiring> trace = new ArrayList<>(2);
    private String firing;
    private Outcome outcome;
    private Instant allowedUntil;
    private List<RuleReason> reasons;

    /** @param firings each rule's trace entry (its name and file), by rule name */
    VerdictRecorder(Instant sentAt, Map<String, RuleFiring> firings) {
        this.sentAt = sentAt;
        this.firings = firings;
    }

    void beforeMatchFired(BeforeMatchFiredEvent event) {
        firing = event.getMatch().getRule().getName();
    }

    void afterMatchFired(AfterMatchFiredEvent event) {
        String rule = event.getMatch().getRule().getName();
        RuleFiring entry = firings.get(rule);
        trace.add(entry != null ? entry : new RuleFiring(rule, null));
        firing = null;
        if (outcome != null) {
            event.getKieRuntime().halt();
        }
    }

    void deny(String code, String... more) {
        decide(Outcome.DENY, null, code, more);
    }

    void allow(Duration window, String code, String... more) {
        // the window's end as the contract can write it (a window that ends after 9999 ends at
        // 9999-12-31T23:59:59Z), so the decision answered, stored and logged carry the same instant
        decide(Outcome.ALLOW, window == null ? null : Rfc3339.writable(sentAt.plus(window)), code, more);
    }

    void redact(String code, String... more) {
        decide(Outcome.REDACT, null, code, more);
    }

    private void decide(Outcome outcome, Instant until, String code, String... more) {
        if (this.outcome != null || firing == null) {
            return; // one outcome per evaluation; the compiler rejects an action that gives two
        }
        List<RuleReason> given = new ArrayList<>(1 + more.length);
        given.add(new RuleReason(code, firing));
        for (String m : more) {
            given.add(new RuleReason(m, firing));
        }
        this.outcome = outcome;
        this.allowedUntil = until;
        this.reasons = given;
    }

    Verdict verdict() {
        return outcome == null ? Verdict.undecided() : new Verdict(outcome, allowedUntil, reasons);
    }

    List<RuleFiring> trace() {
        return List.copyOf(trace);
    }
}
