package io.recallgate.content;

import static io.recallgate.content.Numbers.fullWidth;
import static io.recallgate.content.Numbers.id;
import static io.recallgate.content.Numbers.luhnComplete;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recallgate.model.SensitiveFinding;
import io.recallgate.model.SensitiveType;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SensitiveScannerTest {
    /** Fixed in 2026 so that "birth year after the current year" is deterministic. */
    static final SensitiveScanner SCANNER = new SensitiveScanner(
            Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC), OrderKeywords.SHIPPED);

    static final String ID = "11010519491231002X";
    static final String PHONE = "13800138000";
    static final String CARD = "6222021001123456789";
    /** 86 + this phone is also a Luhn-valid 13-digit number: the phone must win. */
    static final String PHONE_86_LUHN = "13800138002";
    /** A valid ID that is also Luhn-valid: the ID must win. */
    static final String ID_LUHN = "110105199003070068";

    @Test
    void referenceNumbersAreWhatTheTablesAssume() {
        assertEquals(ID, id("11010519491231002"));
        assertEquals(ID_LUHN, id("11010519900307006"));
        assertTrue(Numbers.luhn(CARD));
        assertTrue(Numbers.luhn("4222222222222"));
        assertTrue(Numbers.luhn("86" + PHONE_86_LUHN));
        assertTrue(Numbers.luhn(ID_LUHN));
        assertFalse(Numbers.luhn("4111111111111112"));
        // an 18-digit string with a wrong ID check digit that happens to be Luhn-valid
        assertTrue(Numbers.luhn("110105194912310028"));
        // the grouped-run rows: a 19-digit card whose first 16 digits are a card too, and a year
        // that does not join the card after it
        assertTrue(Numbers.luhn("4111111111111111003"));
        assertTrue(Numbers.luhn("5555555555554444"));
        assertFalse(Numbers.luhn("2026411111111111"));
        assertFalse(Numbers.luhn("41111111111111115"));
        // a 13-digit card that stays Luhn-valid with the first group of the phone after it
        assertTrue(Numbers.luhn("4222222200046"));
        assertTrue(Numbers.luhn("4222222200046138"));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // --- cn_resident_id ---
                c("id plain", "身份证" + ID + "。", "cn_resident_id:" + ID),
                c("id lowercase x", "身份证 11010519491231002x", "cn_resident_id:11010519491231002x"),
                c("id numeric check char", ID_LUHN, "cn_resident_id:" + ID_LUHN),
                c("id wrong check char", "110105194912310021"),
                c("id X where digit due", "11010519900307006X"),
                c("id wrong check, Luhn-valid: a card", "110105194912310028", "bank_card:110105194912310028"),
                c("id 29 Feb leap 2000", id("11010520000229123"), "cn_resident_id:" + id("11010520000229123")),
                c("id 29 Feb leap 2004", id("11010520040229123"), "cn_resident_id:" + id("11010520040229123")),
                c("id 29 Feb 1900 not leap", id("11010519000229123")),
                c("id 29 Feb 2001 not leap", id("11010520010229123")),
                c("id 30 Feb", id("11010519490230002")),
                c("id 31 Apr", id("11010519490431002")),
                c("id month 13", id("11010519491331002")),
                c("id day 00", id("11010519490100002")),
                c("id year 1899", id("11010518991231002")),
                c("id birth year after current year", id("11010520270101123")),
                c("id birth in current year", id("11010520260101123"), "cn_resident_id:" + id("11010520260101123")),
                c("id followed by letters", ID + "yz"),
                c("id preceded by letter", "a" + ID),
                c("id preceded by digit", "1" + ID),
                c(
                        "id full-width incl. x",
                        "号" + fullWidth("11010519491231002x"),
                        "cn_resident_id:" + fullWidth("11010519491231002x")),
                c("id beats card", "号码" + ID_LUHN + "。", "cn_resident_id:" + ID_LUHN),

                // --- bank_card ---
                c("card 19 digits", "卡号" + CARD + "。", "bank_card:" + CARD),
                c("card 16 digits", "4111111111111111", "bank_card:4111111111111111"),
                c("card Luhn invalid", "4111111111111112"),
                c("card 13 digits", "x 4222222222222 y", "bank_card:4222222222222"),
                c("card 12 digits Luhn-valid", luhnComplete("42222222222")),
                c("card 20 digits Luhn-valid", luhnComplete(CARD)),
                c("card grouped by spaces", "卡 6222 0210 0112 3456 789 谢谢", "bank_card:6222 0210 0112 3456 789"),
                c("card grouped by hyphens", "卡6222-0210-0112-3456-789", "bank_card:6222-0210-0112-3456-789"),
                c("card mixed separators", "4111 1111-1111 1111", "bank_card:4111 1111-1111 1111"),
                c("card double space breaks the run", "6222 0210  0112 3456 789"),
                c("card trailing hyphen not included", "卡号 4111-1111-1111-1111- 好", "bank_card:4111-1111-1111-1111"),
                c("card single group of a too long run", CARD + " 2张", "bank_card:" + CARD),
                c("card after a date", "2024-01-01 " + CARD, "bank_card:" + CARD),
                c("card full-width", "卡" + fullWidth(CARD), "bank_card:" + fullWidth(CARD)),
                c("card glued to letters left", "abc" + CARD),
                c("card glued to letters right", CARD + "abc"),
                c("card next to letters through a hyphen", "NO-" + CARD, "bank_card:" + CARD),

                // --- grouped runs read from the left (issue 9 §7) ---
                c(
                        "two cards side by side",
                        "两张卡 4111 1111 1111 1111 5555-5555-5555-4444 都发错了",
                        "bank_card:4111 1111 1111 1111",
                        "bank_card:5555-5555-5555-4444"),
                c("card after a year", "2026 4111 1111 1111 1111", "bank_card:4111 1111 1111 1111"),
                c(
                        "three cards in a row",
                        "4111 1111 1111 1111 5555 5555 5555 4444 6222 0210 0112 3456 789",
                        "bank_card:4111 1111 1111 1111",
                        "bank_card:5555 5555 5555 4444",
                        "bank_card:6222 0210 0112 3456 789"),
                c(
                        "first groups of a run are no card",
                        "编号 12 34 56 4111 1111 1111 1111 谢谢",
                        "bank_card:4111 1111 1111 1111"),
                c(
                        "cards after a date",
                        "2024 12 31 4111 1111 1111 1111 5555 5555 5555 4444",
                        "bank_card:4111 1111 1111 1111",
                        "bank_card:5555 5555 5555 4444"),
                c(
                        "19 digits not split though 16 are a card",
                        "卡 4111 1111 1111 1111 003",
                        "bank_card:4111 1111 1111 1111 003"),
                c("card then a short group", "4111 1111 1111 1111 5 张", "bank_card:4111 1111 1111 1111"),
                c(
                        "19-digit card then a 16-digit card",
                        "6222 0210 0112 3456 789 4111 1111 1111 1111",
                        "bank_card:6222 0210 0112 3456 789",
                        "bank_card:4111 1111 1111 1111"),
                c(
                        "ungrouped cards side by side",
                        CARD + " 4111111111111111",
                        "bank_card:" + CARD,
                        "bank_card:4111111111111111"),
                c(
                        "adjacent cards with mixed separators",
                        "4111-1111 1111-1111 5555 5555-5555 4444",
                        "bank_card:4111-1111 1111-1111",
                        "bank_card:5555 5555-5555 4444"),
                c("order keyword before two cards", "订单号 4111 1111 1111 1111 5555-5555-5555-4444"),
                c("order keyword before a year and a card", "order no 2026 4111 1111 1111 1111"),
                c(
                        "grouped phone then a card",
                        "138 0013 8000 4111 1111 1111 1111",
                        "cn_mobile:138 0013 8000",
                        "bank_card:4111 1111 1111 1111"),
                c(
                        "card whose longest reading runs into a phone",
                        "4222222200046 138 0013 8000",
                        "bank_card:4222222200046",
                        "cn_mobile:138 0013 8000"),
                c(
                        "card then a phone",
                        "4111 1111 1111 1111 13800138000",
                        "bank_card:4111 1111 1111 1111",
                        "cn_mobile:13800138000"),
                c(
                        "phone then a card",
                        "13800138000 5555-5555-5555-4444",
                        "cn_mobile:13800138000",
                        "bank_card:5555-5555-5555-4444"),
                c(
                        "two full-width cards side by side",
                        fullWidth("4111 1111 1111 1111 5555-5555-5555-4444"),
                        "bank_card:" + fullWidth("4111 1111 1111 1111"),
                        "bank_card:" + fullWidth("5555-5555-5555-4444")),
                c(
                        "run glued to letters left, card after",
                        "abc4111 4111 1111 1111 1111",
                        "bank_card:4111 1111 1111 1111"),
                c("card glued to letters right in a run", "4111 1111 1111 1111abc"),
                c(
                        "card before a group glued to letters",
                        "4111 1111 1111 1111 5555abc",
                        "bank_card:4111 1111 1111 1111"),

                // --- order / tracking context ---
                c("order 订单号：", "订单号：" + CARD),
                c("order 订单号 colon space", "订单号: " + CARD),
                c("order 订单号是", "我的订单号是 " + CARD),
                c("order 订单编号", "订单编号 " + CARD),
                c("order 运单号", "运单号" + CARD),
                c("order 快递单号 grouped", "快递单号：6222 0210 0112 3456 789"),
                c("order 物流单号", "物流单号#" + CARD),
                c("order no.", "Order No.: " + CARD),
                c("order #", "order #" + CARD),
                c("order#", "ORDER#" + CARD),
                c("order number", "your order number " + CARD),
                c("order id", "order id:" + CARD),
                c("tracking number", "Tracking Number: " + CARD),
                c("tracking no", "tracking no " + CARD),
                c("order keyword full-width letters", fullWidth("order no") + "：" + CARD),
                c("order keyword far away", "订单号：20240101，我的卡是" + CARD, "bank_card:" + CARD),
                c("order keyword gap too long", "订单号 :  :  : " + CARD, "bank_card:" + CARD),
                c("order keyword inside a word", "border #" + CARD, "bank_card:" + CARD),
                c("order keyword does not protect a phone", "订单号：" + PHONE, "cn_mobile:" + PHONE),

                // --- cn_mobile ---
                c("phone in Chinese", "电话" + PHONE + "。", "cn_mobile:" + PHONE),
                c("phone after a digit", "编号2" + PHONE),
                c("phone followed by a digit", PHONE + "1"),
                c("phone followed by letter", PHONE + "a"),
                c("phone second digit 2", "12800138000"),
                c("phone grouped hyphens", "call 138-0013-8000 now", "cn_mobile:138-0013-8000"),
                c("phone grouped spaces", "call 138 0013 8000 now", "cn_mobile:138 0013 8000"),
                c("phone inconsistent separators", "138-0013 8000"),
                c("phone wrong grouping", "1380-013-8000"),
                c("phone +86 grouped", "电话：+86 138 0013 8000。", "cn_mobile:+86 138 0013 8000"),
                c("phone +86 plain", "+86" + PHONE, "cn_mobile:+86" + PHONE),
                c("phone 86-", "86-" + PHONE, "cn_mobile:86-" + PHONE),
                c("phone 86 glued", "86" + PHONE, "cn_mobile:86" + PHONE),
                c("phone 86 glued beats Luhn card", "86" + PHONE_86_LUHN, "cn_mobile:86" + PHONE_86_LUHN),
                c("phone plus without 86", "+85" + PHONE),
                c("phone full-width", "电话" + fullWidth(PHONE), "cn_mobile:" + fullWidth(PHONE)),
                c("phone 0086 keeps only the number", "0086 " + PHONE, "cn_mobile:" + PHONE),

                // --- email ---
                c("email", "邮箱 zhang.san+cs@mail.example.com.cn，谢谢", "email:zhang.san+cs@mail.example.com.cn"),
                c("email trailing dot", "写信给 a@b.com.", "email:a@b.com"),
                c("email leading dots trimmed", "...john@x.cn", "email:john@x.cn"),
                c("email hyphenated domain", "x@my-shop.cn", "email:x@my-shop.cn"),
                c("email single label", "user@localhost"),
                c("email numeric TLD", "x@1.2.3.4"),
                c("email one-letter TLD", "x@a.b"),
                c("email empty local", "@qq.com"),
                c("email full-width letters", fullWidth("ab") + "@qq.com", "email:" + fullWidth("ab") + "@qq.com"),
                c("email beats phone in local part", PHONE + "@qq.com", "email:" + PHONE + "@qq.com"),
                c("id beats email", ID + "@qq.com", "cn_resident_id:" + ID),

                // --- several, in order ---
                c(
                        "several",
                        "电话" + PHONE + "，邮箱a@qq.com，卡4111111111111111，身份证" + ID,
                        "cn_mobile:" + PHONE,
                        "email:a@qq.com",
                        "bank_card:4111111111111111",
                        "cn_resident_id:" + ID),
                c("nothing", "你好，我想问一下退货的事情"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void scans(String name, String text, List<String> expected) {
        List<String> want = new ArrayList<>();
        for (String e : expected) {
            int colon = e.indexOf(':');
            String type = e.substring(0, colon);
            String span = e.substring(colon + 1);
            int start = text.indexOf(span);
            assertTrue(start >= 0 && text.indexOf(span, start + 1) < 0, "ambiguous table row " + name);
            want.add(type + "@" + start + "-" + (start + span.length()));
        }
        assertEquals(want, render(SCANNER.scan(text)));
    }

    @Test
    void offsetsAreUtf16IndicesAfterSurrogatePairs() {
        String text = "😀👍电话13800138000，😀" + ID;
        // 😀 and 👍 are two code units each: 电 is at 4, 话 at 5
        assertEquals(List.of("cn_mobile@6-17", "cn_resident_id@20-38"), render(SCANNER.scan(text)));
    }

    @Test
    void apiExampleIsOneGroupedCard() {
        assertEquals(List.of("bank_card@7-30"), render(SCANNER.scan("我的银行卡号 6222 0210 0112 3456 789 发错了")));
    }

    @Test
    void issueExampleGivesTwoCardsWithExactSpans() {
        assertEquals(
                List.of("bank_card@4-23", "bank_card@24-43"),
                render(SCANNER.scan("两张卡 4111 1111 1111 1111 5555-5555-5555-4444 都发错了")));
    }

    @Test
    void cardAfterAYearHasExactSpan() {
        assertEquals(List.of("bank_card@5-24"), render(SCANNER.scan("2026 4111 1111 1111 1111")));
    }

    @Test
    void resultIsUnmodifiable() {
        List<SensitiveFinding> found = SCANNER.scan(PHONE);
        assertThrows(UnsupportedOperationException.class, () -> found.add(found.get(0)));
    }

    @Test
    void onlyTextsWithElevenDigitsOrAnAtSignAreScanned() {
        assertFalse(SensitiveScanner.mayHoldFinding("room 47 at 10:30 on 12-01, ok?")); // 10 digits
        assertTrue(SensitiveScanner.mayHoldFinding("room 47 at 10:30 on 12-01, ok? 1"));
        assertTrue(SensitiveScanner.mayHoldFinding("电话" + fullWidth(PHONE)));
        assertTrue(SensitiveScanner.mayHoldFinding("write to a@b.cn"));
        assertFalse(SensitiveScanner.mayHoldFinding("sorry, wrong window"));
    }

    @Test
    void nullAndEmptyGiveNothing() {
        assertEquals(List.of(), SCANNER.scan(null));
        assertEquals(List.of(), SCANNER.scan(""));
    }

    @Test
    void findingsComeSortedByStartAcrossTypes() {
        // the ID pass runs first, yet the phone before it must be listed first
        List<SensitiveFinding> found = SCANNER.scan(PHONE + " " + ID);
        assertEquals(
                List.of(SensitiveType.CN_MOBILE, SensitiveType.CN_RESIDENT_ID),
                found.stream().map(SensitiveFinding::type).toList());
    }

    static Arguments c(String name, String text, String... expected) {
        return Arguments.of(name, text, List.of(expected));
    }

    static List<String> render(List<SensitiveFinding> findings) {
        return findings.stream()
                .map(f -> f.type().json() + "@" + f.start() + "-" + f.end())
                .toList();
    }
}
