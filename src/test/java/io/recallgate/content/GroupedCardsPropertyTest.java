package io.recallgate.content;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Generated grouped card numbers side by side (POLICY.md "Sensitive content": a run of digit
 * groups is read from the left; at each group the longest sequence of whole groups with 13–19
 * digits passing Luhn is a card). The expected spans come from the generator and from a plain
 * quadratic reading of the policy written here, never from the scanner's own code.
 */
class GroupedCardsPropertyTest {

    /** Where a card's digits are split, as people and card issuers write them. */
    enum Grouping {
        /** 4-4-4-4, the last group shorter when the length is not a multiple of four */
        BY_FOUR,
        /** 4-6-rest, as American Express prints 15 digits */
        FOUR_SIX_REST,
        /** all digits in one group */
        NONE
    }

    /** One card as it appears in the text: its groups and the separator after each group. */
    record GroupedCard(String digits, List<String> groups, List<Character> separators) {
        String text() {
            StringBuilder sb = new StringBuilder(groups.get(0));
            for (int i = 1; i < groups.size(); i++) {
                sb.append(separators.get(i - 1)).append(groups.get(i));
            }
            return sb.toString();
        }
    }

    /** A message: context, then cards joined by one separator each, then context. */
    record Message(String before, List<GroupedCard> cards, List<Character> between, String after, boolean fullWidth) {}

    private static final List<String> BEFORE = List.of("", "卡号 ", "两张卡 ", "银行卡：", "My cards: ", "（", "发错了，");
    private static final List<String> AFTER = List.of("", " 都发错了", "。", " thanks", "）", "，请撤回");

    @Property
    void cardsSideBySideAreEachFoundWithExactSpans(@ForAll("messages") Message m) {
        List<String> expected = new ArrayList<>();
        StringBuilder text = new StringBuilder(m.before());
        for (int i = 0; i < m.cards().size(); i++) {
            if (i > 0) {
                text.append(m.between().get(i - 1));
            }
            String card = m.cards().get(i).text();
            expected.add("bank_card@" + text.length() + "-" + (text.length() + card.length()));
            text.append(card);
        }
        text.append(m.after());
        assumeNoOtherReading(m.cards());
        String scanned = m.fullWidth() ? Numbers.fullWidth(text.toString()) : text.toString();

        assertEquals(expected, SensitiveScannerTest.render(SensitiveScannerTest.SCANNER.scan(scanned)), scanned);
    }

    /**
     * Any digit groups, read against the policy's words directly: for every start group try every
     * longer sequence of whole groups and keep the longest that qualifies. Digits are drawn without
     * {@code 1} and groups never hold 18 digits, so no phone number or ID can take part.
     */
    @Property
    void runsOfAnyGroupsAreReadAsThePolicySays(
            @ForAll("runs") List<String> groups,
            @ForAll("separators") List<Character> separators,
            @ForAll boolean fullWidth) {
        String before = "号码：";
        StringBuilder text = new StringBuilder(before);
        int[] starts = new int[groups.size()];
        int[] ends = new int[groups.size()];
        for (int g = 0; g < groups.size(); g++) {
            if (g > 0) {
                text.append(separators.get(g - 1));
            }
            starts[g] = text.length();
            text.append(groups.get(g));
            ends[g] = text.length();
        }
        text.append("。");

        List<String> expected = new ArrayList<>();
        int g = 0;
        while (g < groups.size()) {
            int longest = -1;
            StringBuilder digits = new StringBuilder();
            for (int last = g; last < groups.size(); last++) {
                digits.append(groups.get(last));
                if (digits.length() > 19) {
                    break;
                }
                if (digits.length() >= 13 && Numbers.luhn(digits.toString())) {
                    longest = last;
                }
            }
            if (longest < 0) {
                g++;
            } else {
                expected.add("bank_card@" + starts[g] + "-" + ends[longest]);
                g = longest + 1;
            }
        }
        String scanned = fullWidth ? Numbers.fullWidth(text.toString()) : text.toString();

        assertEquals(expected, SensitiveScannerTest.render(SensitiveScannerTest.SCANNER.scan(scanned)), scanned);
    }

    @Provide
    Arbitrary<Message> messages() {
        return Combinators.combine(
                        Arbitraries.of(BEFORE),
                        groupedCard().list().ofMinSize(1).ofMaxSize(4),
                        separator().list().ofSize(3),
                        Arbitraries.of(AFTER),
                        Arbitraries.of(true, false))
                .as(Message::new);
    }

    @Provide
    Arbitrary<List<String>> runs() {
        Arbitrary<Integer> length = Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.integers().between(1, 8)),
                Tuple.of(1, Arbitraries.integers().between(19, 22)));
        Arbitrary<String> group =
                length.flatMap(n -> Arbitraries.strings().withChars("023456789").ofLength(n));
        return group.list().ofMinSize(1).ofMaxSize(16);
    }

    @Provide
    Arbitrary<List<Character>> separators() {
        return separator().list().ofSize(16);
    }

    private static Arbitrary<Character> separator() {
        return Arbitraries.of(' ', '-');
    }

    private static Arbitrary<GroupedCard> groupedCard() {
        Arbitrary<String> digits = Combinators.combine(
                        Arbitraries.of("3", "4", "5", "6"),
                        Arbitraries.integers()
                                .between(13, 19)
                                .flatMap(n -> Arbitraries.strings().numeric().ofLength(n - 2)))
                .as((first, middle) -> Numbers.luhnComplete(first + middle));
        return Combinators.combine(
                        digits,
                        Arbitraries.of(Grouping.values()),
                        separator().list().ofSize(5))
                .as((d, grouping, seps) -> new GroupedCard(d, split(d, grouping), seps));
    }

    private static List<String> split(String digits, Grouping grouping) {
        List<Integer> sizes = new ArrayList<>();
        int left = digits.length();
        if (grouping == Grouping.FOUR_SIX_REST) {
            sizes.add(4);
            sizes.add(6);
            sizes.add(left - 10);
        } else if (grouping == Grouping.BY_FOUR) {
            for (; left > 0; left -= 4) {
                sizes.add(Math.min(4, left));
            }
        } else {
            sizes.add(left);
        }
        List<String> groups = new ArrayList<>();
        int at = 0;
        for (int size : sizes) {
            groups.add(digits.substring(at, at + size));
            at += size;
        }
        return groups;
    }

    /**
     * Skips the rare draws where the policy itself reads the text otherwise: a card followed by
     * the first groups of the next one that together pass Luhn within 19 digits (the longer
     * sequence wins), a 3-digit group {@code 1x} that starts a 3-4-4 mobile number with the next
     * card's groups, or an unbroken 18 digits that carry a resident ID's check character.
     */
    private static void assumeNoOtherReading(List<GroupedCard> cards) {
        for (int i = 0; i < cards.size(); i++) {
            GroupedCard card = cards.get(i);
            for (String group : card.groups()) {
                Assume.that(!(group.length() == 3 && group.charAt(0) == '1'));
            }
            String d = card.digits();
            Assume.that(!(d.length() == 18 && Numbers.id(d.substring(0, 17)).equals(d)));
            if (i + 1 < cards.size()) {
                StringBuilder longer = new StringBuilder(d);
                for (String group : cards.get(i + 1).groups()) {
                    longer.append(group);
                    if (longer.length() > 19) {
                        break;
                    }
                    Assume.that(!Numbers.luhn(longer.toString()));
                }
            }
        }
    }
}
