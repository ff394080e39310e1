package io.recallgate.model;

/**
 * Why a decision came out as it did: an UPPER_SNAKE {@code code}, the name of the rule in the
 * rules folder that gave it, and a human sentence written by the policy author.
 */
public record Reason(String code, String rule, String message) {}
