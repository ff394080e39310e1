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
}
