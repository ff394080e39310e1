package io.recallgate.policy;

import java.util.concurrent.atomic.AtomicReferenceArray;
import org.kie.api.KieBase;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;

/**
 * The sessions one rule set evaluates in: a few stateful sessions on its {@code KieBase}, each
 * with the engine listener ({@link VerdictRecorder#ENGINE}) registered once. An evaluation takes
 * a session, inserts its facts, fires, and deletes its facts again, which leaves the session as
 * empty as a new one; then the session goes back for the next evaluation.
 *
 * <p>Why not a stateless session: Drools' stateless session (pooled or not) registers its
 * listeners on a working memory for every execution and resets every node memory of the network
 * afterwards. That was the largest single cost of a preview decision; deleting the two facts
 * touches only the memories they reached.
 *
 * <p>Safe from many threads: a session is used by one evaluation at a time. A thread that finds
 * no free session builds one; a session that comes back to a full pool is disposed. A session
 * whose evaluation failed is disposed, never reused, as its state is not known.
 */
final class RuleSessions {

    private final KieBase kieBase;
    private final AtomicReferenceArray<KieSession> free;

    /** @param size how many idle sessions are kept (the threads that evaluate at once) */
    RuleSessions(KieBase kieBase, int size) {
        this.kieBase = kieBase;
        this.free = new AtomicReferenceArray<>(Math.max(1, size));
    }

    /** Runs the rules over {@code facts} (inserted in this order) in a session of the pool. */
    void execute(Object... facts) {
        KieSession session = take();
        FactHandle[] handles = new FactHandle[facts.length];
        boolean clean = false;
        try {
            for (int i = 0; i < facts.length; i++) {
                handles[i] = session.insert(facts[i]);
            }
            session.fireAllRules();
            for (int i = handles.length - 1; i >= 0; i--) {
                session.delete(handles[i]);
            }
            clean = true;
        } finally {
            if (clean) {
                give(session);
            } else {
                session.dispose();
            }
        }
    }

    private KieSession take() {
        for (int i = 0; i < free.length(); i++) {
            if (free.get(i) != null) {
                KieSession s = free.getAndSet(i, null);
                if (s != null) {
                    return s;
                }
            }
        }
        KieSession s = kieBase.newKieSession();
        s.addEventListener(VerdictRecorder.ENGINE);
        return s;
    }

    private void give(KieSession session) {
        for (int i = 0; i < free.length(); i++) {
            if (free.get(i) == null && free.compareAndSet(i, null, session)) {
                return;
            }
        }
        session.dispose();
    }
}
