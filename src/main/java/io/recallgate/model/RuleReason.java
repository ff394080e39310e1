package io.recallgate.model;

/**
 * A reason code as a rule gave it: the UPPER_SNAKE {@code code} from the rule's action and the
 * name of the rule, which the engine recorded when the rule fired. The sentence shown to a person
 * comes later, from the messages table, in the language they asked for.
 */
public record RuleReason(String code, String rule) {}
