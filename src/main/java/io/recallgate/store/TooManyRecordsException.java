package io.recallgate.store;

/**
 * A read refused because the range asked for holds more stored decisions than the caller may
 * read at once (impact analysis: {@link ReplayScan}); nothing was read.
 */
public final class TooManyRecordsException extends RuntimeException {

    private final long count;
    private final long limit;

    public TooManyRecordsException(long count, long limit) {
        super("the range holds " + count + " stored decisions, more than " + limit);
        this.count = count;
        this.limit = limit;
    }

    /** How many stored decisions the range holds. */
    public long count() {
        return count;
    }

    public long limit() {
        return limit;
    }
}
