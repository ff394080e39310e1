package io.recallgate.http.contract;

import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A hand-written JSON reader of a request body's bytes for {@link FastRequestReader}: the tokens
 * Jackson's parser would give for the same bytes, without Jackson's per-parse context, buffers and
 * field-name symbol table. It reads only what a decision request is made of — objects, arrays,
 * strings (every escape JSON has), {@code true}, {@code false} and {@code null} — and throws on
 * anything else: numbers, nesting deeper than {@link #MAX_DEPTH}, any syntax error. A throw makes
 * the fast reader answer "not sure", and the body goes the thorough way, which names every bad
 * field; so this class may refuse more than Jackson, never accept more, and
 * {@code JsonByteTokensPropertyTest} holds it to Jackson's tokens on random and broken inputs.
 *
 * <p>The bytes must be {@link Utf8Bytes#plainJson} (well-formed UTF-8, checked before): a string
 * is then decoded by the JDK's UTF-8 decoder, as Jackson decodes it. Field names the reader knows
 * ({@link Names}) are answered as the same String objects, not decoded again for every request.
 *
 * <p>One instance per body; not thread-safe.
 */
final class JsonByteTokens implements JsonTokens {

    /** Deeper than this is refused (the request is three levels deep). */
    static final int MAX_DEPTH = 8;

    /** The names of a shape, as bytes, answered as the same Strings every time. */
    static final class Names {
        private final String[] names;
        private final byte[][] bytes;

        Names(String... names) {
            this.names = names.clone();
            this.bytes = new byte[names.length][];
            for (int k = 0; k < names.length; k++) {
                bytes[k] = names[k].getBytes(StandardCharsets.UTF_8);
            }
        }

        String find(byte[] b, int from, int length) {
            for (int k = 0; k < bytes.length; k++) {
                byte[] n = bytes[k];
                if (n.length == length && Arrays.equals(b, from, from + length, n, 0, length)) {
                    return names[k];
                }
            }
            return null;
        }
    }

    private static final int OBJECT = 1, ARRAY = 2;
    /** A container's state: just opened, after a value, after a field's name and colon. */
    private static final int OPENED = 0, AFTER_VALUE = 1, AFTER_NAME = 2;

    /** Thrown for whatever this reader does not read; no stack trace (it is an answer, not a bug). */
    private static final IOException NOT_SURE = new NotRead();

    private static final class NotRead extends IOException {
        NotRead() {
            super("not read by the byte reader");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    private final byte[] b;
    private final int end;
    private final Names names;
    private int i;
    private final byte[] kinds = new byte[MAX_DEPTH + 1];
    private final byte[] states = new byte[MAX_DEPTH + 1];
    private int depth;
    private boolean rootRead;
    private String name;
    private String text;

    JsonByteTokens(byte[] bytes, int offset, int length, Names names) {
        this.b = bytes;
        this.i = offset;
        this.end = offset + length;
        this.names = names;
    }

    @Override
    public JsonToken next() throws IOException {
        skipWhitespace();
        if (depth == 0) {
            if (rootRead) {
                if (i == end) {
                    return null;
                }
                throw NOT_SURE; // a second root value, or garbage after the first
            }
            return value();
        }
        if (i == end) {
            throw NOT_SURE;
        }
        byte c = b[i];
        if (kinds[depth] == OBJECT) {
            switch (states[depth]) {
                case OPENED:
                    if (c == '}') {
                        return close(JsonToken.END_OBJECT);
                    }
                    return fieldName();
                case AFTER_VALUE:
                    if (c == '}') {
                        return close(JsonToken.END_OBJECT);
                    }
                    if (c != ',') {
                        throw NOT_SURE;
                    }
                    i++;
                    skipWhitespace();
                    return fieldName();
                default:
                    return value();
            }
        }
        if (states[depth] == OPENED) {
            return c == ']' ? close(JsonToken.END_ARRAY) : value();
        }
        if (c == ']') {
            return close(JsonToken.END_ARRAY);
        }
        if (c != ',') {
            throw NOT_SURE;
        }
        i++;
        skipWhitespace();
        return value();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String text() {
        return text;
    }

    private JsonToken close(JsonToken token) {
        i++;
        depth--;
        return token;
    }

    /** A value at {@code i} (whitespace skipped); its container is then after a value. */
    private JsonToken value() throws IOException {
        if (i == end) {
            throw NOT_SURE;
        }
        if (depth == 0) {
            rootRead = true;
        } else {
            states[depth] = AFTER_VALUE;
        }
        switch (b[i]) {
            case '{':
                i++;
                open(OBJECT);
                return JsonToken.START_OBJECT;
            case '[':
                i++;
                open(ARRAY);
                return JsonToken.START_ARRAY;
            case '"':
                i++;
                text = string(false);
                return JsonToken.VALUE_STRING;
            case 't':
                literal(TRUE);
                return JsonToken.VALUE_TRUE;
            case 'f':
                literal(FALSE);
                return JsonToken.VALUE_FALSE;
            case 'n':
                literal(NULL);
                return JsonToken.VALUE_NULL;
            default:
                throw NOT_SURE; // numbers among them: no request field is a number
        }
    }

    private void open(int kind) throws IOException {
        if (depth == MAX_DEPTH) {
            throw NOT_SURE;
        }
        depth++;
        kinds[depth] = (byte) kind;
        states[depth] = OPENED;
    }

    /** {@code "name" :} at {@code i}. */
    private JsonToken fieldName() throws IOException {
        if (i == end || b[i] != '"') {
            throw NOT_SURE; // a trailing comma, or a name that is not a string
        }
        i++;
        name = string(true);
        skipWhitespace();
        if (i == end || b[i] != ':') {
            throw NOT_SURE;
        }
        i++;
        states[depth] = AFTER_NAME;
        return JsonToken.FIELD_NAME;
    }

    private static final byte[] TRUE = {'t', 'r', 'u', 'e'},
            FALSE = {'f', 'a', 'l', 's', 'e'},
            NULL = {'n', 'u', 'l', 'l'};

    /** The literal, and then the end of the input, whitespace or a separator. */
    private void literal(byte[] word) throws IOException {
        int n = word.length;
        if (end - i < n || !Arrays.equals(b, i, i + n, word, 0, n)) {
            throw NOT_SURE;
        }
        i += n;
        if (i < end) {
            byte c = b[i];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != ',' && c != '}' && c != ']') {
                throw NOT_SURE;
            }
        }
    }

    /** Eight bytes at a time, to find a string's end quickly. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final long ONES = 0x0101010101010101L, HIGH = 0x8080808080808080L;
    private static final long QUOTES = ONES * '"', BACKSLASHES = ONES * '\\', SPACES = ONES * 0x20;

    /** Whether one of the eight bytes is a quote, a backslash or a control character (below 0x20). */
    private static boolean special(long w) {
        long q = w ^ QUOTES, s = w ^ BACKSLASHES;
        return ((((q - ONES) & ~q) | ((s - ONES) & ~s) | ((w - SPACES) & ~w)) & HIGH) != 0;
    }

    /** After the opening quote; ends after the closing one. */
    private String string(boolean isName) throws IOException {
        int start = i;
        while (i + 8 <= end && !special((long) LONGS.get(b, i))) {
            i += 8;
        }
        while (i < end) {
            int c = b[i] & 0xFF;
            if (c == '"') {
                String known = isName ? names.find(b, start, i - start) : null;
                String s = known != null ? known : new String(b, start, i - start, StandardCharsets.UTF_8);
                i++;
                return s;
            }
            if (c == '\\') {
                return escaped(start);
            }
            if (c < 0x20) {
                throw NOT_SURE; // a control character must be escaped
            }
            i++;
        }
        throw NOT_SURE;
    }

    /** The rest of a string with escapes; {@code i} is at the first backslash. */
    private String escaped(int start) throws IOException {
        StringBuilder s = new StringBuilder(i - start + 16);
        int segment = start;
        while (i < end) {
            int c = b[i] & 0xFF;
            if (c == '"') {
                s.append(new String(b, segment, i - segment, StandardCharsets.UTF_8));
                i++;
                return s.toString();
            }
            if (c < 0x20) {
                throw NOT_SURE;
            }
            if (c != '\\') {
                i++;
                continue;
            }
            s.append(new String(b, segment, i - segment, StandardCharsets.UTF_8));
            if (i + 1 >= end) {
                throw NOT_SURE;
            }
            switch (b[i + 1]) {
                case '"' -> s.append('"');
                case '\\' -> s.append('\\');
                case '/' -> s.append('/');
                case 'b' -> s.append('\b');
                case 'f' -> s.append('\f');
                case 'n' -> s.append('\n');
                case 'r' -> s.append('\r');
                case 't' -> s.append('\t');
                case 'u' -> {
                    if (i + 6 > end) {
                        throw NOT_SURE;
                    }
                    int v = 0;
                    for (int k = i + 2; k < i + 6; k++) {
                        int d = Character.digit(b[k], 16);
                        if (d < 0) {
                            throw NOT_SURE;
                        }
                        v = v << 4 | d;
                    }
                    s.append((char) v);
                    i += 4;
                }
                default -> throw NOT_SURE;
            }
            i += 2;
            segment = i;
        }
        throw NOT_SURE;
    }

    private void skipWhitespace() {
        while (i < end) {
            byte c = b[i];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            i++;
        }
    }
}
