package io.recallgate.http;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Requests being handled, across every HTTP event loop, for a graceful stop: once draining,
 * HTTP/1.x responses carry {@code Connection: close} so keep-alive clients move to another
 * replica, and the service waits for the count to reach zero before it stops writing decision
 * records and closes the database.
 */
public final class Inflight {

    private final AtomicInteger count = new AtomicInteger();
    private volatile boolean draining;

    void enter() {
        count.incrementAndGet();
    }

    void exit() {
        count.decrementAndGet();
    }

    public int count() {
        return count.get();
    }

    public boolean draining() {
        return draining;
    }

    public void startDraining() {
        draining = true;
    }

    /** Blocking: waits until no request is being handled; false if {@code max} passed first. */
    public boolean awaitIdle(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (count.get() > 0) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }
}
