package io.recallgate.content;

import io.recallgate.model.SensitiveType;

/**
 * Finds e-mail addresses, practically: {@code local@label(.label)*.tld}.
 *
 * <ul>
 *   <li>local part: the maximal run of {@code [A-Za-z0-9._%+-]} left of the {@code @}, with
 *       leading punctuation trimmed (so it starts with a digit or letter). Because the run is
 *       maximal, the char before it is never a digit or letter: the "not part of a longer run"
 *       rule holds by construction.</li>
 *   <li>domain: labels of digits/letters with inner hyphens, joined by single dots; the address
 *       ends after the last label that is a TLD (letters only, at least 2) and is not the first
 *       label. A trailing sentence dot ({@code a@b.com.}) is not part of it.</li>
 * </ul>
 *
 * <p>Linear time: the scan is anchored on each {@code @}. Its leftward walk stops at the previous
 * {@code @} (not a local char) and its rightward walk stops at the next one (not a domain char),
 * so every character is walked at most twice, whatever the input ({@code a@a@a@…},
 * {@code ....@}, {@code a@b------}).
 */
final class EmailFinder {
    private EmailFinder() {}

    static void find(char[] t, Claims claims) {
        for (int at = 0; at < t.length; at++) {
            if (t[at] != '@') {
                continue;
            }
            int start = at;
            while (start > 0 && isLocalChar(t[start - 1])) {
                start--;
            }
            while (start < at && !Chars.isAlnum(t[start])) {
                start++;
            }
            if (start == at) {
                continue;
            }
            int end = domainEnd(t, at + 1);
            if (end > 0) {
                claims.offer(SensitiveType.EMAIL, start, end);
            }
        }
    }

    private static boolean isLocalChar(char c) {
        return Chars.isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    }

    /** End (exclusive) of the domain starting at {@code i}, or -1 when there is no valid one. */
    private static int domainEnd(char[] t, int i) {
        int n = t.length;
        int labels = 0;
        int end = -1;
        while (i < n && Chars.isAlnum(t[i])) {
            int labelStart = i;
            boolean lettersOnly = true;
            while (true) {
                while (i < n && Chars.isAlnum(t[i])) {
                    lettersOnly &= Chars.isLetter(t[i]);
                    i++;
                }
                int h = i;
                while (h < n && t[h] == '-') {
                    h++;
                }
                if (h == i || !Chars.isAlnumAt(t, h)) {
                    break;
                }
                lettersOnly = false;
                i = h;
            }
            labels++;
            if (labels >= 2 && lettersOnly && i - labelStart >= 2) {
                end = i;
            }
            if (i < n && t[i] == '.' && Chars.isAlnumAt(t, i + 1)) {
                i++;
            } else {
                break;
            }
        }
        return end;
    }
}
