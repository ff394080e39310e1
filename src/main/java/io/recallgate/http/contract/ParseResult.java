package io.recallgate.http.contract;

import java.util.List;
import java.util.Objects;

/**
 * Either a parsed value or the field errors that prevented it (never both, never neither).
 * Errors are deduplicated and sorted by pointer.
 */
public final class ParseResult<T> {

    private final T value;
    private final List<FieldError> errors;

    private ParseResult(T value, List<FieldError> errors) {
        this.value = value;
        this.errors = errors;
    }

    static <T> ParseResult<T> ok(T value) {
        return new ParseResult<>(Objects.requireNonNull(value), List.of());
    }

    static <T> ParseResult<T> invalid(List<FieldError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("an invalid result needs at least one error");
        }
        return new ParseResult<>(null, List.copyOf(errors));
    }

    public boolean ok() {
        return value != null;
    }

    /** The parsed value; throws when the input was invalid. */
    public T value() {
        if (value == null) {
            throw new IllegalStateException("invalid input: " + errors);
        }
        return value;
    }

    /** Every problem found, sorted by pointer; empty when {@link #ok()}. */
    public List<FieldError> errors() {
        return errors;
    }

    /** Never shows the value: a request carries message text, which must not reach a log. */
    @Override
    public String toString() {
        return ok() ? "ok" : "invalid" + errors;
    }
}
