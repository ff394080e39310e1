package io.recallgate.model;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Strict RFC 3339 {@code date-time} parsing ({@code 2026-11-24T08:00:00Z},
 * {@code 2026-11-24T16:00:00.5+08:00}). Hand-written rather than {@link
 * java.time.format.DateTimeFormatter#ISO_OFFSET_DATE_TIME} because that one also accepts
 * timestamps RFC 3339 forbids (no seconds, offsets with seconds), and because it runs on every
 * request: a character scan costs far less than a formatter with exceptions for control flow.
 */
public final class Rfc3339 {

    /** The first instant RFC 3339 can write in UTC: its years have four digits. */
    public static final Instant EARLIEST = Instant.ofEpochSecond(-62_167_219_200L); // 0000-01-01T00:00:00Z

    /** The last instant RFC 3339 can write in UTC. */
    public static final Instant LATEST =
            Instant.ofEpochSecond(253_402_300_799L, 999_999_999); // 9999-12-31T23:59:59.999999999Z

    /** What {@link #writable} makes of a time after {@link #LATEST}: 9999-12-31T23:59:59Z. */
    public static final Instant LAST_WHOLE_SECOND = Instant.ofEpochSecond(LATEST.getEpochSecond());

    private Rfc3339() {}

    /**
     * The instant, or null when {@code s} is not an RFC 3339 date-time, or is one whose offset puts
     * it outside {@link #EARLIEST}..{@link #LATEST} in UTC ({@code 9999-12-31T23:30:00-01:00}):
     * such a time could not be written back (an answer's {@code evaluatedAt}, a stored decision's
     * facts), so a request that holds one is refused where it is read.
     */
    public static Instant parse(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        char t = s.charAt(10);
        if (t != 'T' && t != 't') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0 || hour > 23 || minute > 59 || second > 60) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && isDigit(s.charAt(i))) {
                if (i - start < 9) {
                    nanos = nanos * 10 + (s.charAt(i) - '0');
                }
                i++;
            }
            if (i == start) {
                return null;
            }
            for (int k = i - start; k < 9; k++) {
                nanos *= 10;
            }
        }
        if (i >= n) {
            return null;
        }
        int offsetSeconds;
        char z = s.charAt(i);
        if ((z == 'Z' || z == 'z') && i + 1 == n) {
            offsetSeconds = 0;
        } else if ((z == '+' || z == '-') && i + 6 == n && s.charAt(i + 3) == ':') {
            int oh = digits(s, i + 1, 2);
            int om = digits(s, i + 4, 2);
            if (oh < 0 || om < 0 || oh > 23 || om > 59) {
                return null;
            }
            offsetSeconds = (z == '-' ? -1 : 1) * (oh * 3600 + om * 60);
        } else {
            return null;
        }
        try {
            long epochDay = LocalDate.of(year, month, day).toEpochDay();
            // A leap second (:60) is the same instant as the next minute's :00 for our purposes.
            long secs = epochDay * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds;
            if (secs < EARLIEST.getEpochSecond() || secs > LATEST.getEpochSecond()) {
                return null;
            }
            return Instant.ofEpochSecond(secs, nanos);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /**
     * Formats as RFC 3339 in UTC with a 'Z' (fraction digits only when non-zero). A time outside
     * the writable years is written as the nearest end ({@link #writable}), never as a five-digit
     * or signed year that no RFC 3339 reader accepts.
     */
    public static String format(Instant instant) {
        return writable(instant).toString();
    }

    /**
     * The instant when RFC 3339 can write it; otherwise {@link #EARLIEST}, or {@link
     * #LAST_WHOLE_SECOND} for a time after {@link #LATEST}. For a computed time such as an allow
     * window's end ({@code sentAt} on 9999-12-31 plus a day): the permission is then said to end
     * at 9999-12-31T23:59:59Z, a little early, never late, and a whole second, so the database's
     * microsecond timestamps store exactly what was answered.
     */
    public static Instant writable(Instant instant) {
        if (instant.isAfter(LATEST)) {
            return LAST_WHOLE_SECOND;
        }
        return instant.isBefore(EARLIEST) ? EARLIEST : instant;
    }

    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
