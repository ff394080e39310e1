package io.recallgate.http.contract;

import java.util.function.Predicate;

/**
 * Hand-written scans for the contract's most frequent patterns, checked on every id and scenario
 * of every request: the same answer as the regular expression (anchored at the very end, as
 * {@link SchemaNode} compiles it), a tenth of the work. {@code StringPatternsPropertyTest} checks
 * each against its expression.
 */
final class StringPatterns {

    /** Ids: no NUL and no unpaired surrogate (matched on code points, so a surrogate pair passes). */
    static final String NO_NUL_NOR_LONE_SURROGATE = "^[^\\x00\\uD800-\\uDFFF]*$";

    /** Scenario names and tags. */
    static final String LOWERCASE_NAME = "^[a-z0-9_]{1,64}$";

    private StringPatterns() {}

    /** The scan for {@code pattern} as written in the contract, or null when there is none. */
    static Predicate<String> scanFor(String pattern) {
        return switch (pattern) {
            case NO_NUL_NOR_LONE_SURROGATE -> StringPatterns::noNulNorLoneSurrogate;
            case LOWERCASE_NAME -> StringPatterns::lowercaseName;
            default -> null;
        };
    }

    static boolean noNulNorLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0) {
                return false;
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++; // a pair: one code point above U+FFFF
                } else {
                    return false;
                }
            }
        }
        return true;
    }

    static boolean lowercaseName(String s) {
        int n = s.length();
        if (n < 1 || n > 64) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
                return false;
            }
        }
        return true;
    }
}
