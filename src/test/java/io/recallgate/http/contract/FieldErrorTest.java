package io.recallgate.http.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FieldErrorTest {

    @Test
    void sortedDeduplicatesAndOrdersByPointerThenDetail() {
        List<FieldError> in = new ArrayList<>(List.of(
                new FieldError("/requests/10/at", "b"),
                new FieldError("/requests/9/at", "b"),
                new FieldError("/requests/9/at", "a"),
                new FieldError("/requests/9/at", "b"),
                new FieldError("", "root"),
                new FieldError("/requests", "x")));
        assertEquals(
                List.of(
                        new FieldError("", "root"),
                        new FieldError("/requests", "x"),
                        new FieldError("/requests/9/at", "a"),
                        new FieldError("/requests/9/at", "b"),
                        new FieldError("/requests/10/at", "b")),
                BodyValidator.sorted(in));
    }

    @Test
    void nonIndexSegmentsCompareAsText() {
        assertTrue(FieldError.comparePointers("/message/id", "/message/sentAt") < 0);
        assertTrue(FieldError.comparePointers("/a/01", "/a/1") < 0, "leading zero is a name, not an index");
        assertTrue(FieldError.comparePointers("/a", "/a/0") < 0, "parent before child");
    }

    @Test
    void nullsAreRefused() {
        assertThrows(NullPointerException.class, () -> new FieldError(null, "x"));
        assertThrows(NullPointerException.class, () -> new FieldError("", null));
    }
}
