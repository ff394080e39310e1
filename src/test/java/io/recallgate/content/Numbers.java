package io.recallgate.content;

/**
 * Test-only reference implementations of the check formulas, written independently of the
 * production code so that test data is not produced by the code under test.
 */
final class Numbers {
    private static final int[] W = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};

    private Numbers() {}

    /** The 17 digits plus their GB 11643-1999 check character. */
    static String id(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += Character.digit(first17.charAt(i), 10) * W[i];
        }
        return first17 + "10X98765432".charAt(sum % 11);
    }

    static boolean luhn(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
        }
        return sum % 10 == 0;
    }

    /** {@code prefix} plus the one digit that makes it Luhn-valid. */
    static String luhnComplete(String prefix) {
        for (char d = '0'; d <= '9'; d++) {
            if (luhn(prefix + d)) {
                return prefix + d;
            }
        }
        throw new AssertionError("unreachable");
    }

    /** ASCII digits and letters turned into their full-width forms. */
    static String fullWidth(String ascii) {
        StringBuilder sb = new StringBuilder(ascii.length());
        for (char c : ascii.toCharArray()) {
            sb.append(Character.isLetterOrDigit(c) && c < 128 ? (char) (c + 0xFEE0) : c);
        }
        return sb.toString();
    }
}
