package io.recallgate.http.contract;

/**
 * What {@code message.text} may hold. Unlike an id it is never stored (only its keyed digest)
 * and it is never compared with another text, so a text with a NUL or an unpaired surrogate is
 * still decided rather than refused: a platform that cut an emoji in half must still be able to
 * ask whether the message may be recalled.
 *
 * <p>Each unpaired surrogate is replaced by U+FFFD (the Unicode replacement character) before
 * the text is scanned, masked and digested. The replacement is one UTF-16 code unit for one, so
 * every offset in {@code sensitive} still points into the text as sent, and {@code maskedText}
 * is always well-formed Unicode that any JSON encoder can write. NUL is a valid character and
 * stays as it is (it comes back as {@code \u0000} in {@code maskedText}).
 */
public final class MessageText {

    static final char REPLACEMENT = '\uFFFD';

    private MessageText() {}

    /** {@code text} with every unpaired surrogate replaced by U+FFFD; null stays null. */
    public static String repaired(String text) {
        if (text == null) {
            return null;
        }
        char[] chars = null;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++; // a pair: keep both
            } else if (Character.isSurrogate(c)) {
                if (chars == null) {
                    chars = text.toCharArray();
                }
                chars[i] = REPLACEMENT;
            }
        }
        return chars == null ? text : new String(chars);
    }
}
