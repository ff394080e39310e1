package io.recallgate.model;

import java.time.Instant;

/**
 * A validated recall request. {@code at} is never null here: the HTTP layer fills in the server
 * clock when the client did not send one, so that a decision is a pure function of this value.
 */
public record RecallRequest(
        String requestId,
        Mode mode,
        String scenario,
        String conversationId,
        Message message,
        Requester requester,
        Instant at) {}
