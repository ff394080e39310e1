package io.recallgate.store;

/**
 * The database could not be reached or refused the operation (HTTP 503). For a write this means
 * "not acknowledged": the caller may retry with the same requestId, which is idempotent.
 */
public final class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreUnavailableException(String message) {
        super(message);
    }

    /** Wraps any failure of a database call, keeping one that is already a store exception. */
    static Throwable wrap(String what, Throwable t) {
        if (t instanceof StoreUnavailableException || t instanceof StoreBusyException) {
            return t;
        }
        return new StoreUnavailableException(what + ": " + t.getMessage(), t);
    }
}
