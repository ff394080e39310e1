package io.recallgate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The body timeout's list: only bodies still being read and past their deadline are answered. */
class BodyDeadlinesTest {

    private Vertx vertx;
    private final List<HttpServerRequest> expired = new ArrayList<>();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(60, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** A deadline list whose sweep never runs on its own (an hour), swept by hand. */
    private BodyDeadlines deadlines() {
        return new BodyDeadlines(vertx, Duration.ofHours(1), (req, resp, s) -> expired.add(req));
    }

    @Test
    void nothingIsDueBeforeTheTimeout() {
        BodyDeadlines d = deadlines();
        d.watch(null, null);
        d.sweep(System.nanoTime() + Duration.ofMinutes(59).toNanos());
        assertEquals(0, expired.size());
        assertEquals(1, d.size());
    }

    @Test
    void aBodyStillBeingReadAtItsDeadlineExpiresOnce() {
        BodyDeadlines d = deadlines();
        d.watch(null, null);
        long late = System.nanoTime() + Duration.ofMinutes(61).toNanos();
        d.sweep(late);
        d.sweep(late);
        assertEquals(1, expired.size());
        assertEquals(0, d.size());
    }

    @Test
    void bodiesThatArrivedAreNeverAnswered() {
        BodyDeadlines d = deadlines();
        List<BodyDeadlines.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            entries.add(d.watch(null, null));
        }
        // the first, a middle one and the last arrive; done twice is harmless
        d.done(entries.get(0));
        d.done(entries.get(2));
        d.done(entries.get(4));
        d.done(entries.get(2));
        assertEquals(2, d.size());
        d.sweep(System.nanoTime() + Duration.ofHours(2).toNanos());
        assertEquals(2, expired.size());
        assertEquals(0, d.size());
        // an entry answered by the sweep and then ended changes nothing
        d.done(entries.get(1));
        assertEquals(0, d.size());
    }

    @Test
    void theSweepStopsAtTheFirstBodyNotYetDue() throws Exception {
        BodyDeadlines d = deadlines();
        d.watch(null, null);
        long between = System.nanoTime() + Duration.ofHours(1).toNanos();
        Thread.sleep(5);
        d.watch(null, null);
        d.sweep(between);
        assertEquals(1, expired.size());
        assertEquals(1, d.size());
    }

    @Test
    void theSweepRunsEveryQuarterOfTheTimeoutAtMostEverySecond() {
        assertEquals(500, BodyDeadlines.sweepPeriodMillis(Duration.ofSeconds(2)));
        assertEquals(1000, BodyDeadlines.sweepPeriodMillis(Duration.ofSeconds(30)));
        assertEquals(10, BodyDeadlines.sweepPeriodMillis(Duration.ofMillis(1)));
    }

    @Test
    void theSweepRunsOnItsOwn() throws Exception {
        List<Boolean> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        BodyDeadlines[] d = new BodyDeadlines[1];
        vertx.runOnContext(v -> {
            d[0] = new BodyDeadlines(vertx, Duration.ofMillis(40), (req, resp, s) -> seen.add(true));
            d[0].watch(null, null);
        });
        for (int i = 0; i < 100 && seen.isEmpty(); i++) {
            Thread.sleep(20);
        }
        assertTrue(!seen.isEmpty(), "the periodic sweep answered the late body");
    }
}
