package io.recallgate.content;

/**
 * Character classes shared by the scanner and the masker.
 *
 * <p>Chinese input methods in full-width mode type {@code ０}–{@code ９}, {@code Ａ}–{@code Ｚ} and
 * {@code ａ}–{@code ｚ}; POLICY.md says they count as their ASCII counterparts. Folding them
 * char-by-char into an array of the same length keeps every index valid for the original
 * string, so offsets found in the folded copy are offsets into the original (UTF-16 code units;
 * surrogate halves are never digits or letters and pass through untouched).
 */
final class Chars {
    private Chars() {}

    /** The ASCII equivalent of a full-width digit or Latin letter; any other char unchanged. */
    static char fold(char c) {
        if (c >= '\uFF10' && c <= '\uFF19') {
            return (char) ('0' + (c - '\uFF10'));
        }
        if (c >= '\uFF21' && c <= '\uFF3A') {
            return (char) ('A' + (c - '\uFF21'));
        }
        if (c >= '\uFF41' && c <= '\uFF5A') {
            return (char) ('a' + (c - '\uFF41'));
        }
        return c;
    }

    /** A folded copy of {@code text}, same length, index for index. */
    static char[] fold(String text) {
        char[] out = text.toCharArray(); // the JDK's copy, then only the full-width forms changed
        for (int i = 0; i < out.length; i++) {
            char c = out[i];
            if (c >= '\uFF10') {
                out[i] = fold(c);
            }
        }
        return out;
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** Digit or Latin letter (of a folded text): the characters that make up a "run". */
    static boolean isAlnum(char c) {
        return isDigit(c) || isLetter(c);
    }

    /** True when index {@code i} is inside {@code t} and holds a digit or Latin letter. */
    static boolean isAlnumAt(char[] t, int i) {
        return i >= 0 && i < t.length && isAlnum(t[i]);
    }

    static boolean isDigits(char[] t, int from, int count) {
        if (from < 0 || from + count > t.length) {
            return false;
        }
        for (int i = from; i < from + count; i++) {
            if (!isDigit(t[i])) {
                return false;
            }
        }
        return true;
    }

    static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
}
