package io.recallgate.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;

/**
 * The body timeout of one HTTP event loop: every request whose body is still being read is an
 * entry of a list in arrival order, and one periodic sweep answers those whose deadline has
 * passed. A timer set and cancelled per request (Vert.x's timer map and Netty's scheduled-task
 * queue, several objects each) cost every POST about a microsecond and a half; an entry here is
 * one small object linked in and out.
 *
 * <p>All bodies share one timeout, so the list is in deadline order and a sweep stops at the
 * first entry not yet due. The sweep runs every quarter of the timeout, at most every second, so
 * a body is cut off between the timeout and the timeout plus that period (30 s → 30–31 s).
 *
 * <p>Used on its event loop only (made in the verticle's start, so the sweep runs on that loop,
 * and the requests it watches are that loop's), so it needs no locks.
 */
final class BodyDeadlines {

    /** What to do with a request whose body is late: answer 408, close the connection. */
    @FunctionalInterface
    interface Expiry {
        void expired(HttpServerRequest req, HttpServerResponse resp, long timeoutSeconds);
    }

    /** One body being read; {@link #done} unlinks it. */
    static final class Entry {
        final HttpServerRequest req;
        final HttpServerResponse resp;
        final long deadline;
        Entry prev;
        Entry next;
        boolean linked;

        Entry(HttpServerRequest req, HttpServerResponse resp, long deadline) {
            this.req = req;
            this.resp = resp;
            this.deadline = deadline;
        }
    }

    private final Vertx vertx;
    private final long timeoutNanos;
    private final long timeoutSeconds;
    private final Expiry expiry;
    private final long sweeper;
    private Entry head;
    private Entry tail;
    private int size;

    BodyDeadlines(Vertx vertx, Duration timeout, Expiry expiry) {
        this.vertx = vertx;
        this.timeoutNanos = timeout.toNanos();
        this.timeoutSeconds = timeout.toSeconds();
        this.expiry = expiry;
        this.sweeper = vertx.setPeriodic(sweepPeriodMillis(timeout), id -> sweep(System.nanoTime()));
    }

    /** A quarter of the timeout, between 10 ms and 1 s. */
    static long sweepPeriodMillis(Duration timeout) {
        return Math.max(10, Math.min(1000, timeout.toMillis() / 4));
    }

    /** Starts the clock for a body about to be read. */
    Entry watch(HttpServerRequest req, HttpServerResponse resp) {
        Entry e = new Entry(req, resp, System.nanoTime() + timeoutNanos);
        e.prev = tail;
        if (tail == null) {
            head = e;
        } else {
            tail.next = e;
        }
        tail = e;
        e.linked = true;
        size++;
        return e;
    }

    /** The body has arrived (or the request is over): no deadline any more. */
    void done(Entry e) {
        if (!e.linked) {
            return;
        }
        e.linked = false;
        if (e.prev == null) {
            head = e.next;
        } else {
            e.prev.next = e.next;
        }
        if (e.next == null) {
            tail = e.prev;
        } else {
            e.next.prev = e.prev;
        }
        e.prev = null;
        e.next = null;
        size--;
    }

    /** Answers every body whose deadline is at or before {@code now} (nanoTime). */
    void sweep(long now) {
        while (head != null && head.deadline - now <= 0) {
            Entry e = head;
            done(e);
            expiry.expired(e.req, e.resp, timeoutSeconds);
        }
    }

    /** Bodies being read on this event loop. */
    int size() {
        return size;
    }

    void close() {
        vertx.cancelTimer(sweeper);
    }
}
