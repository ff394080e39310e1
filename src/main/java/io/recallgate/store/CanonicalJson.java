package io.recallgate.store;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
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
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final long MAX_SAFE = (1L << 53) - 1;

    private CanonicalJson() {}

    static String write(Object value) {
        StringBuilder out = new StringBuilder(1024);
        value(out, value);
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    static void value(StringBuilder out, Object v) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof String s) {
            string(out, s);
        } else if (v instanceof Boolean b) {
            out.append(b ? "true" : "false");
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

    private static void object(StringBuilder out, Map<String, Object> map) {
        String[] keys = map.keySet().toArray(new String[0]);
        Arrays.sort(keys);
        out.append('{');
        for (int i = 0; i < keys.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            string(out, keys[i]);
            out.append(':');
            value(out, map.get(keys[i]));
        }
        out.append('}');
    }

    private static void array(StringBuilder out, List<?> list) {
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            value(out, list.get(i));
        }
        out.append(']');
    }

    private static void number(StringBuilder out, Number n) {
        if ((n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte)
                && Math.abs(n.longValue()) <= MAX_SAFE) {
            out.append(n.longValue());
            return;
        }
        double d = n.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("NaN and infinity are not JSON numbers");
        }
        try {
            out.append(NumberToJSON.serializeNumber(d));
        } catch (IOException e) {
            throw new IllegalArgumentException("number not representable in JSON", e);
        }
    }

    static void string(StringBuilder out, String s) {
        out.append('"');
        int plain = 0; // characters from here on need no escape until the next one that does
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && !Character.isSurrogate(c)) {
                continue;
            }
            out.append(s, plain, i);
            plain = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                    } else if (Character.isSurrogate(c)) {
                        if (!Character.isHighSurrogate(c)
                                || i + 1 >= s.length()
                                || !Character.isLowSurrogate(s.charAt(i + 1))) {
                            throw new IllegalArgumentException("a string holds an unpaired surrogate");
                        }
                        out.append(c).append(s.charAt(++i));
                        plain = i + 1;
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append(s, plain, s.length());
        out.append('"');
    }

    /** Every string in a JSON value, for checks that the value can be stored as it is. */
    static List<String> strings(Object v) {
        List<String> out = new ArrayList<>();
        collect(v, out);
        return out;
    }

    private static void collect(Object v, List<String> out) {
        if (v instanceof String s) {
            out.add(s);
        } else if (v instanceof JsonObject o) {
            o.getMap().forEach((k, x) -> {
                out.add(k);
                collect(x, out);
            });
        } else if (v instanceof Map<?, ?> m) {
            m.forEach((k, x) -> {
                out.add(String.valueOf(k));
                collect(x, out);
            });
        } else if (v instanceof JsonArray a) {
            a.forEach(x -> collect(x, out));
        } else if (v instanceof List<?> l) {
            l.forEach(x -> collect(x, out));
        }
    }
}
