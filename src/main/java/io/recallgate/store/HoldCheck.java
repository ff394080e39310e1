package io.recallgate.store;

import java.util.List;

/**
 * An enforce decision made with a view of the active holds that may be behind the database
 * ({@link ActiveHolds}), checked again when it is written: the decision log reads the active holds
 * that cover the record's message under the tenant's lock, in the transaction that writes it
 * (the lock a hold's placement and release take too), and writes what this returns for them. So
 * a hold placed before the transaction is in the record, and the answer, the record, its facts
 * and its leaf all agree.
 */
@FunctionalInterface
public interface HoldCheck {

    /**
     * The record to write, given the ids of the active holds that cover its message now, oldest
     * first: the record as first decided (the same object) when these are the holds it was decided
     * with, else the decision made again with them (same decisionId). Called on the decision log's
     * event loop, possibly more than once (a transaction that is written again); must be quick.
     *
     * @throws IllegalArgumentException when the record decided again cannot be stored
     */
    DecisionRecord withHolds(List<String> holdIds);

    /**
     * The ids of the holds the record was first decided with, or null when not known. An empty
     * list lets the decision log write the record in one round trip, with a check in the insert
     * that no hold is active on its conversation instead of reading the holds first; any other
     * answer (or such a hold) has them read under the lock and {@link #withHolds} asked.
     */
    default List<String> decidedWith() {
        return null;
    }
}
