package io.recallgate.http.contract;

import io.recallgate.store.HoldPage;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

/**
 * The {@code cursor} of {@code GET /v1/holds}: the position of the last hold of a page
 * ({@link HoldPage.Position}), written as 32 base64url characters (8 bytes of placedAt in
 * microseconds since the epoch, PostgreSQL's precision, then the 16 bytes of the holdId). Clients
 * treat it as opaque; it names no tenant, since the tenant always comes from the caller's key, so
 * a cursor passed to another tenant only ever pages through that tenant's own holds.
 */
public final class HoldCursor {

    private static final int BYTES = 8 + 16;

    private HoldCursor() {}

    public static String encode(HoldPage.Position p) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, p.placedAt());
        ByteBuffer b = ByteBuffer.allocate(BYTES)
                .putLong(micros)
                .putLong(p.holdId().getMostSignificantBits())
                .putLong(p.holdId().getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    /** The position, or null when {@code cursor} is not one {@link #encode} writes. */
    public static HoldPage.Position decode(String cursor) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (bytes.length != BYTES || !encodeRaw(bytes).equals(cursor)) {
            return null; // only the one spelling encode writes, so a cursor is compared exactly
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long micros = b.getLong();
        UUID id = new UUID(b.getLong(), b.getLong());
        return new HoldPage.Position(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), id);
    }

    private static String encodeRaw(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
