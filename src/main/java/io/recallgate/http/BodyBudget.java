package io.recallgate.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes of request bodies the process holds in memory at once, across connections. A request
 * reserves what its body may take before it is read and releases it when it is answered; a
 * reservation that would go over the capacity fails, and the request gets 503 with
 * {@code Retry-After} instead of being read.
 */
final class BodyBudget {

    private final long capacity;
    private final AtomicLong used = new AtomicLong();

    BodyBudget(long capacity) {
        this.capacity = capacity;
    }

    boolean tryReserve(long bytes) {
        while (true) {
            long u = used.get();
            if (u + bytes > capacity) {
                return false;
            }
            if (used.compareAndSet(u, u + bytes)) {
                return true;
            }
        }
    }

    void release(long bytes) {
        used.addAndGet(-bytes);
    }

    long used() {
        return used.get();
    }

    long capacity() {
        return capacity;
    }
}
