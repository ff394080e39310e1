package io.recallgate.content;

/**
 * The arithmetic checks of POLICY.md: GB 11643-1999 (resident identity number) and Luhn (bank
 * card). Both work on folded chars so no substring or number is ever built from the text.
 */
final class Checksums {
    private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String ID_CHECK_CHARS = "10X98765432";
    private static final int[] DAYS_IN_MONTH = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    private Checksums() {}

    /**
     * The GB 11643-1999 check character ({@code 0-9} or {@code X}) for the 17 digits at
     * {@code t[from..from+17)}, which the caller has verified to be digits.
     */
    static char residentIdCheckChar(char[] t, int from) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (t[from + i] - '0') * ID_WEIGHTS[i];
        }
        return ID_CHECK_CHARS.charAt(sum % 11);
    }

    /**
     * Luhn over a digit sequence that grows to the right, one digit at a time. Luhn doubles every
     * second digit counted from the right end, and that end moves as digits are added; keeping the
     * sum both ways (doubling the digits at even, and at odd, positions from the left) answers
     * for the current end in O(1). Lets {@link BankCardFinder} test every length 13–19 of a
     * sequence of groups in one walk over it.
     */
    static final class Luhn {
        private int digits;
        private int doublingEven;
        private int doublingOdd;

        void add(int digit) {
            int doubled = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
            if (digits % 2 == 0) {
                doublingEven += doubled;
                doublingOdd += digit;
            } else {
                doublingEven += digit;
                doublingOdd += doubled;
            }
            digits++;
        }

        int digits() {
            return digits;
        }

        /**
         * Whether the digits added so far pass Luhn. The rightmost digit is never doubled, so with
         * n digits the ones at positions n-2, n-4, … from the left are.
         */
        boolean valid() {
            return (digits % 2 == 0 ? doublingEven : doublingOdd) % 10 == 0;
        }
    }

    /** Whether the eight digits at {@code t[from..from+8)} are a real YYYYMMDD date in range. */
    static boolean isBirthDate(char[] t, int from, int minYear, int maxYear) {
        int year = number(t, from, 4);
        int month = number(t, from + 4, 2);
        int day = number(t, from + 6, 2);
        if (year < minYear || year > maxYear || month < 1 || month > 12 || day < 1) {
            return false;
        }
        int max = DAYS_IN_MONTH[month - 1];
        if (month == 2 && isLeap(year)) {
            max = 29;
        }
        return day <= max;
    }

    static boolean isLeap(int year) {
        return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    }

    private static int number(char[] t, int from, int len) {
        int n = 0;
        for (int i = from; i < from + len; i++) {
            n = n * 10 + (t[i] - '0');
        }
        return n;
    }
}
