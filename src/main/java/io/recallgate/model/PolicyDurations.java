package io.recallgate.model;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the durations policy authors write in the settings table: {@code 2 minutes},
 * {@code 24 hours}, {@code 90 seconds}, {@code 7 days}, {@code 30s}, {@code 5m}, {@code 24h},
 * {@code 1d}, or ISO-8601 such as {@code PT2M}.
 */
public final class PolicyDurations {

    private static final Pattern AMOUNT_UNIT = Pattern.compile("(\\d{1,9})\\s*([a-z]+)");

    private PolicyDurations() {}

    public static Duration parse(String text) {
        String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (value.startsWith("p")) {
            return Duration.parse(value.toUpperCase(Locale.ROOT));
        }
        Matcher m = AMOUNT_UNIT.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration such as '2 minutes' or '24 hours'");
        }
        long amount = Long.parseLong(m.group(1));
        switch (m.group(2)) {
            case "s":
            case "sec":
            case "secs":
            case "second":
            case "seconds":
                return Duration.ofSeconds(amount);
            case "m":
            case "min":
            case "mins":
            case "minute":
            case "minutes":
                return Duration.ofMinutes(amount);
            case "h":
            case "hour":
            case "hours":
                return Duration.ofHours(amount);
            case "d":
            case "day":
            case "days":
                return Duration.ofDays(amount);
            default:
                throw new IllegalArgumentException(
                        "'" + text + "' has an unknown unit; use seconds, minutes, hours or days");
        }
    }
}
