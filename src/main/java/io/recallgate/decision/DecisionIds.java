package io.recallgate.decision;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Time-ordered decision ids (UUID version 7): sortable by creation time, so ids of one day sit
 * together in the index, and unguessable enough that one tenant cannot enumerate another's.
 */
public final class DecisionIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private DecisionIds() {}

    public static String next() {
        long millis = System.currentTimeMillis();
        byte[] r = new byte[10];
        RANDOM.nextBytes(r);
        long msb = (millis << 16) | 0x7000L | ((r[0] & 0x0FL) << 8) | (r[1] & 0xFFL);
        long lsb = 0x8000000000000000L | ((r[2] & 0x3FL) << 56);
        for (int i = 3; i < 10; i++) {
            lsb |= (r[i] & 0xFFL) << (8 * (9 - i));
        }
        return new UUID(msb, lsb).toString();
    }
}
