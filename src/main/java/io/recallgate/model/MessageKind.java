package io.recallgate.model;

import java.util.Locale;

/** What a message carries. Serialised in lowercase. */
public enum MessageKind {
    TEXT,
    IMAGE,
    FILE,
    VOICE,
    OTHER;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MessageKind fromJson(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
