package io.recallgate.model;

import java.util.Locale;

/**
 * {@code enforce}: a real recall attempt, written to the audit log.
 * {@code preview}: "would it be allowed?", never written.
 */
public enum Mode {
    ENFORCE,
    PREVIEW;

    /** The name in the API's JSON: the constant in lower case, made once. */
    private final String json = name().toLowerCase(Locale.ROOT);

    public String json() {
        return json;
    }

    public static Mode fromJson(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
