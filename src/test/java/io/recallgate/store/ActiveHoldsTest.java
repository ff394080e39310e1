package io.recallgate.store;

import static io.recallgate.store.StoreFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The per-replica view of active holds: it answers as the database does, learns of holds placed
 * and released through any {@link HoldStore} on the database (here: another pool, as another
 * replica), and while its listener is down every look-up asks the database, until it is back and
 * rebuilt.
 */
class ActiveHoldsTest {
    static StoreFixture fx;
    static Database other;
    static HoldStore holds;
    static HoldStore otherReplica;
    ActiveHolds view;

    @BeforeAll
    static void up() throws Exception {
        fx = StoreFixture.start();
        other = Database.start(fx.vertx, fx.url(), java.nio.file.Files.createDirectories(fx.dir.resolve("other")));
        holds = new HoldStore(fx.db.pool());
        otherReplica = new HoldStore(other.pool());
    }

    @AfterAll
    static void down() throws Exception {
        if (other != null) {
            other.close();
        }
        if (fx != null) {
            fx.close();
        }
    }

    @BeforeEach
    void clean() {
        fx.reset();
    }

    @AfterEach
    void stop() {
        if (view != null) {
            view.close();
        }
    }

    private ActiveHolds startView() {
        view = new ActiveHolds(fx.vertx, holds, fx.db::connectOptions).start();
        waitFor(() -> view.current(), "the view becomes current");
        return view;
    }

    @Test
    void holdsActiveAtStartAreInTheViewInTheDatabasesOrder() {
        Hold whole = await(holds.place("t1", "c-1", List.of(), "dispute", "agent"));
        Hold listed = await(holds.place("t1", "c-1", List.of("m-1", "m-2"), "dispute", "agent"));
        await(holds.place("t2", "c-1", List.of(), "another tenant", "agent"));
        Hold released = await(holds.place("t1", "c-1", List.of(), "over", "agent"));
        await(holds.release("t1", released.holdId(), "agent", "resolved"));
        startView();
        assertEquals(List.of(whole.holdId(), listed.holdId()), await(view.holdIds("t1", "c-1", "m-1")));
        assertEquals(List.of(whole.holdId()), await(view.holdIds("t1", "c-1", "m-3")));
        assertEquals(List.of(), await(view.holdIds("t1", "c-2", "m-1")));
        for (String message : List.of("m-1", "m-2", "m-3")) {
            assertEquals(
                    await(holds.activeHoldIds("t1", "c-1", message)),
                    await(view.holdIds("t1", "c-1", message)),
                    "view and database agree for " + message);
        }
    }

    @Test
    void holdsPlacedAndReleasedOnAnotherReplicaReachTheViewWithinASecond() {
        startView();
        for (int r = 0; r < 5; r++) {
            int round = r;
            String conversation = "c-" + round;
            long placedAt = System.nanoTime();
            Hold h = await(otherReplica.place("t1", conversation, List.of("m-" + round), "dispute", "agent"));
            waitFor(
                    () -> await(view.holdIds("t1", conversation, "m-" + round)).equals(List.of(h.holdId())),
                    "the placed hold in the view");
            assertTrue(System.nanoTime() - placedAt < Duration.ofSeconds(1).toNanos(), "within a second");
            assertTrue(view.current());
            assertEquals(List.of(), await(view.holdIds("t1", conversation, "m-other")));

            long releasedAt = System.nanoTime();
            await(otherReplica.release("t1", h.holdId(), "agent", "resolved"));
            waitFor(
                    () -> await(view.holdIds("t1", conversation, "m-" + round)).isEmpty(),
                    "the released hold out of the view");
            assertTrue(System.nanoTime() - releasedAt < Duration.ofSeconds(1).toNanos(), "within a second");
        }
    }

    @Test
    void whileTheListenerIsDownLookUpsAskTheDatabaseAndTheViewIsRebuiltWhenItIsBack() {
        startView();
        Hold before = await(otherReplica.place("t1", "c-1", List.of(), "dispute", "agent"));
        waitFor(() -> !await(view.holdIds("t1", "c-1", "m-1")).isEmpty(), "the first hold in the view");

        // the listener's connection is cut (a restart of PostgreSQL, a proxy, a network fault)
        List<Boolean> notCurrent = new ArrayList<>();
        terminateListener();
        waitFor(() -> !view.current(), "the view knows it is not current");
        // changes while it is down: placed and released without the view hearing of them
        Hold during = await(otherReplica.place("t1", "c-2", List.of("m-9"), "dispute", "agent"));
        await(otherReplica.release("t1", before.holdId(), "agent", "resolved"));
        if (!view.current()) {
            // answered by the database, so already exact
            assertEquals(List.of(during.holdId()), await(view.holdIds("t1", "c-2", "m-9")));
            assertEquals(List.of(), await(view.holdIds("t1", "c-1", "m-1")));
            notCurrent.add(true);
        }
        assertFalse(notCurrent.isEmpty(), "the reconnect did not race the assertions");

        waitFor(() -> view.current(), "reconnected and rebuilt");
        assertEquals(List.of(during.holdId()), await(view.holdIds("t1", "c-2", "m-9")));
        assertEquals(List.of(), await(view.holdIds("t1", "c-1", "m-1")), "the release it missed");
        // and it listens again
        Hold after = await(otherReplica.place("t1", "c-3", List.of(), "dispute", "agent"));
        waitFor(() -> await(view.holdIds("t1", "c-3", "m-1")).equals(List.of(after.holdId())), "a new hold");
    }

    @Test
    void aViewThatWasClosedAsksTheDatabase() {
        startView();
        view.close();
        assertFalse(view.current());
        Hold h = await(otherReplica.place("t1", "c-1", List.of(), "dispute", "agent"));
        assertEquals(List.of(h.holdId()), await(view.holdIds("t1", "c-1", "m-1")));
    }

    private static void terminateListener() {
        long terminated = fx.count(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1",
                ActiveHolds.APPLICATION_NAME);
        assertEquals(1, terminated, "one listener connection");
    }

    private static void waitFor(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
