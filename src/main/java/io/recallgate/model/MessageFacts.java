package io.recallgate.model;

import java.time.Instant;
import java.util.List;

/**
 * The message as the rules see it: everything the platform said about it except its text, which
 * is scanned before the rules run and never kept. Its findings are in {@link RecallFacts#sensitive()}.
 */
public record MessageFacts(
        String id,
        String senderId,
        Role senderRole,
        MessageKind kind,
        Instant sentAt,
        Instant repliedAt,
        boolean latest,
        List<String> tags) {

    public MessageFacts {
        tags = tags == null ? List.of() : List.copyOf(tags);
        kind = kind == null ? MessageKind.TEXT : kind;
    }

    /** The request's message without its text. */
    public static MessageFacts of(Message m) {
        return new MessageFacts(
                m.id(), m.senderId(), m.senderRole(), m.kind(), m.sentAt(), m.repliedAt(), m.latest(), m.tags());
    }
}
