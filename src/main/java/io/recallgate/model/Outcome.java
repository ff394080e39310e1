package io.recallgate.model;

/** What the platform may do with the message. Serialised in lowercase. */
public enum Outcome {
    /** The platform may recall the whole message. */
    ALLOW,
    /** The message stays as it is. */
    DENY,
    /** The message stays, but its sensitive spans are masked in every view. */
    REDACT;

    public String json() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Outcome fromJson(String value) {
        return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }
}
