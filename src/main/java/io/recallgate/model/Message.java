package io.recallgate.model;

import java.time.Instant;
import java.util.List;

/** The message a recall is asked for, as the platform describes it. */
public record Message(
        String id,
        String senderId,
        Role senderRole,
        MessageKind kind,
        String text,
        Instant sentAt,
        Instant repliedAt,
        boolean latest,
        List<String> tags) {

    public Message {
        tags = tags == null ? List.of() : List.copyOf(tags);
        kind = kind == null ? MessageKind.TEXT : kind;
    }
}
