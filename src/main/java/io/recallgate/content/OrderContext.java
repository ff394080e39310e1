package io.recallgate.content;

import java.util.List;
import java.util.Locale;

/**
 * Recognises a number "introduced as an order or tracking number" (POLICY.md, {@code bank_card}):
 * a keyword such as {@code 订单号} or {@code order no} ending at most {@link #MAX_GAP} gap chars
 * ({@code :}, {@code ：}, spaces, {@code #}, {@code .}, {@code 是} …) before the number.
 *
 * <p>Matching is case-insensitive on the folded text (so {@code ＯＲＤＥＲ ＮＯ} counts). A space
 * inside a keyword stands for "one space or none" ({@code order#} = {@code order #}). A Latin
 * keyword must start a word, so {@code border #} does not count. The work per number is bounded
 * by the keyword list and the gap, i.e. constant.
 */
final class OrderContext {
    static final int MAX_GAP = 5;

    /** Keywords as matched: full-width folded to ASCII, lowercase. */
    private final String[] keywords;

    /**
     * @param keywords the order and tracking keywords of the rules folder ({@code order-keywords.csv}),
     *                 e.g. {@code 订单号}, {@code order no}; matched case-insensitively, full-width
     *                 letters and digits counting as ASCII ones
     */
    OrderContext(List<String> keywords) {
        this.keywords = keywords.stream()
                .map(String::strip)
                .filter(k -> !k.isEmpty())
                .map(k -> new String(Chars.fold(k)).toLowerCase(Locale.ROOT))
                .distinct()
                .toArray(String[]::new);
    }

    /** Whether the number starting at {@code start} is introduced by an order/tracking keyword. */
    boolean introduces(char[] t, int start) {
        int p = start;
        for (int gap = 0; ; gap++) {
            if (keywordEndsAt(t, p)) {
                return true;
            }
            if (gap == MAX_GAP || p == 0 || !isGap(t[p - 1])) {
                return false;
            }
            p--;
        }
    }

    private static boolean isGap(char c) {
        return switch (c) {
            case ' ', '\t', '\u3000', ':', '：', '#', '＃', '.', '-', '=', '是', '为' -> true;
            default -> false;
        };
    }

    private boolean keywordEndsAt(char[] t, int p) {
        for (String keyword : keywords) {
            if (endsWith(t, p, keyword)) {
                return true;
            }
        }
        return false;
    }

    private static boolean endsWith(char[] t, int p, String keyword) {
        int i = p;
        for (int j = keyword.length() - 1; j >= 0; j--) {
            char k = keyword.charAt(j);
            if (k == ' ') {
                if (i > 0 && t[i - 1] == ' ') {
                    i--;
                }
                continue;
            }
            if (i == 0 || Chars.lower(t[i - 1]) != k) {
                return false;
            }
            i--;
        }
        boolean latin = Chars.isLetter(keyword.charAt(0));
        return !(latin && i > 0 && Chars.isLetter(t[i - 1]));
    }
}
