package io.recallgate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.erdtman.jcs.JsonCanonicalizer;
import org.junit.jupiter.api.Test;

/**
 * The log's own RFC 8785 writer against the JCS reference library (which parses text): byte for
 * byte the same for random JSON — keys in any order and of any Unicode, control characters,
 * integers, fractions and exponents — and after a jsonb-like round trip through text.
 */
class CanonicalJsonPropertiesTest {

    @Provide
    Arbitrary<Object> json() {
        Arbitrary<String> strings = Arbitraries.strings()
                .withCharRange('\u0000', '\u00ff')
                .withCharRange('\u4e00', '\u4e20')
                .withChars('"', '\\', '\u2028', '\ud83d')
                .ofMaxLength(12)
                .filter(CanonicalJsonPropertiesTest::wellFormed);
        Arbitrary<Object> scalars = Arbitraries.oneOf(
                strings.map(s -> (Object) s),
                Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.longs().between(-(1L << 53), 1L << 53).map(l -> (Object) l),
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.of(1e21, 1e-7, 0.1, -0.0, 123456789012345680000.0).map(d -> (Object) d),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.just(null));
        return Arbitraries.recursive(
                () -> scalars,
                inner -> Arbitraries.oneOf(
                        inner.list().ofMaxSize(4).map(l -> (Object) new JsonArray(l)),
                        Arbitraries.maps(strings, inner).ofMaxSize(5).map(m -> {
                            JsonObject o = new JsonObject();
                            m.forEach(o::put);
                            return (Object) o;
                        })),
                4);
    }

    static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c)
                        || i + 1 >= s.length()
                        || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            }
        }
        return true;
    }

    @Property(tries = 1000)
    void sameBytesAsTheReferenceCanonicalizer(@ForAll("json") Object value) throws Exception {
        String text = value instanceof JsonObject o
                ? o.encode()
                : value instanceof JsonArray a
                        ? a.encode()
                        : new JsonArray().add(value).encode();
        Object wrapped = value instanceof JsonObject || value instanceof JsonArray ? value : new JsonArray().add(value);
        String reference = new JsonCanonicalizer(text).getEncodedString();
        assertEquals(reference, CanonicalJson.write(wrapped));
        // what jsonb gives back: the same value, parsed again from text
        Object reparsed = text.startsWith("{") ? new JsonObject(text) : new JsonArray(text);
        assertEquals(reference, CanonicalJson.write(reparsed));
    }

    @Test
    void unpairedSurrogatesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> CanonicalJson.write(new JsonArray().add("a\ud800b")));
        assertThrows(IllegalArgumentException.class, () -> CanonicalJson.write(new JsonObject().put("\udc00", 1)));
        assertEquals("[\"\ud83d\ude00\"]", CanonicalJson.write(new JsonArray().add("\ud83d\ude00")));
    }
}
