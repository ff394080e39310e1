package io.recallgate.content;

import io.recallgate.model.SensitiveType;

/**
 * Finds bank card numbers: 13–19 digits passing Luhn, optionally grouped by single spaces or
 * hyphens, unless introduced as an order/tracking number ({@link OrderContext}).
 *
 * <p>The text is cut into <em>grouped runs</em>: maximal sequences of digit groups where each
 * pair of neighbouring groups is joined by exactly one space or hyphen (mixing the two is
 * allowed; a double space or any other char ends the run). A run is read from the left, as
 * POLICY.md says: at each group, the longest sequence of whole groups that holds 13–19 digits,
 * passes Luhn and meets the terms below is a card, and reading goes on at the group after it;
 * when no sequence starting at a group is a card, reading goes on at the next group. So
 * {@code 4111 1111 1111 1111 5555-5555-5555-4444} holds two cards, {@code 2026 4111 1111 1111
 * 1111} one after the year, and {@code 4111 1111 1111 1111 003} one of 19 digits although its
 * first 16 pass Luhn as well. A card is never cut out of the middle of a group.
 *
 * <p>The terms: no digit or Latin letter directly before or after the sequence (possible only at
 * the ends of a run, e.g. {@code abc4111 …}), and none of its characters already taken by a
 * finding that wins over bank cards: a sequence running into a phone number is not a card, a
 * shorter one starting at the same group may be. A run introduced as an order or tracking number
 * yields no card at all: the whole run is that order number.
 *
 * <p>Linear: runs are disjoint and found in one walk. Reading at one group looks at no more than
 * 19 digits and the separators between them (Luhn kept incrementally by {@link Checksums.Luhn})
 * and offers at most the seven lengths 13–19, each span at most 37 chars; reading only moves
 * forward and each group is a starting group at most once. So the work per char is bounded by a
 * constant whatever the group sizes ({@code 1 1 1 …}, {@code 1111-1111-…}, or one long group).
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
            while (true) {
                while (i < t.length && Chars.isDigit(t[i])) {
                    i++;
                    digits++;
                }
                if (i + 1 < t.length && MobileFinder.isSeparator(t[i]) && Chars.isDigit(t[i + 1])) {
                    i++;
                } else {
                    break;
                }
            }
            if (digits >= MIN_DIGITS && !orders.introduces(t, start)) {
                readRun(t, start, i, claims);
            }
        }
    }

    /** Reads the grouped run {@code t[from..to)} from the left, offering each card it holds. */
    private static void readRun(char[] t, int from, int to, Claims claims) {
        int[] ends = new int[MAX_DIGITS - MIN_DIGITS + 1];
        int group = from;
        while (group < to) {
            int cardEnd = cardAt(t, group, to, ends, claims);
            int next = cardEnd > 0 ? cardEnd : endOfGroup(t, group, to);
            group = next + 1; // past the separator (or past the end of the run)
        }
    }

    /**
     * Offers the longest card starting at the group that begins at {@code group} and returns its
     * end, or -1 when no sequence of whole groups starting there is a card.
     *
     * @param ends scratch space for the ends of candidate sequences, shortest first
     */
    private static int cardAt(char[] t, int group, int to, int[] ends, Claims claims) {
        if (Chars.isAlnumAt(t, group - 1)) {
            return -1; // the run's first group continues a word: no card may start inside it
        }
        int candidates = 0;
        Checksums.Luhn luhn = new Checksums.Luhn();
        int i = group;
        while (i < to) {
            if (!Chars.isDigit(t[i])) {
                i++; // a separator between two groups
                continue;
            }
            if (luhn.digits() == MAX_DIGITS) {
                break; // the next group would make the sequence too long
            }
            luhn.add(t[i] - '0');
            i++;
            boolean groupEnds = i == to || !Chars.isDigit(t[i]);
            if (groupEnds && luhn.digits() >= MIN_DIGITS && luhn.valid() && !Chars.isAlnumAt(t, i)) {
                ends[candidates++] = i;
            }
        }
        for (int c = candidates - 1; c >= 0; c--) {
            if (claims.offer(SensitiveType.BANK_CARD, group, ends[c])) {
                return ends[c];
            }
        }
        return -1;
    }

    private static int endOfGroup(char[] t, int group, int to) {
        int i = group;
        while (i < to && Chars.isDigit(t[i])) {
            i++;
        }
        return i;
    }
}
