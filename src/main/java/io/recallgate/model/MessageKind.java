package io.recallgate.model;

import java.util.Locale;

/** What a message carries. Serialised in lowercase. */
public enum MessageKind {
    TEXT,
    IMAGE,
    FILE,
    VOICE,
    OTHER;

    /** The name in the API's JSON: the constant in lower case, made once. */
    private final String json = name().toLowerCase(Locale.ROOT);

    public String json() {
        return json;
    }

    public static MessageKind fromJson(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
