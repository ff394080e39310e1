package io.recallgate.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** {@link InstantText#format} writes what {@link Instant#toString()} writes, for every instant. */
class InstantTextPropertiesTest {

    @Property(tries = 5000)
    void sameTextAsInstantToString(@ForAll("instants") Instant t) {
        assertEquals(t.toString(), InstantText.format(t));
    }

    @Provide
    Arbitrary<Instant> instants() {
        Arbitrary<Long> seconds = Arbitraries.oneOf(
                Arbitraries.longs().between(-62_167_219_200L - 86_400L, 253_402_300_800L + 86_400L),
                Arbitraries.longs().between(1_700_000_000L, 1_900_000_000L),
                Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()));
        Arbitrary<Integer> nanos = Arbitraries.oneOf(
                Arbitraries.just(0),
                Arbitraries.integers().between(0, 999).map(ms -> ms * 1_000_000),
                Arbitraries.integers().between(0, 999_999).map(us -> us * 1_000),
                Arbitraries.integers().between(0, 999_999_999));
        return Combinators.combine(seconds, nanos).as(Instant::ofEpochSecond);
    }

    @Example
    void theEdgesOfFourDigitYearsAndLeapDays() {
        for (String s : new String[] {
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999Z",
            "2024-02-29T12:00:00.5Z",
            "2000-02-29T00:00:00.000001Z",
            "1900-03-01T00:00:00Z",
            "1970-01-01T00:00:00Z",
            "2026-11-24T08:00:00Z"
        }) {
            Instant t = Instant.parse(s);
            assertEquals(t.toString(), InstantText.format(t));
        }
        assertEquals(Instant.MAX.toString(), InstantText.format(Instant.MAX));
        assertEquals(Instant.MIN.toString(), InstantText.format(Instant.MIN));
        assertEquals(
                Instant.parse("+10000-01-01T00:00:00Z").toString(),
                InstantText.format(Instant.parse("+10000-01-01T00:00:00Z")));
        assertEquals(
                Instant.parse("-0001-12-31T23:59:59Z").toString(),
                InstantText.format(Instant.parse("-0001-12-31T23:59:59Z")));
    }
}
