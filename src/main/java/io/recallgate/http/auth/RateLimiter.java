package io.recallgate.http.auth;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per API key, so that one platform cannot starve the others: each key may send
 * {@code ratePerSecond} requests a second on average and {@code burst} at once.
 */
public final class RateLimiter {

    private final double ratePerSecond;
    private final double burst;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(double ratePerSecond, int burst) {
        this(ratePerSecond, burst, System::nanoTime);
    }

    /** {@code nanoTime}: the clock, {@link System#nanoTime()} but in tests, which move it by hand. */
    RateLimiter(double ratePerSecond, int burst, LongSupplier nanoTime) {
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.nanoTime = nanoTime;
    }

    /** 0 when the request may go ahead, otherwise the whole seconds to wait before retrying. */
    public long acquire(String key) {
        long now = nanoTime.getAsLong();
        return buckets.computeIfAbsent(key, k -> new Bucket(burst, now)).take(now);
    }

    private final class Bucket {
        private double tokens;
        private long last;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.last = now;
        }

        synchronized long take(long now) {
            tokens = Math.min(burst, tokens + (now - last) / 1e9 * ratePerSecond);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / ratePerSecond));
        }
    }
}
