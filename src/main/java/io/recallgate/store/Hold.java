package io.recallgate.store;

import java.time.Instant;
import java.util.List;

/**
 * A dispute hold. Empty {@code messageIds}: the whole conversation. Active while
 * {@code releasedAt} is null; a released hold stays in the history.
 */
public record Hold(
        String holdId,
        String tenant,
        String conversationId,
        List<String> messageIds,
        String reason,
        String placedBy,
        Instant placedAt,
        Instant releasedAt,
        String releasedBy,
        String releaseReason) {

    public Hold {
        messageIds = messageIds == null ? List.of() : List.copyOf(messageIds);
    }

    public boolean active() {
        return releasedAt == null;
    }
}
