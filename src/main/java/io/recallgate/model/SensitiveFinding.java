package io.recallgate.model;

/**
 * One sensitive item in a message text. {@code start}/{@code end} are UTF-16 offsets into the
 * original text, end exclusive. The matched characters themselves are deliberately not kept.
 */
public record SensitiveFinding(SensitiveType type, int start, int end) {
    public SensitiveFinding {
        if (type == null || start < 0 || end <= start) {
            throw new IllegalArgumentException("bad finding " + type + " " + start + ".." + end);
        }
    }

    /** The rules match on the type name, e.g. {@code SensitiveFinding(typeName == "bank_card")}. */
    public String getTypeName() {
        return type.json();
    }

    public SensitiveType getType() {
        return type;
    }
}
