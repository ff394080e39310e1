package io.recallgate.http.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The token bucket per API key behind {@code 429 Too Many Requests}: a new key may send its burst
 * at once, then one request per 1/rate seconds; keys do not share tokens; a refused request is told
 * the whole seconds after which a retry is let in (Retry-After), rounded up.
 *
 * <p>RateLimiter reads {@link System#nanoTime()} itself, so these tests use the real clock without
 * ever asserting how fast anything runs: where a refill must not have happened, the rate is so slow
 * (one token in 1000 s) that it cannot; where one must have happened, the test first lets the
 * clock pass far enough; where an exact Retry-After depends on the time between two calls, the
 * test measures that time and is skipped (not failed) when a stalled machine made it too long.
 */
class RateLimiterTest {

    /** One token in 1000 s: nothing comes back while a test runs. */
    private static final double SLOW = 0.001;

    @Test
    void aNewKeyMaySendItsBurstAtOnceAndThenWaits() {
        RateLimiter limiter = new RateLimiter(SLOW, 5);
        long start = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            assertEquals(0, limiter.acquire("key-a"), "request " + i + " of the burst");
        }
        long first = limiter.acquire("key-a");
        long second = limiter.acquire("key-a");
        assumeTrue(seconds(start) < 1, "the machine stalled for a second");
        assertEquals(1000, first, "the next token is 1000 s away");
        assertEquals(1000, second, "a refused request takes no token");
    }

    @Test
    void aBurstOfOneLetsOneRequestThrough() {
        RateLimiter limiter = new RateLimiter(SLOW, 1);
        assertEquals(0, limiter.acquire("key-a"));
        assertTrue(limiter.acquire("key-a") > 0);
    }

    @Test
    void eachKeyHasItsOwnBucket() {
        RateLimiter limiter = new RateLimiter(SLOW, 2);
        assertEquals(0, limiter.acquire("key-a"));
        assertEquals(0, limiter.acquire("key-a"));
        assertTrue(limiter.acquire("key-a") > 0, "key-a has used its burst");

        assertEquals(0, limiter.acquire("key-b"), "key-b's burst is untouched");
        assertEquals(0, limiter.acquire("key-b"));
        assertTrue(limiter.acquire("key-b") > 0);
        assertTrue(limiter.acquire("key-a") > 0, "key-b's requests gave key-a nothing");

        for (int k = 0; k < 1000; k++) {
            assertEquals(0, limiter.acquire("key-" + k + "-new"), "every new key starts with its burst");
        }
    }

    /**
     * Many threads on one key at once: exactly the burst gets through, never one more. Repeated
     * on fresh limiters, as a lost update shows only when two threads meet inside the bucket.
     */
    @Test
    void concurrentRequestsShareOneBucket() throws Exception {
        int threads = 4;
        int rounds = 20;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < rounds; round++) {
                RateLimiter limiter = new RateLimiter(SLOW, 50_000);
                AtomicInteger allowed = new AtomicInteger();
                CyclicBarrier start = new CyclicBarrier(threads);
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    done.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < 25_000; i++) {
                            if (limiter.acquire("shared") == 0) {
                                allowed.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(60, TimeUnit.SECONDS);
                }
                assertEquals(
                        50_000, allowed.get(), "round " + round + ": 4 threads × 25,000 requests, a burst of 50,000");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Retry-After is whole seconds, rounded up so that a client that waits that long finds a token:
     * 2.4 s is 3, not 2; less than a second is 1, never 0.
     */
    @ParameterizedTest(name = "one token every {0} s: Retry-After {1}")
    @CsvSource({
        "2.4,   3,   0.4",
        "0.8,   1,   0.8",
        "0.001, 1,   0.001",
        "100,   100, 1",
        "3.3,   4,   0.3",
    })
    void retryAfterIsTheSecondsUntilTheNextTokenRoundedUp(double secondsPerToken, long expected, double margin) {
        RateLimiter limiter = new RateLimiter(1 / secondsPerToken, 1);
        long start = System.nanoTime();
        assertEquals(0, limiter.acquire("key-a"));
        long wait = limiter.acquire("key-a");
        // the bucket refills while the two calls run: beyond margin the expected value is off by one
        assumeTrue(seconds(start) < margin, "the two calls were " + seconds(start) + " s apart");
        assertEquals(expected, wait);
    }

    /** Tokens come back at the rate: 1000 a second is one a millisecond. */
    @Test
    void tokensComeBackAtTheRate() {
        RateLimiter limiter = new RateLimiter(1000, 3);
        for (int i = 0; i < 3; i++) {
            assertEquals(0, limiter.acquire("key-a"));
        }
        letTimePass(System.nanoTime(), 2_000_000); // two tokens' time since the last one was taken
        assertEquals(0, limiter.acquire("key-a"));
        assertEquals(0, limiter.acquire("key-a"));
    }

    /** An idle key saves up no more than its burst. */
    @Test
    void anIdleKeySavesUpAtMostItsBurst() {
        RateLimiter limiter = new RateLimiter(100, 2);
        assertEquals(0, limiter.acquire("key-a"));
        assertEquals(0, limiter.acquire("key-a"));
        letTimePass(System.nanoTime(), 100_000_000); // ten tokens' time
        long start = System.nanoTime();
        long first = limiter.acquire("key-a");
        long second = limiter.acquire("key-a");
        long third = limiter.acquire("key-a");
        assumeTrue(seconds(start) < 0.01, "the three calls took longer than one token's time");
        assertEquals(0, first);
        assertEquals(0, second);
        assertEquals(1, third, "the burst is 2, however long the key was idle");
    }

    /** A client that waits the Retry-After it was given gets in. */
    @Test
    void waitingRetryAfterIsEnough() {
        RateLimiter limiter = new RateLimiter(1 / 0.75, 1);
        assertEquals(0, limiter.acquire("key-a"));
        long wait = limiter.acquire("key-a");
        long refusedAt = System.nanoTime(); // no earlier than the limiter's own time of the refusal
        assertTrue(wait >= 1);
        letTimePass(refusedAt, TimeUnit.SECONDS.toNanos(wait));
        assertEquals(0, limiter.acquire("key-a"));
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    /** Returns once at least {@code nanos} have passed since {@code since} (System.nanoTime). */
    private static void letTimePass(long since, long nanos) {
        long left;
        while ((left = since + nanos - System.nanoTime()) > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
