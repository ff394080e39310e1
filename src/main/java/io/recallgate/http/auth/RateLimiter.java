package io.recallgate.http.auth;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per API key, so that one platform cannot starve the others: each key may send
 * {@code ratePerSecond} requests a second on average and {@code burst} at once.
 */
public final class RateLimiter {

    private final double ratePerSecond;
    private final double burst;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(double ratePerSecond, int burst) {
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
    }

    /** 0 when the request may go ahead, otherwise the whole seconds to wait before retrying. */
    public long acquire(String key) {
        return buckets.computeIfAbsent(key, k -> new Bucket(burst)).take(System.nanoTime());
    }

    private final class Bucket {
        private double tokens;
        private long last;

        Bucket(double tokens) {
            this.tokens = tokens;
            this.last = System.nanoTime();
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
