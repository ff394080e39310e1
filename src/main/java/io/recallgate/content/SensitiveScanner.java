package io.recallgate.content;

import io.recallgate.model.SensitiveFinding;
import java.time.Clock;
import java.time.Year;
import java.util.List;
import java.util.Objects;

/**
 * Finds the sensitive items of POLICY.md ("Sensitive content") in a message text: mainland
 * resident identity numbers, e-mail addresses, mainland mobile numbers and bank card numbers.
 *
 * <p><b>Why hand-written and not regex:</b> the text is attacker-controlled (up to 64 KiB) and
 * the policy demands linear time. Instead of backtracking patterns, the scanner folds full-width
 * digits/letters into a same-length {@code char[]} (so offsets map 1:1 to the original String,
 * surrogate pairs included) and runs four single passes over it, each linear:
 * <ul>
 *   <li>{@link ResidentIdFinder}: maximal digit/letter runs of exactly 18 chars;</li>
 *   <li>{@link EmailFinder}: anchored on {@code @}, each char walked at most twice;</li>
 *   <li>{@link MobileFinder}: a bounded (≤ 17 chars) attempt per possible start;</li>
 *   <li>{@link BankCardFinder}: disjoint grouped digit runs, each read from the left in
 *       windows of at most 19 digits, with a constant-cost look-back for order/tracking
 *       keywords.</li>
 * </ul>
 * The passes run in precedence order and {@link Claims} keeps the first candidate claiming a
 * character, which implements "each character belongs to at most one finding" with
 * cn_resident_id &gt; email &gt; cn_mobile &gt; bank_card.
 *
 * <p>Stateless apart from the clock and the keyword list (used only for the latest plausible birth year), so one
 * instance is safely shared by all threads. It never logs or keeps the text.
 */
public final class SensitiveScanner {
    private final Clock clock;
    private final OrderContext orders;

    /**
     * @param clock         decides the current year, the latest accepted birth year of an ID number
     * @param orderKeywords the words that introduce an order or tracking number, which is then no
     *                      bank card ({@code 订单号}, {@code order no}, …); the rules folder keeps them
     */
    public SensitiveScanner(Clock clock, List<String> orderKeywords) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.orders = new OrderContext(Objects.requireNonNull(orderKeywords, "orderKeywords"));
    }

    /**
     * The sensitive items in {@code text}, sorted by start; offsets are UTF-16 indices into
     * {@code text}, end exclusive. Null or empty text gives an empty list.
     */
    public List<SensitiveFinding> scan(String text) {
        if (text == null || text.isEmpty() || !mayHoldFinding(text)) {
            return List.of();
        }
        char[] t = Chars.fold(text);
        Claims claims = new Claims(t.length);
        ResidentIdFinder.find(t, Year.now(clock).getValue(), claims);
        EmailFinder.find(t, claims);
        MobileFinder.find(t, claims);
        BankCardFinder.find(t, claims, orders);
        return claims.findings();
    }

    /**
     * The fewest digits a number the finders look for has: a mobile number's 11 (an ID number
     * has 17 or 18, a bank card 13 to 19). An e-mail address needs none, but an {@code @}.
     */
    static final int FEWEST_DIGITS = 11;

    /**
     * False when no finder can find anything in {@code text}: fewer than {@link #FEWEST_DIGITS}
     * digits (ASCII or full-width, as folded) and no {@code @}. Most messages have no number at
     * all; one read of the text then spares the folded copy and the four passes.
     */
    static boolean mayHoldFinding(String text) {
        int digits = 0;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c == '@') {
                return true;
            }
            if ((c >= '0' && c <= '9') || (c >= '\uFF10' && c <= '\uFF19')) {
                if (++digits >= FEWEST_DIGITS) {
                    return true;
                }
            }
        }
        return false;
    }
}
