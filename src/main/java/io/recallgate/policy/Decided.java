package io.recallgate.policy;

import io.recallgate.model.Decision;

/**
 * A request decided: the answer for the caller ({@link Decision}, with the reasons' sentences in
 * the caller's language and, for redact, the masked text) and the {@link Evaluation} behind it,
 * whose facts and trace a stored decision keeps.
 */
public record Decided(Decision decision, Evaluation evaluation) {}
