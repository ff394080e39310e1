package io.recallgate.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One page of a tenant's active holds, newest first, and where the next page starts ({@code null}
 * on the last page).
 */
public record HoldPage(List<Hold> holds, Position next) {

    public HoldPage {
        holds = List.copyOf(holds);
    }

    /**
     * A place in the order (placedAt descending, then holdId descending): the next page holds the
     * active holds strictly after it. A position, not an offset, so that holds placed or released
     * while someone pages neither repeat nor hide the holds not yet shown.
     */
    public record Position(Instant placedAt, UUID holdId) {
        public Position {
            if (placedAt == null || holdId == null) {
                throw new IllegalArgumentException("placedAt and holdId are required");
            }
        }
    }
}
