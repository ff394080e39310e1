package io.recallgate.http.contract;

import java.util.Objects;

/**
 * One bad field of a request body: an RFC 6901 JSON Pointer into the body ({@code ""} is the
 * whole body) and a human sentence saying what is wrong with it.
 *
 * <p>Errors order by pointer, comparing array indexes as numbers so that {@code /requests/3}
 * comes before {@code /requests/10}, then by detail.
 */
public record FieldError(String pointer, String detail) implements Comparable<FieldError> {

    public FieldError {
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(detail, "detail");
    }

    @Override
    public int compareTo(FieldError other) {
        int byPointer = comparePointers(pointer, other.pointer);
        return byPointer != 0 ? byPointer : detail.compareTo(other.detail);
    }

    static int comparePointers(String a, String b) {
        String[] as = a.split("/", -1);
        String[] bs = b.split("/", -1);
        for (int i = 0; i < Math.min(as.length, bs.length); i++) {
            int c = compareSegments(as[i], bs[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(as.length, bs.length);
    }

    private static int compareSegments(String a, String b) {
        if (isIndex(a) && isIndex(b)) {
            int c = Integer.compare(a.length(), b.length());
            return c != 0 ? c : a.compareTo(b);
        }
        return a.compareTo(b);
    }

    private static boolean isIndex(String s) {
        if (s.isEmpty() || (s.length() > 1 && s.charAt(0) == '0')) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
