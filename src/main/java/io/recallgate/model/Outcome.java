package io.recallgate.model;

/** What the platform may do with the message. Serialised in lowercase. */
public enum Outcome {
    /** The platform may recall the whole message. */
    ALLOW,
    /** The message stays as it is. */
    DENY,
    /** The message stays, but its sensitive spans are masked in every view. */
    REDACT;

    /** The name in the API's JSON: the constant in lower case, made once. */
    private final String json = name().toLowerCase(java.util.Locale.ROOT);

    public String json() {
        return json;
    }

    public static Outcome fromJson(String value) {
        return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }
}
