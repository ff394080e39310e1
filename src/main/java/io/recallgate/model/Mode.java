package io.recallgate.model;

import java.util.Locale;

/**
 * {@code enforce}: a real recall attempt, written to the audit log.
 * {@code preview}: "would it be allowed?", never written.
 */
public enum Mode {
    ENFORCE,
    PREVIEW;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Mode fromJson(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
