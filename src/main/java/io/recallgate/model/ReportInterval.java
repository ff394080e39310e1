package io.recallgate.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The width of a report's time buckets. Buckets are UTC: a day starts at 00:00Z, a week on
 * Monday 00:00Z (ISO 8601, as PostgreSQL's {@code date_trunc('week', …)}), a month on its first
 * day at 00:00Z.
 */
public enum ReportInterval {
    HOUR(Duration.ofHours(1)),
    DAY(Duration.ofDays(1)),
    WEEK(Duration.ofDays(7)),
    MONTH(Duration.ofDays(28)); // the shortest month: the most buckets a range can hold

    private final Duration shortest;

    ReportInterval(Duration shortest) {
        this.shortest = shortest;
    }

    /** The API's and PostgreSQL's name ({@code date_trunc} field). */
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ReportInterval fromJson(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** The most buckets {@code [from, to)} can touch: an upper bound, used to refuse absurd ranges. */
    public long maxBuckets(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / shortest.toMillis() + 2;
    }
}
