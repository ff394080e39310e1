package io.recallgate.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DecisionIdsTest {

    @Test
    void idsAreVersion7WithTheCurrentTimeAndNeverRepeatAcrossRefills() {
        long before = System.currentTimeMillis();
        int n = DecisionIds.IDS_PER_FILL * 20 + 3;
        Set<String> ids = new HashSet<>();
        Set<Long> randomParts = new HashSet<>();
        for (int i = 0; i < n; i++) {
            String id = DecisionIds.next();
            UUID u = UUID.fromString(id);
            assertEquals(id, u.toString());
            assertEquals(7, u.version());
            assertEquals(2, u.variant());
            long millis = u.getMostSignificantBits() >>> 16;
            assertTrue(millis >= before && millis <= System.currentTimeMillis(), id);
            ids.add(id);
            randomParts.add(u.getLeastSignificantBits());
        }
        assertEquals(n, ids.size());
        // the 62 random bits of the low half alone differ too: no id took another's bytes
        assertEquals(n, randomParts.size());
    }
}
