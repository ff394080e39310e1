package io.recallgate.model;

import java.util.Locale;

/** Who takes part in a conversation. Serialised in lowercase. */
public enum Role {
    CUSTOMER,
    AGENT,
    BOT,
    SUPERVISOR;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role fromJson(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
