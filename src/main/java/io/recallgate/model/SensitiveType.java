package io.recallgate.model;

import java.util.Locale;

/**
 * Kinds of sensitive content the scanner finds. The declaration order is the precedence used
 * when candidates overlap (POLICY.md): resident id, e-mail, mobile, bank card.
 */
public enum SensitiveType {
    CN_RESIDENT_ID,
    EMAIL,
    CN_MOBILE,
    BANK_CARD;

    /** The name in the API's JSON: the constant in lower case, made once. */
    private final String json = name().toLowerCase(Locale.ROOT);

    public String json() {
        return json;
    }

    public static SensitiveType fromJson(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
