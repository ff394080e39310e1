package io.recallgate.http.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Each hand-written scan answers as its pattern does (compiled as SchemaNode compiles patterns). */
class StringPatternsPropertyTest {

    private static final Pattern IDS = compiled(StringPatterns.NO_NUL_NOR_LONE_SURROGATE);
    private static final Pattern NAMES = compiled(StringPatterns.LOWERCASE_NAME);

    @Property(tries = 5000)
    void theIdScanAnswersAsItsPattern(@ForAll("strings") String s) {
        assertEquals(
                IDS.matcher(s).find(),
                StringPatterns.scanFor(StringPatterns.NO_NUL_NOR_LONE_SURROGATE).test(s),
                s);
    }

    @Property(tries = 5000)
    void theNameScanAnswersAsItsPattern(@ForAll("strings") String s) {
        assertEquals(
                NAMES.matcher(s).find(),
                StringPatterns.scanFor(StringPatterns.LOWERCASE_NAME).test(s),
                s);
    }

    @org.junit.jupiter.api.Test
    void theContractStillUsesThesePatterns() {
        String yaml = OpenApiDocument.load().yaml();
        assertNotNull(yaml);
        for (String p : new String[] {"'^[^\\x00\\uD800-\\uDFFF]*$'", "\"^[a-z0-9_]{1,64}$\""}) {
            assertEquals(true, yaml.contains(p), p);
        }
    }

    @Provide
    Arbitrary<String> strings() {
        return Arbitraries.oneOf(
                Arbitraries.strings()
                        .withChars("az09_A-\u0000\ud800\udc00\ud83d\ude00 é")
                        .ofMaxLength(70),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(60).ofMaxLength(70),
                Arbitraries.strings().ofMaxLength(20),
                Arbitraries.of(
                        "", "a", "after_sales", "x".repeat(64), "x".repeat(65), "a\n", "\ud83d\ude00", "\ude00\ud83d"));
    }

    private static Pattern compiled(String p) {
        return Pattern.compile(p.substring(0, p.length() - 1) + "\\z");
    }
}
