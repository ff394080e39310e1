package io.recallgate.store;

/**
 * The decision log's queue is full: the write was refused before anything was stored. The HTTP
 * layer answers 503 with {@code Retry-After: }{@link #retryAfterSeconds()}.
 */
public final class StoreBusyException extends RuntimeException {
    private final int retryAfterSeconds;

    public StoreBusyException(String message, int retryAfterSeconds) {
        super(message, null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
