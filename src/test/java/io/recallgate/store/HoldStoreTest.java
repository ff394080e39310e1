package io.recallgate.store;

import static io.recallgate.store.StoreFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HoldStoreTest {
    static StoreFixture fx;
    static Database second;
    static HoldStore holds;

    @BeforeAll
    static void up() throws Exception {
        fx = StoreFixture.start();
        second = Database.start(fx.vertx, fx.url(), Files.createDirectories(fx.dir.resolve("second")));
        holds = new HoldStore(fx.db.pool());
    }

    @AfterAll
    static void down() throws Exception {
        if (second != null) {
            second.close();
        }
        if (fx != null) {
            fx.close();
        }
    }

    @BeforeEach
    void clean() {
        fx.reset();
    }

    @Test
    void holdOnListedMessagesCoversOnlyThem() {
        Hold h = await(holds.place("t1", "c-1", List.of("m-17", "m-18"), "refund dispute #88", "agent-7"));
        assertNotNull(UUID.fromString(h.holdId()));
        assertEquals(List.of("m-17", "m-18"), h.messageIds());
        assertEquals("refund dispute #88", h.reason());
        assertEquals("agent-7", h.placedBy());
        assertNotNull(h.placedAt());
        assertNull(h.releasedAt());
        assertTrue(await(holds.isHeld("t1", "c-1", "m-17")));
        assertTrue(await(holds.isHeld("t1", "c-1", "m-18")));
        assertFalse(await(holds.isHeld("t1", "c-1", "m-19")));
        assertFalse(await(holds.isHeld("t1", "c-2", "m-17")));
        assertFalse(await(holds.isHeld("t2", "c-1", "m-17")), "holds are per tenant");
    }

    @Test
    void holdWithoutMessagesCoversTheWholeConversation() {
        await(holds.place("t1", "c-1", List.of(), "dispute", "agent-7"));
        await(holds.place("t1", "c-3", null, "dispute", "agent-7"));
        assertTrue(await(holds.isHeld("t1", "c-1", "any-message")));
        assertTrue(await(holds.isHeld("t1", "c-3", "m-1")));
        assertFalse(await(holds.isHeld("t1", "c-2", "m-1")));
    }

    @Test
    void releasedHoldStopsHoldingAndStaysInHistory() throws Exception {
        Hold h1 = await(holds.place("t1", "c-1", List.of(), "dispute", "agent-7"));
        Thread.sleep(2);
        Hold h2 = await(holds.place("t1", "c-1", List.of("m-2"), "second", "agent-8"));
        Hold released = await(holds.release("t1", h1.holdId(), "agent-9", "resolved"));
        assertNotNull(released.releasedAt());
        assertEquals("agent-9", released.releasedBy());
        assertEquals("resolved", released.releaseReason());
        assertFalse(await(holds.isHeld("t1", "c-1", "m-1")));
        assertTrue(await(holds.isHeld("t1", "c-1", "m-2")), "the other hold still holds m-2");

        Hold again = await(holds.release("t1", h1.holdId(), "someone-else", "again"));
        assertEquals(released, again, "a second release changes nothing");

        List<Hold> history = await(holds.list("t1", "c-1"));
        assertEquals(
                List.of(h1.holdId(), h2.holdId()),
                history.stream().map(Hold::holdId).toList());
        assertEquals(released, history.get(0));
        assertNull(history.get(1).releasedAt());
        assertEquals(List.of(), await(holds.list("t2", "c-1")));
    }

    @Test
    void theActiveHoldsCoveringAMessageAreNamedOldestFirst() throws Exception {
        Hold whole = await(holds.place("t1", "c-1", List.of(), "dispute", "agent-7"));
        Thread.sleep(2);
        Hold listed = await(holds.place("t1", "c-1", List.of("m-1", "m-2"), "second", "agent-7"));
        Thread.sleep(2);
        Hold other = await(holds.place("t1", "c-1", List.of("m-3"), "third", "agent-7"));
        Hold released = await(holds.place("t1", "c-1", List.of("m-1"), "fourth", "agent-7"));
        await(holds.release("t1", released.holdId(), "agent-7", "done"));
        await(holds.place("t2", "c-1", List.of(), "another tenant", "agent-7"));

        assertEquals(List.of(whole.holdId(), listed.holdId()), await(holds.activeHoldIds("t1", "c-1", "m-1")));
        assertEquals(List.of(whole.holdId(), other.holdId()), await(holds.activeHoldIds("t1", "c-1", "m-3")));
        assertEquals(List.of(whole.holdId()), await(holds.activeHoldIds("t1", "c-1", "m-9")));
        assertEquals(List.of(), await(holds.activeHoldIds("t1", "c-2", "m-1")));
    }

    @Test
    void activeHoldsArePagedNewestFirstWithoutReleasedOrForeignOnes() {
        Hold a = await(holds.place("t1", "c-1", List.of(), "a", "agent-7"));
        Hold b = await(holds.place("t1", "c-2", List.of("m-1"), "b", "agent-7"));
        Hold c = await(holds.place("t1", "c-3", List.of(), "c", "agent-7"));
        Hold d = await(holds.place("t1", "c-4", List.of(), "d", "agent-7"));
        Hold e = await(holds.place("t1", "c-5", List.of(), "e", "agent-7"));
        await(holds.place("t2", "c-1", List.of(), "another tenant", "agent-7"));
        await(holds.release("t1", c.holdId(), "agent-7", "resolved"));
        // b and d placed at the same instant: holdId decides, descending
        fx.sql(
                "UPDATE holds SET placed_at = $1 WHERE hold_id = ANY ($2)",
                java.time.OffsetDateTime.parse("2026-11-24T08:00:00.123456Z"),
                new UUID[] {UUID.fromString(b.holdId()), UUID.fromString(d.holdId())});
        fx.sql(
                "UPDATE holds SET placed_at = $1 WHERE hold_id = $2",
                java.time.OffsetDateTime.parse("2026-11-24T07:00:00Z"),
                UUID.fromString(a.holdId()));
        fx.sql(
                "UPDATE holds SET placed_at = $1 WHERE hold_id = $2",
                java.time.OffsetDateTime.parse("2026-11-24T09:00:00Z"),
                UUID.fromString(e.holdId()));
        // PostgreSQL orders uuids by their bytes, unsigned: the order of their lowercase text
        List<String> tied = java.util.stream.Stream.of(b.holdId(), d.holdId())
                .sorted(java.util.Comparator.reverseOrder())
                .toList();
        List<String> expected = List.of(e.holdId(), tied.get(0), tied.get(1), a.holdId());

        HoldPage all = await(holds.active("t1", null, 10));
        assertEquals(expected, all.holds().stream().map(Hold::holdId).toList());
        assertNull(all.next());

        List<String> paged = new java.util.ArrayList<>();
        HoldPage.Position at = null;
        int pages = 0;
        do {
            HoldPage page = await(holds.active("t1", at, 1));
            page.holds().forEach(h -> paged.add(h.holdId()));
            at = page.next();
            pages++;
        } while (at != null);
        assertEquals(expected, paged);
        assertEquals(4, pages, "the last full page knows it is the last");
        assertEquals(List.of(), await(holds.active("t3", null, 10)).holds());
    }

    @Test
    void unknownOrForeignHoldsCannotBeReleased() {
        Hold h = await(holds.place("t1", "c-1", List.of(), "dispute", "agent-7"));
        assertNull(await(holds.release("t2", h.holdId(), "x", "y")));
        assertNull(await(holds.release("t1", UUID.randomUUID().toString(), "x", "y")));
        assertNull(await(holds.release("t1", "not-a-uuid", "x", "y")));
        assertTrue(await(holds.isHeld("t1", "c-1", "m-1")));
    }

    @Test
    void holdPlacedOnOneInstanceIsSeenAtOnceByAnother() {
        HoldStore other = new HoldStore(second.pool());
        assertFalse(await(other.isHeld("t1", "c-5", "m-1")));
        Hold h = await(holds.place("t1", "c-5", List.of("m-1"), "dispute", "agent-7"));
        assertTrue(await(other.isHeld("t1", "c-5", "m-1")));
        await(other.release("t1", h.holdId(), "agent-7", "done"));
        assertFalse(await(holds.isHeld("t1", "c-5", "m-1")));
    }
}
