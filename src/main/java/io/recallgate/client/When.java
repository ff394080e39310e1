package io.recallgate.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A moment as the client commands take it ({@code --from}, {@code --since}, …): an RFC 3339
 * date-time, a UTC date ({@code 2026-11-01} is its midnight UTC), or an age such as {@code 30d},
 * {@code 12h}, {@code 90m} or {@code 2w} (that long before now).
 */
final class When {

    private static final Pattern AGE = Pattern.compile("(\\d{1,6})([mhdw])");

    private When() {}

    /**
     * The RFC 3339 date-time to send for {@code value}: a date-time is passed on as written (the
     * service checks it strictly), a date or an age is turned into one.
     *
     * @throws IllegalArgumentException when {@code value} is none of the three
     */
    static String rfc3339(String value, Clock clock) {
        String v = value.trim();
        Matcher age = AGE.matcher(v.toLowerCase(Locale.ROOT));
        if (age.matches()) {
            long n = Long.parseLong(age.group(1));
            Duration d = switch (age.group(2)) {
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
            return clock.instant().minus(d).toString();
        }
        try {
            return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant().toString();
        } catch (DateTimeParseException e) {
            // not a date; try a date-time
        }
        try {
            OffsetDateTime.parse(v);
            return v;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + v + "' is not an RFC 3339 date-time (2026-11-24T08:00:00Z),"
                    + " a date (2026-11-24) or an age (30d, 12h, 2w)");
        }
    }

    /** The instant of a value {@link #rfc3339} accepted. */
    static Instant instant(String rfc3339) {
        return OffsetDateTime.parse(rfc3339).toInstant();
    }
}
