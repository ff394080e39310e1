package io.recallgate.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.recallgate.model.SensitiveFinding;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * 64 KiB inputs shaped to hurt naive or backtracking scanners. The linear-time argument lives in
 * the finders' Javadoc; the timeout here is only a safety net against a regression that hangs,
 * not a performance assertion. Each case also checks the result, so it cannot pass vacuously.
 */
class LinearTimeTest {
    static final int SIZE = 64 * 1024;

    static Stream<Arguments> inputs() {
        return Stream.of(
                Arguments.of("all digits", repeat("1", SIZE), 0),
                Arguments.of("all nines", repeat("9", SIZE), 0),
                Arguments.of("digits and single spaces", repeat("1 ", SIZE / 2), 0),
                Arguments.of("groups of four", repeat("1234 ", SIZE / 5), 0),
                // sixteen 8s pass Luhn: read from the left, the run is 2048 cards of 16 one-digit groups
                Arguments.of("digits and hyphens", repeat("8-", SIZE / 2), SIZE / 2 / 16),
                Arguments.of("ones and hyphens", repeat("1-", SIZE / 2), 0),
                Arguments.of("groups of two", repeat("12 ", SIZE / 3), 0),
                Arguments.of("groups of four by hyphens", repeat("1111-", SIZE / 5), 0),
                Arguments.of("long groups", repeat("12345678901234567890123 ", SIZE / 24), 0),
                Arguments.of("grouped cards in a row", repeat("4111 1111 1111 1111 ", SIZE / 20), SIZE / 20),
                Arguments.of("19-digit cards in a row", repeat("6222021001123456789-", SIZE / 20), SIZE / 20),
                Arguments.of("order keyword before a long run", "订单号 " + repeat("4111 1111 1111 1111 ", SIZE / 20), 0),
                Arguments.of("grouped phones in a row", repeat("138 0013 8000 ", SIZE / 14), SIZE / 14),
                Arguments.of("a@ repeats", repeat("a@", SIZE / 2), 0),
                Arguments.of("a. repeats then @", repeat("a.", SIZE / 2) + "@", 0),
                Arguments.of("dots then @ then labels", repeat(".", SIZE / 2) + "@" + repeat("b.", SIZE / 4), 0),
                Arguments.of("hyphens in a domain", "a@b" + repeat("-", SIZE), 0),
                Arguments.of("+86 repeats", repeat("+86", SIZE / 3), 0),
                Arguments.of("order keywords", repeat("订单号：", SIZE / 4), 0),
                Arguments.of("letters", repeat("x", SIZE), 0),
                Arguments.of("phones", repeat("13800138000 ", SIZE / 12), SIZE / 12),
                Arguments.of("cards", repeat("4111111111111111,", SIZE / 17), SIZE / 17),
                Arguments.of("emails", repeat("ab@qq.com ", SIZE / 10), SIZE / 10));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void hugeAdversarialInputsFinish(String name, String text, int expectedFindings) {
        List<SensitiveFinding> found =
                assertTimeoutPreemptively(Duration.ofSeconds(5), () -> SensitiveScannerTest.SCANNER.scan(text));
        assertEquals(expectedFindings, found.size());
    }

    static String repeat(String s, int times) {
        return s.repeat(times);
    }
}
