package io.recallgate.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Picking the language of the reasons from an {@code Accept-Language} header. */
class AcceptLanguageTest {

    private static final List<String> POLICY = List.of("zh-CN", "en");

    @ParameterizedTest(name = "\"{0}\" → {1}")
    @CsvSource(
            delimiter = '|',
            nullValues = "NULL",
            value = {
                "NULL                        | zh-CN",
                "''                          | zh-CN",
                "en                          | en",
                "EN                          | en",
                "en-US,en;q=0.9              | en",
                "en-GB                       | en",
                "zh-CN                       | zh-CN",
                "zh                          | zh-CN",
                "zh-TW,en;q=0.8              | zh-CN",
                "fr                          | zh-CN",
                "fr;q=1, en;q=0.5            | en",
                "de;q=0.9, en;q=0.1, zh;q=0.5 | zh-CN",
                "*                           | zh-CN",
                "en;q=0, *                   | zh-CN",
                "en;q=0, zh;q=0.5            | zh-CN",
                "en;q=0.5, zh-CN;q=0.5       | en",
                "en;q=abc, zh-CN             | zh-CN",
                "en;q=2                      | zh-CN",
                ";;;,,,en                    | en",
                "12345, en                   | en",
            })
    void choosesTheBestLanguageOfThePolicy(String header, String expected) {
        assertEquals(expected, AcceptLanguage.parse(header).choose(POLICY, "zh-CN"));
    }

    @ParameterizedTest(name = "\"{0}\" with only en → {1}")
    @CsvSource(
            delimiter = '|',
            value = {"en-US | en", "zh-CN | en", "en-US-x-twain | en"})
    void aPolicyWithOneLanguageAlwaysAnswersInIt(String header, String expected) {
        assertEquals(expected, AcceptLanguage.parse(header).choose(List.of("en"), "en"));
    }

    @ParameterizedTest(name = "\"{0}\" → {1}")
    @CsvSource(
            delimiter = '|',
            value = {"en-US | en-US", "en-GB | en", "en-US-x-y | en-US"})
    void theMostSpecificTagTheRangeNarrowsWins(String header, String expected) {
        assertEquals(expected, AcceptLanguage.parse(header).choose(List.of("zh-CN", "en", "en-US"), "zh-CN"));
    }
}
