package io.recallgate.store;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.erdtman.jcs.NumberToJSON;

/**
 * RFC 8785 (JCS) written straight from Vert.x JSON values, without re-parsing text: object members
 * sorted by their names' UTF-16 code units (what {@link String#compareTo} compares), no
 * whitespace, strings escaped as ECMAScript's {@code JSON.stringify} does, numbers in ECMAScript's
 * shortest form (via the JCS reference library's number formatter).
 *
 * <p>The decision log hashes every entry in this form on the request path, so it avoids the parse
 * a text-based canonicalizer needs; a property test checks it against that library byte for byte.
 * Strings must be valid Unicode (I-JSON): an unpaired surrogate is refused, because it could not be
 * stored as it was hashed.
 */
final class CanonicalJson {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final long MAX_SAFE = (1L << 53) - 1;

    private CanonicalJson() {}

    static String write(Object value) {
        Utf8 out = new Utf8(1024);
        value(out, value);
        return out.text(0, out.length());
    }

    /**
     * A growing UTF-8 buffer the canonical form is written into: the bytes a leaf hashes, with
     * no UTF-16 string in between (a sentence in Chinese would turn a whole StringBuilder into
     * UTF-16, and the entry would then be encoded again to be hashed).
     */
    static final class Utf8 {
        private byte[] b;
        private int n;

        Utf8(int capacity) {
            b = new byte[capacity];
        }

        int length() {
            return n;
        }

        private void ensure(int more) {
            if (n + more > b.length) {
                b = Arrays.copyOf(b, Math.max(b.length * 2, n + more));
            }
        }

        /** Characters known to be ASCII (member names, literals, digits). */
        @SuppressWarnings(
                "deprecation") // String.getBytes(int, int, byte[], int): the low byte of each char, right for ASCII
        Utf8 ascii(String s) {
            int len = s.length();
            ensure(len);
            s.getBytes(0, len, b, n);
            n += len;
            return this;
        }

        Utf8 ascii(char c) {
            ensure(1);
            b[n++] = (byte) c;
            return this;
        }

        Utf8 number(long v) {
            return ascii(Long.toString(v));
        }

        /** The text of bytes [from, to): the JSON of a part, as the decision log stores it. */
        String text(int from, int to) {
            return new String(b, from, to - from, StandardCharsets.UTF_8);
        }

        byte[] bytes() {
            return Arrays.copyOf(b, n);
        }

        /**
         * A JSON string as {@code JSON.stringify} escapes it, in UTF-8. One scan decides the way:
         * plain ASCII is copied, text with nothing to escape is encoded by the JDK's UTF-8 encoder,
         * anything else (escapes, surrogates to check) character by character.
         */
        @SuppressWarnings("deprecation")
        Utf8 string(String s) {
            int len = s.length();
            boolean ascii = true;
            for (int i = 0; i < len; i++) {
                char c = s.charAt(i);
                if (c < 0x20 || c == '"' || c == '\\') {
                    return escaped(s);
                }
                if (c >= 0x80) {
                    if (Character.isSurrogate(c)) {
                        return escaped(s);
                    }
                    ascii = false;
                }
            }
            if (ascii) {
                ensure(len + 2);
                b[n++] = '"';
                s.getBytes(0, len, b, n);
                n += len;
            } else {
                byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                ensure(utf8.length + 2);
                b[n++] = '"';
                System.arraycopy(utf8, 0, b, n, utf8.length);
                n += utf8.length;
            }
            b[n++] = '"';
            return this;
        }

        private Utf8 escaped(String s) {
            ensure(s.length() * 6 + 2);
            b[n++] = '"';
            rest(s, 0);
            b[n++] = '"';
            return this;
        }

        private void rest(String s, int from) {
            int len = s.length();
            for (int i = from; i < len; i++) {
                char c = s.charAt(i); // room for 6 bytes a char was made by escaped()
                if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                    b[n++] = (byte) c;
                    continue;
                }
                switch (c) {
                    case '"' -> two('"');
                    case '\\' -> two('\\');
                    case '\b' -> two('b');
                    case '\f' -> two('f');
                    case '\n' -> two('n');
                    case '\r' -> two('r');
                    case '\t' -> two('t');
                    default -> {
                        if (c < 0x20) {
                            b[n++] = '\\';
                            b[n++] = 'u';
                            b[n++] = '0';
                            b[n++] = '0';
                            b[n++] = HEX[c >> 4];
                            b[n++] = HEX[c & 0xf];
                        } else if (c < 0x800) {
                            b[n++] = (byte) (0xc0 | (c >> 6));
                            b[n++] = (byte) (0x80 | (c & 0x3f));
                        } else if (Character.isSurrogate(c)) {
                            if (!Character.isHighSurrogate(c)
                                    || i + 1 >= len
                                    || !Character.isLowSurrogate(s.charAt(i + 1))) {
                                throw new IllegalArgumentException("a string holds an unpaired surrogate");
                            }
                            int cp = Character.toCodePoint(c, s.charAt(++i));
                            b[n++] = (byte) (0xf0 | (cp >> 18));
                            b[n++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
                            b[n++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
                            b[n++] = (byte) (0x80 | (cp & 0x3f));
                        } else {
                            b[n++] = (byte) (0xe0 | (c >> 12));
                            b[n++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                            b[n++] = (byte) (0x80 | (c & 0x3f));
                        }
                    }
                }
            }
        }

        private void two(char escaped) {
            b[n++] = '\\';
            b[n++] = (byte) escaped;
        }
    }

    @SuppressWarnings("unchecked")
    static void value(Utf8 out, Object v) {
        if (v == null) {
            out.ascii("null");
        } else if (v instanceof String s) {
            out.string(s);
        } else if (v instanceof Boolean b) {
            out.ascii(b ? "true" : "false");
        } else if (v instanceof Number n) {
            number(out, n);
        } else if (v instanceof JsonObject o) {
            object(out, o.getMap());
        } else if (v instanceof Map<?, ?> m) {
            object(out, (Map<String, Object>) m);
        } else if (v instanceof JsonArray a) {
            array(out, a.getList());
        } else if (v instanceof List<?> l) {
            array(out, l);
        } else {
            throw new IllegalArgumentException(
                    "not a JSON value: " + v.getClass().getSimpleName());
        }
    }

    /**
     * Members by name; a map whose names come in that order already (the facts, the trace) is
     * written as it iterates, without sorting a copy of its names.
     */
    private static void object(Utf8 out, Map<String, Object> map) {
        String previous = null;
        boolean sorted = true;
        for (String k : map.keySet()) {
            if (previous != null && previous.compareTo(k) >= 0) {
                sorted = false;
                break;
            }
            previous = k;
        }
        out.ascii('{');
        if (sorted) {
            boolean first = true;
            for (Map.Entry<String, Object> e : map.entrySet()) {
                if (!first) {
                    out.ascii(',');
                }
                first = false;
                out.string(e.getKey());
                out.ascii(':');
                value(out, e.getValue());
            }
        } else {
            String[] keys = map.keySet().toArray(new String[0]);
            Arrays.sort(keys);
            for (int i = 0; i < keys.length; i++) {
                if (i > 0) {
                    out.ascii(',');
                }
                out.string(keys[i]);
                out.ascii(':');
                value(out, map.get(keys[i]));
            }
        }
        out.ascii('}');
    }

    private static void array(Utf8 out, List<?> list) {
        out.ascii('[');
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                out.ascii(',');
            }
            value(out, list.get(i));
        }
        out.ascii(']');
    }

    private static void number(Utf8 out, Number n) {
        if ((n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte)
                && Math.abs(n.longValue()) <= MAX_SAFE) {
            out.number(n.longValue());
            return;
        }
        double d = n.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("NaN and infinity are not JSON numbers");
        }
        try {
            out.ascii(NumberToJSON.serializeNumber(d));
        } catch (IOException e) {
            throw new IllegalArgumentException("number not representable in JSON", e);
        }
    }

    /** Every string in a JSON value (member names too), for checks that the value can be stored as it is. */
    static void eachString(Object v, java.util.function.Consumer<String> check) {
        if (v instanceof String s) {
            check.accept(s);
        } else if (v instanceof JsonObject o) {
            eachString(o.getMap(), check);
        } else if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                check.accept(String.valueOf(e.getKey()));
                eachString(e.getValue(), check);
            }
        } else if (v instanceof JsonArray a) {
            eachString(a.getList(), check);
        } else if (v instanceof List<?> l) {
            for (Object x : l) {
                eachString(x, check);
            }
        }
    }
}
