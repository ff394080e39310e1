package io.recallgate.model;

import java.util.Locale;

/** Who takes part in a conversation. Serialised in lowercase. */
public enum Role {
    CUSTOMER,
    AGENT,
    BOT,
    SUPERVISOR;

    /** The name in the API's JSON: the constant in lower case, made once. */
    private final String json = name().toLowerCase(Locale.ROOT);

    public String json() {
        return json;
    }

    public static Role fromJson(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
