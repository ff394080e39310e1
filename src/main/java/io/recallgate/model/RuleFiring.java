package io.recallgate.model;

/**
 * One entry of a decision's trace: a rule that fired, and the file of the rules folder it is
 * written in (relative path, {@code /} separators).
 */
public record RuleFiring(String rule, String file) {}
