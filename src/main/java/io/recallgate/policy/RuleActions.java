package io.recallgate.policy;

import java.time.Duration;

/**
 * What a rule's action may say: the outcome and its reason codes, nothing else. The compiler
 * makes these four available to every rule file ({@code import function}), so an action reads
 * like the policy table:
 *
 * <pre>
 * then
 *     deny("NOT_SENDER");
 *     redact("DISPUTE_FROZEN", "SENSITIVE_REDACTED");   // decisive reason first
 *     allowWithin($window, "WITHIN_WINDOW");             // until sentAt + $window
 *     allow("LATEST_UNREPLIED");                         // no known end
 * </pre>
 *
 * <p>The rule's name is not passed: the engine reports which rule is firing
 * ({@link VerdictRecorder}, an agenda listener), and the first rule that decides stops the
 * evaluation. The sentences for the codes come from the messages table.
 *
 * <p>Static because DRL functions are; the evaluation they belong to is the one running on the
 * calling thread (a stateless session fires its rules on the thread that executes it).
 */
public final class RuleActions {

    private static final ThreadLocal<VerdictRecorder> CURRENT = new ThreadLocal<>();

    private RuleActions() {}

    /** The message stays as it is. */
    public static void deny(String code, String... moreCodes) {
        recorder().deny(code, moreCodes);
    }

    /** The whole message may be recalled, with no known end. */
    public static void allow(String code, String... moreCodes) {
        recorder().allow(null, code, moreCodes);
    }

    /** The whole message may be recalled until {@code sentAt + window}. */
    public static void allowWithin(Duration window, String code, String... moreCodes) {
        recorder().allow(window, code, moreCodes);
    }

    /** The message stays, and its sensitive spans are masked in every view. */
    public static void redact(String code, String... moreCodes) {
        recorder().redact(code, moreCodes);
    }

    /** The names above, which the compiler imports into every rule package. */
    static final String[] NAMES = {"deny", "allow", "allowWithin", "redact"};

    static void run(VerdictRecorder recorder, Runnable evaluation) {
        VerdictRecorder outer = CURRENT.get();
        CURRENT.set(recorder);
        try {
            evaluation.run();
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    /** The evaluation running on this thread, or null. */
    static VerdictRecorder current() {
        return CURRENT.get();
    }

    private static VerdictRecorder recorder() {
        VerdictRecorder r = CURRENT.get();
        if (r == null) {
            throw new IllegalStateException("a rule action ran outside a rule-set evaluation");
        }
        return r;
    }
}
