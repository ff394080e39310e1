package io.recallgate.content;

import io.recallgate.model.SensitiveType;

/**
 * Finds bank card numbers: 13–19 digits passing Luhn, optionally grouped by single spaces or
 * hyphens, unless introduced as an order/tracking number ({@link OrderContext}).
 *
 * <p>The text is cut into <em>grouped runs</em>: maximal sequences of digit groups where each
 * pair of neighbouring groups is joined by exactly one space or hyphen (mixing the two is
 * allowed; a double space or any other char ends the run). Then, predictably:
 * <ol>
 *   <li>the whole run is a card if it holds 13–19 digits, passes Luhn, and has no Latin letter
 *       directly before or after it;</li>
 *   <li>otherwise each single group of the run is a card on the same terms (e.g.
 *       {@code 6222021001123456789 2张} or {@code 2024-01-01 6222021001123456789}).</li>
 * </ol>
 * Partial spans of several groups are never tried: picking among them would be guesswork.
 * A run introduced as an order or tracking number yields no card at all, not even from one of
 * its groups: the whole run is that order number.
 *
 * <p>Linear: runs are disjoint, each is walked once to find it and at most twice more (Luhn over
 * a run or group is only computed when it holds at most 19 digits).
 */
final class BankCardFinder {
    static final int MIN_DIGITS = 13;
    static final int MAX_DIGITS = 19;

    private BankCardFinder() {}

    static void find(char[] t, Claims claims, OrderContext orders) {
        int i = 0;
        while (i < t.length) {
            if (!Chars.isDigit(t[i])) {
                i++;
                continue;
            }
            int start = i;
            int digits = 0;
            int groups = 0;
            while (true) {
                while (i < t.length && Chars.isDigit(t[i])) {
                    i++;
                    digits++;
                }
                groups++;
                if (i + 1 < t.length && MobileFinder.isSeparator(t[i]) && Chars.isDigit(t[i + 1])) {
                    i++;
                } else {
                    break;
                }
            }
            if (digits < MIN_DIGITS || orders.introduces(t, start)) {
                continue;
            }
            if (!offer(t, start, i, digits, claims) && groups > 1) {
                offerGroups(t, start, i, claims);
            }
        }
    }

    private static void offerGroups(char[] t, int from, int to, Claims claims) {
        int i = from;
        while (i < to) {
            int start = i;
            while (i < to && Chars.isDigit(t[i])) {
                i++;
            }
            offer(t, start, i, i - start, claims);
            i++; // the separator
        }
    }

    /** Offers {@code t[start..end)} if it qualifies as a card; returns whether it qualified. */
    private static boolean offer(char[] t, int start, int end, int digits, Claims claims) {
        boolean qualifies = digits >= MIN_DIGITS
                && digits <= MAX_DIGITS
                && !Chars.isAlnumAt(t, start - 1)
                && !Chars.isAlnumAt(t, end)
                && Checksums.luhn(t, start, end);
        if (qualifies) {
            claims.offer(SensitiveType.BANK_CARD, start, end);
        }
        return qualifies;
    }
}
