package io.recallgate.http.contract;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Whether a body's bytes are what the fast path may hand to Jackson's byte parser as they are:
 * well-formed UTF-8 exactly as the JDK's strict decoder ({@link JsonBodyDecoder#utf8}) requires
 * it (no stray continuation byte, no overlong form, no encoded surrogate, nothing above
 * U+10FFFF), and nothing that would make Jackson guess another encoding or skip a byte order
 * mark (a UTF-8 byte order mark, or a zero byte among the first four). Anything else goes the
 * thorough way, which decodes the body itself and says what is wrong.
 */
final class Utf8Bytes {

    private Utf8Bytes() {}

    static boolean plainJson(byte[] b, int from, int to) {
        if (to - from < 1) {
            return false;
        }
        if (to - from >= 3 && b[from] == (byte) 0xEF && b[from + 1] == (byte) 0xBB && b[from + 2] == (byte) 0xBF) {
            return false;
        }
        for (int i = from; i < Math.min(to, from + 4); i++) {
            if (b[i] == 0) {
                return false;
            }
        }
        return wellFormed(b, from, to);
    }

    /** Eight bytes at a time, to skip ASCII quickly. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final long HIGH_BITS = 0x8080808080808080L;

    /** Well-formed UTF-8 (the Unicode standard's table 3-7). */
    static boolean wellFormed(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            // runs of ASCII (most of a JSON body), eight bytes at a time
            while (i + 8 <= to && ((long) LONGS.get(b, i) & HIGH_BITS) == 0) {
                i += 8;
            }
            if (i == to) {
                break;
            }
            int c = b[i];
            if (c >= 0) {
                i++;
                continue;
            }
            c &= 0xFF;
            if (c < 0xC2) {
                return false; // a continuation byte, or the start of an overlong two-byte form
            }
            if (c < 0xE0) {
                if (i + 1 >= to || !continuation(b[i + 1])) {
                    return false;
                }
                i += 2;
            } else if (c < 0xF0) {
                if (i + 2 >= to || !continuation(b[i + 1]) || !continuation(b[i + 2])) {
                    return false;
                }
                int c1 = b[i + 1] & 0xFF;
                if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0)) {
                    return false; // overlong, or a surrogate
                }
                i += 3;
            } else if (c < 0xF5) {
                if (i + 3 >= to || !continuation(b[i + 1]) || !continuation(b[i + 2]) || !continuation(b[i + 3])) {
                    return false;
                }
                int c1 = b[i + 1] & 0xFF;
                if ((c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 >= 0x90)) {
                    return false; // overlong, or above U+10FFFF
                }
                i += 4;
            } else {
                return false;
            }
        }
        return true;
    }

    private static boolean continuation(byte b) {
        return (b & 0xC0) == 0x80;
    }
}
