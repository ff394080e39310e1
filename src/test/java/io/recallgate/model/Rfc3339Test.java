package io.recallgate.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 3339 {@code date-time} (§5.6) as every timestamp of the API is read: exactly the forms the
 * grammar allows (plus the lowercase {@code t} and {@code z} its §5.6 note permits), every other
 * form refused; a leap second read as the next minute's first instant, as the class documents;
 * written back in UTC with a {@code Z}. The expected instants are written out by hand or computed
 * with java.time, never with the class under test.
 */
class Rfc3339Test {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "2026-11-24T08:00:00Z,          2026-11-24T08:00:00Z",
        "2026-11-24t08:00:00z,          2026-11-24T08:00:00Z",
        "2026-11-24T16:00:00+08:00,     2026-11-24T08:00:00Z",
        "2026-11-24T02:30:00-05:30,     2026-11-24T08:00:00Z",
        "2026-11-24T08:00:00+00:00,     2026-11-24T08:00:00Z",
        // RFC 3339 §4.3: -00:00 is UTC with the local offset unknown; still the same instant
        "2026-11-24T08:00:00-00:00,     2026-11-24T08:00:00Z",
        "2026-11-25T07:59:00+23:59,     2026-11-24T08:00:00Z",
        "2026-11-23T08:01:00-23:59,     2026-11-24T08:00:00Z",
        // an offset that moves the date, the month and the year
        "2026-01-01T00:30:00+01:00,     2025-12-31T23:30:00Z",
        "2025-12-31T23:30:00-01:00,     2026-01-01T00:30:00Z",
        "2024-02-29T12:00:00Z,          2024-02-29T12:00:00Z",
        "2000-02-29T12:00:00Z,          2000-02-29T12:00:00Z",
        "0000-01-01T00:00:00Z,          0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999999999Z, 9999-12-31T23:59:59.999999999Z",
    })
    void acceptedForms(String text, String expected) {
        assertEquals(Instant.parse(expected), Rfc3339.parse(text));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "2026-11-24T08:00:00.5Z,              500000000",
        "2026-11-24T08:00:00.05Z,             50000000",
        "2026-11-24T08:00:00.000Z,            0",
        "2026-11-24T08:00:00.123Z,            123000000",
        "2026-11-24T08:00:00.123456Z,         123456000",
        "2026-11-24T08:00:00.000000001Z,      1",
        "2026-11-24T08:00:00.123456789Z,      123456789",
        // beyond nanoseconds the digits are cut off, never rounded up into the next second
        "2026-11-24T08:00:00.9999999999Z,     999999999",
        "2026-11-24T08:00:00.12345678912345Z, 123456789",
        "2026-11-24T16:00:00.25+08:00,        250000000",
    })
    void fractionsOfASecond(String text, int nanos) {
        Instant parsed = Rfc3339.parse(text);
        assertEquals(Instant.parse("2026-11-24T08:00:00Z").plusNanos(nanos), parsed);
    }

    /** The class reads a leap second as the first instant of the next minute (java.time has none). */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "2016-12-31T23:59:60Z,          2017-01-01T00:00:00Z",
        "2016-12-31T23:59:60.5Z,        2017-01-01T00:00:00.5Z",
        // the RFC's own example: the leap second of 1990 as written in US Pacific time
        "1990-12-31T15:59:60-08:00,     1991-01-01T00:00:00Z",
        "1990-12-31T23:59:60Z,          1991-01-01T00:00:00Z",
        // the grammar allows :60 in any minute; which minutes had one is not checked
        "2026-11-24T08:00:60Z,          2026-11-24T08:01:00Z",
    })
    void leapSeconds(String text, String expected) {
        assertEquals(Instant.parse(expected), Rfc3339.parse(text));
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @ValueSource(
            strings = {
                "",
                "2026-11-24",
                "2026-11-24T08:00Z", // seconds are required
                "2026-11-24T08:00:00", // so is the offset
                "2026-11-24T08:00:00.5",
                "2026-11-24 08:00:00Z", // RFC 3339's note allows a space; its grammar does not
                "2026-11-24_08:00:00Z",
                "20261124T080000Z", // ISO 8601 basic format
                "2026-11-24T08:00:00+0800",
                "2026-11-24T08:00:00+08",
                "2026-11-24T08:00:00+8:00",
                "2026-11-24T08:00:00+08:00:00", // offsets with seconds (java.time accepts them)
                "2026-11-24T08:00:00+24:00",
                "2026-11-24T08:00:00+08:60",
                "2026-11-24T08:00:00 +08:00",
                "2026-11-24T08:00:00ZZ",
                "2026-11-24T08:00:00Z ",
                " 2026-11-24T08:00:00Z",
                "2026-11-24T08:00:00UTC",
                "2026-11-24T08:00:00GMT+08:00",
                "2026-11-24T08:00:00.Z", // a fraction needs a digit
                "2026-11-24T08:00:00,5Z", // ISO 8601's decimal comma
                "2026-11-24T08:00:00.5.5Z",
                "2026-11-24T08:00:00.-5Z",
                "2026-11-24T24:00:00Z",
                "2026-11-24T08:60:00Z",
                "2026-11-24T08:00:61Z",
                "2026-13-24T08:00:00Z",
                "2026-00-24T08:00:00Z",
                "2026-11-00T08:00:00Z",
                "2026-11-31T08:00:00Z",
                "2026-02-29T08:00:00Z", // not a leap year
                "1900-02-29T08:00:00Z", // nor is 1900
                "12026-11-24T08:00:00Z", // four-digit years only
                "+2026-11-24T08:00:00Z",
                "-2026-11-24T08:00:00Z",
                "2026-1-24T08:00:00Z",
                "2026-11-4T08:00:00Z",
                "2026-11-24T8:00:00Z",
                "2026-11-24T08:0:00Z",
                "2026-11-24T08:00:0Z",
                "2026/11/24T08:00:00Z",
                "2026-11-24T08.00.00Z",
                "2026-1a-24T08:00:00Z",
                "2026-11-24T08:00:00+0a:00",
                "+2026-11-24T08:00:0Z",
                "-026-11-24T08:00:00Z",
                "2026-11-24T08:00:-1Z",
                "２０２６-11-24T08:00:00Z", // full-width digits
                "٢٠٢٦-11-24T08:00:00Z", // Arabic-Indic digits
                "2026-11-24T08:00:00.５Z",
                "2026-11-24T08:00:00\0Z",
                "now",
                "1764000000",
            })
    void refusedForms(String text) {
        assertNull(Rfc3339.parse(text), text);
    }

    @Test
    void formatWritesUtcWithZAndFractionDigitsOnlyWhenNeeded() {
        assertEquals("2026-11-24T08:00:00Z", Rfc3339.format(Instant.parse("2026-11-24T08:00:00Z")));
        assertEquals("2026-11-24T08:00:00.500Z", Rfc3339.format(Instant.parse("2026-11-24T08:00:00.5Z")));
        assertEquals("2026-11-24T08:00:00.001Z", Rfc3339.format(Instant.parse("2026-11-24T08:00:00.001Z")));
        assertEquals("2026-11-24T08:00:00.000001Z", Rfc3339.format(Instant.parse("2026-11-24T08:00:00.000001Z")));
        assertEquals("2026-11-24T08:00:00.000000001Z", Rfc3339.format(Instant.parse("2026-11-24T08:00:00.000000001Z")));
        assertEquals("0000-01-01T00:00:00Z", Rfc3339.format(Instant.parse("0000-01-01T00:00:00Z")));
        assertEquals("2026-11-24T08:00:00Z", Rfc3339.format(Rfc3339.parse("2026-11-24T16:00:00+08:00")));
    }

    /**
     * RFC 3339 writes four-digit years only: a local time whose offset puts its instant before
     * 0000-01-01T00:00:00Z or after 9999-12-31T23:59:59.999999999Z could not be written back in
     * UTC (as an answer's {@code evaluatedAt}, a stored decision's facts), so it is refused.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "9999-12-31T23:59:59-00:01",
                "9999-12-31T23:00:00-01:00",
                "9999-12-31T00:01:00-23:59",
                "0000-01-01T00:00:00+00:01",
                "0000-01-01T23:58:59.999999999+23:59",
            })
    void anInstantOutsideTheWritableYearsIsRefused(String text) {
        assertNull(Rfc3339.parse(text), text);
    }

    @Test
    void theWritableEndsAreAccepted() {
        assertEquals(Rfc3339.LATEST, Rfc3339.parse("9999-12-31T23:59:59.999999999Z"));
        assertEquals(Rfc3339.EARLIEST, Rfc3339.parse("0000-01-01T00:00:00Z"));
        assertEquals(Instant.parse("9999-12-31T23:59:00Z"), Rfc3339.parse("9999-12-31T00:00:00-23:59"));
        assertEquals(Instant.parse("0000-01-01T00:01:00Z"), Rfc3339.parse("0000-01-01T23:59:00+23:58"));
    }

    /**
     * A computed time past the last writable instant (an allow window that ends after 9999, a
     * report range that starts before 0000) is written as 9999-12-31T23:59:59Z or 0000-01-01T00:00:00Z,
     * never as a five-digit or signed year, and never throws.
     */
    @Test
    void formatNeverWritesAYearRfc3339CannotHold() {
        assertEquals("9999-12-31T23:59:59Z", Rfc3339.format(Instant.parse("+10000-01-01T00:01:00Z")));
        assertEquals("9999-12-31T23:59:59Z", Rfc3339.format(Instant.MAX));
        assertEquals("9999-12-31T23:59:59.999999999Z", Rfc3339.format(Rfc3339.LATEST));
        assertEquals("0000-01-01T00:00:00Z", Rfc3339.format(Instant.parse("-0001-12-31T23:59:59Z")));
        assertEquals("0000-01-01T00:00:00Z", Rfc3339.format(Instant.MIN));
        assertEquals(Instant.parse("9999-12-31T23:59:59Z"), Rfc3339.writable(Instant.parse("+10009-12-29T00:00:00Z")));
        assertEquals(Instant.parse("2026-11-24T08:00:00Z"), Rfc3339.writable(Instant.parse("2026-11-24T08:00:00Z")));
    }

    /** Every instant RFC 3339 can write (years 0000 to 9999) comes back from its formatted text. */
    @Property
    void formatThenParseGivesTheSameInstant(
            @ForAll @LongRange(min = -62_167_219_200L, max = 253_402_300_799L) long epochSecond,
            @ForAll @IntRange(min = 0, max = 999_999_999) int nanos) {
        Instant instant = Instant.ofEpochSecond(epochSecond, nanos);
        String text = Rfc3339.format(instant);
        assertTrue(text.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{3}|\\.\\d{6}|\\.\\d{9})?Z"), text);
        assertEquals(instant, Rfc3339.parse(text));
    }

    /** The same local time written with any offset RFC 3339 allows is that offset's instant. */
    @Property
    void anyOffsetIsApplied(
            @ForAll @LongRange(min = 0L, max = 253_402_214_400L) long localEpochSecond,
            @ForAll @IntRange(min = -(23 * 60 + 59), max = 23 * 60 + 59) int offsetMinutes,
            @ForAll @IntRange(min = 0, max = 999_999_999) int nanos) {
        LocalDateTime local = LocalDateTime.ofEpochSecond(localEpochSecond, nanos, ZoneOffset.UTC);
        String sign = offsetMinutes < 0 ? "-" : "+";
        int abs = Math.abs(offsetMinutes);
        String offset = String.format("%s%02d:%02d", sign, abs / 60, abs % 60);
        String text = local.format(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS")) + offset;
        // java.time's offsets end at ±18:00, RFC 3339's at ±23:59: the arithmetic by hand
        Instant expected = local.toInstant(ZoneOffset.UTC).minusSeconds(offsetMinutes * 60L);
        assertEquals(expected, Rfc3339.parse(text), text);
    }
}
