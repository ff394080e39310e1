package io.recallgate.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.recallgate.model.SensitiveFinding;
import io.recallgate.model.SensitiveType;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MaskerTest {
    /** Scanner output fed to the masker: the way the service uses the two together. */
    static Stream<Arguments> scannedTexts() {
        return Stream.of(
                Arguments.of("我的银行卡号 6222 0210 0112 3456 789 发错了", "我的银行卡号 **** **** **** ***6 789 发错了"),
                Arguments.of("卡6222-0210-0112-3456-789。", "卡****-****-****-***6-789。"),
                Arguments.of("电话：+86 138 0013 8000。", "电话：+** *** **** 8000。"),
                Arguments.of("电话13800138000，谢谢", "电话*******8000，谢谢"),
                Arguments.of("身份证11010519491231002x", "身份证**************002x"),
                Arguments.of("mail zhang.san@qq.com!", "mail *****.***@*q.com!"),
                Arguments.of("卡６２２２０２１００１１２３４５６７８９", "卡***************６７８９"),
                Arguments.of("😀13800138000😀", "😀*******8000😀"),
                Arguments.of("a@qq.com / 13800138000", "*@*q.com / *******8000"),
                Arguments.of("订单号：6222021001123456789", "订单号：6222021001123456789"),
                Arguments.of(
                        "两张卡 4111 1111 1111 1111 5555-5555-5555-4444 都发错了",
                        "两张卡 **** **** **** 1111 ****-****-****-4444 都发错了"),
                Arguments.of("2026 4111 1111 1111 1111", "2026 **** **** **** 1111"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scannedTexts")
    void masksWhatTheScannerFinds(String text, String masked) {
        assertEquals(masked, Masker.mask(text, SensitiveScannerTest.SCANNER.scan(text)));
    }

    @Test
    void onlyTheGivenSpanIsTouched() {
        String text = "1234567890 1234567890";
        assertEquals(
                "******7890 1234567890",
                Masker.mask(text, List.of(new SensitiveFinding(SensitiveType.BANK_CARD, 0, 10))));
    }

    @Test
    void spanWithFourOrFewerDigitsAndLettersIsLeftReadable() {
        assertEquals("a@b.cn", Masker.mask("a@b.cn", List.of(new SensitiveFinding(SensitiveType.EMAIL, 0, 6))));
    }

    @Test
    void nothingToMask() {
        String text = "13800138000";
        assertSame(text, Masker.mask(text, List.of()));
        assertSame(text, Masker.mask(text, null));
        assertNull(Masker.mask(null, List.of()));
    }

    @Test
    void findingOutsideTheTextIsRejected() {
        assertThrows(
                IllegalArgumentException.class,
                () -> Masker.mask("short", List.of(new SensitiveFinding(SensitiveType.EMAIL, 2, 9))));
    }
}
