package io.recallgate.model;

import java.time.Instant;
import java.util.List;

/**
 * Everything the rules saw for one decision, and nothing they decided: the request as received
 * without {@code message.text} and {@code requestId}, the active dispute holds that covered the
 * message, and the sensitive findings in its text (type and span only).
 *
 * <p>It is plain input: a stored decision keeps it (API.md {@code facts}), and a rule set can
 * decide again from it alone ({@code RuleSet.evaluate}), without the text, which is never kept.
 *
 * @param held    an active dispute hold covered the message ({@code holdIds} is not empty); the
 *                policy's wider "held" (also a {@code dispute_evidence} tag) is judged by the rules
 * @param holdIds the active holds that covered the message
 */
public record RecallFacts(
        Mode mode,
        String scenario,
        String conversationId,
        MessageFacts message,
        Requester requester,
        Instant at,
        boolean held,
        List<String> holdIds,
        List<SensitiveFinding> sensitive) {

    public RecallFacts {
        holdIds = holdIds == null ? List.of() : List.copyOf(holdIds);
        sensitive = sensitive == null ? List.of() : List.copyOf(sensitive);
    }

    /** The facts of {@code request}, whose text the scanner found {@code sensitive} in. */
    public static RecallFacts of(RecallRequest request, List<String> holdIds, List<SensitiveFinding> sensitive) {
        return new RecallFacts(
                request.mode(),
                request.scenario(),
                request.conversationId(),
                MessageFacts.of(request.message()),
                request.requester(),
                request.at(),
                holdIds != null && !holdIds.isEmpty(),
                holdIds,
                sensitive);
    }
}
