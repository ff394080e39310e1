package io.recallgate.http.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The token bucket per API key behind {@code 429 Too Many Requests}: a new key may send its burst
 * at once, then one request per 1/rate seconds; keys do not share tokens; a refused request is told
 * the whole seconds after which a retry is let in (Retry-After), rounded up.
 *
 * <p>The limiter reads the clock it is given; these tests move it by hand, so every expectation is
 * exact and nothing waits.
 */
class RateLimiterTest {

    /** A clock that stands still until the test moves it. */
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private RateLimiter limiter(double ratePerSecond, int burst) {
        return new RateLimiter(ratePerSecond, burst, now::get);
    }

    private void pass(double seconds) {
        now.addAndGet(Math.round(seconds * 1e9));
    }

    @Test
    void aNewKeyMaySendItsBurstAtOnceAndThenWaits() {
        RateLimiter limiter = limiter(0.001, 5);
        for (int i = 0; i < 5; i++) {
            assertEquals(0, limiter.acquire("key-a"), "request " + i + " of the burst");
        }
        assertEquals(1000, limiter.acquire("key-a"), "the next token is 1000 s away");
        assertEquals(1000, limiter.acquire("key-a"), "a refused request takes no token");
        pass(400);
        assertEquals(600, limiter.acquire("key-a"), "400 s later, 600 s are left");
    }

    @Test
    void aBurstOfOneLetsOneRequestThrough() {
        RateLimiter limiter = limiter(1, 1);
        assertEquals(0, limiter.acquire("key-a"));
        assertTrue(limiter.acquire("key-a") > 0);
    }

    @Test
    void eachKeyHasItsOwnBucket() {
        RateLimiter limiter = limiter(1, 2);
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
                RateLimiter limiter = limiter(1, 50_000);
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
        "2.4,   3",
        "0.8,   1",
        "0.001, 1",
        "100,   100",
        "3.3,   4",
    })
    void retryAfterIsTheSecondsUntilTheNextTokenRoundedUp(double secondsPerToken, long expected) {
        RateLimiter limiter = limiter(1 / secondsPerToken, 1);
        assertEquals(0, limiter.acquire("key-a"));
        assertEquals(expected, limiter.acquire("key-a"));
    }

    /** Tokens come back at the rate: 1000 a second is one a millisecond. */
    @Test
    void tokensComeBackAtTheRate() {
        RateLimiter limiter = limiter(1000, 3);
        for (int i = 0; i < 3; i++) {
            assertEquals(0, limiter.acquire("key-a"));
        }
        assertEquals(1, limiter.acquire("key-a"), "none left");
        pass(0.002); // two tokens' time
        assertEquals(0, limiter.acquire("key-a"));
        assertEquals(0, limiter.acquire("key-a"));
        assertEquals(1, limiter.acquire("key-a"), "and no third");
    }

    /** An idle key saves up no more than its burst. */
    @Test
    void anIdleKeySavesUpAtMostItsBurst() {
        RateLimiter limiter = limiter(100, 2);
        assertEquals(0, limiter.acquire("key-a"));
        assertEquals(0, limiter.acquire("key-a"));
        pass(0.1); // ten tokens' time
        assertEquals(0, limiter.acquire("key-a"));
        assertEquals(0, limiter.acquire("key-a"));
        assertEquals(1, limiter.acquire("key-a"), "the burst is 2, however long the key was idle");
    }

    /** A client that waits the Retry-After it was given gets in; one that retries a moment sooner does not. */
    @Test
    void waitingRetryAfterIsEnough() {
        RateLimiter limiter = limiter(1 / 0.75, 1);
        assertEquals(0, limiter.acquire("key-a"));
        long wait = limiter.acquire("key-a");
        assertEquals(1, wait);
        pass(0.7);
        assertTrue(limiter.acquire("key-a") > 0, "0.7 s is not yet a token's 0.75 s");
        pass(wait - 0.7);
        assertEquals(0, limiter.acquire("key-a"));
    }
}
