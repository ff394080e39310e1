package io.recallgate.content;

import io.recallgate.model.SensitiveType;

/**
 * Finds 18-character mainland resident identity numbers (GB 11643-1999).
 *
 * <p>A candidate is a maximal run of digits/Latin letters of exactly 18 chars: that single
 * condition is both the "18 characters" rule and the "not part of a longer run" rule
 * ({@code 11010519491231002Xyz} is a run of 20). Within it: 17 digits, a check char (digit or
 * {@code X}/{@code x}) equal to the weighted-sum check, and a real YYYYMMDD birth date at
 * characters 7–14. One pass, each char visited once.
 */
final class ResidentIdFinder {
    static final int LENGTH = 18;
    static final int MIN_BIRTH_YEAR = 1900;

    private ResidentIdFinder() {}

    static void find(char[] t, int maxBirthYear, Claims claims) {
        int i = 0;
        while (i < t.length) {
            if (!Chars.isAlnum(t[i])) {
                i++;
                continue;
            }
            int start = i;
            while (i < t.length && Chars.isAlnum(t[i])) {
                i++;
            }
            if (i - start == LENGTH && isValid(t, start, maxBirthYear)) {
                claims.offer(SensitiveType.CN_RESIDENT_ID, start, i);
            }
        }
    }

    private static boolean isValid(char[] t, int s, int maxBirthYear) {
        if (!Chars.isDigits(t, s, 17)) {
            return false;
        }
        char check = t[s + 17];
        if (check == 'x') {
            check = 'X';
        }
        return check == Checksums.residentIdCheckChar(t, s)
                && Checksums.isBirthDate(t, s + 6, MIN_BIRTH_YEAR, maxBirthYear);
    }
}
