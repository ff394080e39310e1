package io.recallgate.content;

import io.recallgate.model.SensitiveType;

/**
 * Finds mainland mobile numbers: {@code 1[3-9]} + 9 digits, optionally prefixed {@code +86} or
 * {@code 86} (optionally followed by one space or hyphen), either plain or grouped 3-4-4 with the
 * same separator (space or hyphen) twice.
 *
 * <p>A candidate may start at a {@code +}, or at a digit that does not continue a run of
 * digits/letters, and must not be followed by a digit or letter. At any start at most one of
 * the shapes can match (a body starts with {@code 1}, a prefix with {@code 8} or {@code +}), and
 * each attempt reads at most 17 chars, so the pass is linear.
 */
final class MobileFinder {
    private MobileFinder() {}

    static void find(char[] t, Claims claims) {
        for (int i = 0; i < t.length; i++) {
            char c = t[i];
            boolean start = c == '+' || (Chars.isDigit(c) && !Chars.isAlnumAt(t, i - 1));
            if (!start) {
                continue;
            }
            int end = match(t, i);
            if (end > 0) {
                claims.offer(SensitiveType.CN_MOBILE, i, end);
            }
        }
    }

    /** End (exclusive) of a mobile number starting exactly at {@code i}, or -1. */
    private static int match(char[] t, int i) {
        boolean plus = t[i] == '+';
        int p = plus ? i + 1 : i;
        if (p + 1 < t.length && t[p] == '8' && t[p + 1] == '6') {
            int body = p + 2;
            if (body < t.length && isSeparator(t[body])) {
                body++;
            }
            return body(t, body);
        }
        return plus ? -1 : body(t, i);
    }

    private static int body(char[] t, int q) {
        if (q + 1 >= t.length || t[q] != '1' || t[q + 1] < '3' || t[q + 1] > '9') {
            return -1;
        }
        int end;
        if (Chars.isDigits(t, q, 11)) {
            end = q + 11;
        } else if (Chars.isDigits(t, q, 3)
                && q + 3 < t.length
                && isSeparator(t[q + 3])
                && Chars.isDigits(t, q + 4, 4)
                && q + 8 < t.length
                && t[q + 8] == t[q + 3]
                && Chars.isDigits(t, q + 9, 4)) {
            end = q + 13;
        } else {
            return -1;
        }
        return Chars.isAlnumAt(t, end) ? -1 : end;
    }

    static boolean isSeparator(char c) {
        return c == ' ' || c == '-';
    }
}
