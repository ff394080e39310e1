package io.recallgate.model;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * {@link Instant#toString()}, character for character, written without the JDK's formatter: the
 * decision path writes several timestamps per decision (the answer, the facts, the log entry), and
 * {@code Instant.toString} builds a formatter context, a LocalDateTime and a StringBuilder for
 * each. Years 0000–9999 are written here; any other instant is left to {@code Instant.toString}.
 */
public final class InstantText {

    /** 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z. */
    private static final long FIRST = -62_167_219_200L, END = 253_402_300_800L;

    private InstantText() {}

    public static String format(Instant t) {
        long seconds = t.getEpochSecond();
        if (seconds < FIRST || seconds >= END) {
            return t.toString();
        }
        long day = Math.floorDiv(seconds, 86_400L);
        int secondOfDay = (int) (seconds - day * 86_400L);
        // days to civil date (H. Hinnant's algorithm, proleptic Gregorian like java.time)
        long z = day + 719_468L;
        long era = Math.floorDiv(z, 146_097L);
        long doe = z - era * 146_097L;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int dayOfMonth = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        int year = (int) (yoe + era * 400 + (month <= 2 ? 1 : 0));
        int nano = t.getNano();
        int digits = nano == 0 ? 0 : nano % 1_000_000 == 0 ? 3 : nano % 1_000 == 0 ? 6 : 9;
        byte[] b = new byte[20 + (digits == 0 ? 0 : digits + 1)];
        put(b, 0, year, 4);
        b[4] = '-';
        put(b, 5, month, 2);
        b[7] = '-';
        put(b, 8, dayOfMonth, 2);
        b[10] = 'T';
        put(b, 11, secondOfDay / 3600, 2);
        b[13] = ':';
        put(b, 14, secondOfDay / 60 % 60, 2);
        b[16] = ':';
        put(b, 17, secondOfDay % 60, 2);
        int at = 19;
        if (digits > 0) {
            b[at++] = '.';
            int fraction = digits == 3 ? nano / 1_000_000 : digits == 6 ? nano / 1_000 : nano;
            put(b, at, fraction, digits);
            at += digits;
        }
        b[at] = 'Z';
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static void put(byte[] b, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            b[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }
}
