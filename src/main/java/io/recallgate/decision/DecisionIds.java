package io.recallgate.decision;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Time-ordered decision ids (UUID version 7): sortable by creation time, so ids of one day sit
 * together in the index, and unguessable enough that one tenant cannot enumerate another's.
 *
 * <p>The random bits come from {@link SecureRandom}, fetched for {@value #IDS_PER_FILL} ids at a
 * time per thread: one call to the shared generator (a lock and a read of the system's source)
 * per {@value #IDS_PER_FILL} decisions instead of one per decision. Each id still takes its own
 * ten fresh bytes, never reused.
 */
public final class DecisionIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Random bytes one id takes (74 random bits are used of them). */
    private static final int BYTES = 10;

    static final int IDS_PER_FILL = 64;

    /** A thread's random bytes for its next ids, and where the next id's begin. */
    private static final class Pending {
        final byte[] bytes = new byte[BYTES * IDS_PER_FILL];
        int next = bytes.length;
    }

    private static final ThreadLocal<Pending> PENDING = ThreadLocal.withInitial(Pending::new);

    private DecisionIds() {}

    public static String next() {
        long millis = System.currentTimeMillis();
        Pending p = PENDING.get();
        if (p.next == p.bytes.length) {
            RANDOM.nextBytes(p.bytes);
            p.next = 0;
        }
        byte[] r = p.bytes;
        int o = p.next;
        p.next = o + BYTES;
        long msb = (millis << 16) | 0x7000L | ((r[o] & 0x0FL) << 8) | (r[o + 1] & 0xFFL);
        long lsb = 0x8000000000000000L | ((r[o + 2] & 0x3FL) << 56);
        for (int i = 3; i < BYTES; i++) {
            lsb |= (r[o + i] & 0xFFL) << (8 * (9 - i));
        }
        return new UUID(msb, lsb).toString();
    }
}
