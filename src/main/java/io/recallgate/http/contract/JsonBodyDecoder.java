package io.recallgate.http.contract;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Set;

/**
 * Decodes a request body into Vert.x JSON values, stricter than {@code Json.decodeValue}
 * (API.md "Errors"):
 *
 * <ul>
 *   <li>the bytes must be valid UTF-8 (RFC 8259 §8.1): Vert.x would replace a bad sequence by
 *       U+FFFD, so two different ids could become one;
 *   <li>a key given twice in one object is an error, not "the last one wins", because a proxy or
 *       the platform's own logs may have read the first one;
 *   <li>objects and arrays nest at most {@value #MAX_DEPTH} levels (the contract needs 4);
 *   <li>nothing may follow the value.
 * </ul>
 *
 * <p>An error never quotes the body: a pointer names a key only when it is one of the contract's
 * own field names, otherwise it stops at the nearest such ancestor.
 */
final class JsonBodyDecoder {

    /** Deeper than any request the contract describes, far below a stack overflow. */
    static final int MAX_DEPTH = 32;

    static final String NOT_JSON = "body is not valid JSON";
    static final String NOT_UTF8 = "body is not valid UTF-8";
    static final String TOO_DEEP = "body nests objects and arrays more than " + MAX_DEPTH + " levels deep";
    static final String DUPLICATE = "is given more than once";
    static final String DUPLICATE_UNKNOWN = "has a field name given more than once";

    static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH + 1)
                    .build())
            .build();

    private final Set<String> contractNames;

    /** {@code contractNames}: the field names of the contract's schemas, which errors may name. */
    JsonBodyDecoder(Set<String> contractNames) {
        this.contractNames = Set.copyOf(contractNames);
    }

    /** The outcome: a value (possibly {@code null} for the literal null) or one error. */
    record Result(Object value, FieldError error) {
        boolean ok() {
            return error == null;
        }
    }

    private static final class Invalid extends Exception {
        final FieldError error;

        Invalid(String pointer, String detail) {
            super(null, null, false, false);
            this.error = new FieldError(pointer, detail);
        }
    }

    /** The body as characters, or null when it is not valid UTF-8 (or empty). */
    static CharBuffer utf8(Buffer body) {
        if (body == null || body.length() == 0) {
            return null;
        }
        try {
            CharsetDecoder utf8 = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            return utf8.decode(ByteBuffer.wrap(body.getBytes()));
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    Result decode(Buffer body) {
        return decode(body, utf8(body));
    }

    /** {@code chars}: {@link #utf8} of {@code body}, when the caller has it already. */
    Result decode(Buffer body, CharBuffer chars) {
        if (body == null || body.length() == 0) {
            return new Result(null, new FieldError("", NOT_JSON));
        }
        if (chars == null) {
            return new Result(null, new FieldError("", NOT_UTF8));
        }
        try (JsonParser p = FACTORY.createParser(chars.array(), chars.arrayOffset(), chars.remaining())) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return new Result(null, new FieldError("", NOT_JSON));
            }
            Object value = read(p, first, "", true, 1);
            if (p.nextToken() != null) {
                return new Result(null, new FieldError("", NOT_JSON));
            }
            return new Result(value, null);
        } catch (Invalid e) {
            return new Result(null, e.error);
        } catch (IOException | RuntimeException e) {
            // Jackson's messages quote the input; only the fixed sentence goes back.
            return new Result(null, new FieldError("", NOT_JSON));
        }
    }

    /**
     * Reads the value starting at {@code t}. {@code named}: the pointer so far names only
     * contract fields, so a child may extend it.
     */
    private Object read(JsonParser p, JsonToken t, String pointer, boolean named, int depth)
            throws IOException, Invalid {
        switch (t) {
            case START_OBJECT -> {
                if (depth > MAX_DEPTH) {
                    throw new Invalid("", TOO_DEEP);
                }
                JsonObject o = new JsonObject(new LinkedHashMap<>());
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    String name = p.currentName();
                    boolean known = named && contractNames.contains(name);
                    String child = known ? pointer + "/" + SchemaNode.escape(name) : pointer;
                    if (o.containsKey(name)) {
                        throw known ? new Invalid(child, DUPLICATE) : new Invalid(pointer, DUPLICATE_UNKNOWN);
                    }
                    o.put(name, read(p, p.nextToken(), child, known, depth + 1));
                }
                return o;
            }
            case START_ARRAY -> {
                if (depth > MAX_DEPTH) {
                    throw new Invalid("", TOO_DEEP);
                }
                JsonArray a = new JsonArray(new ArrayList<>());
                int i = 0;
                for (JsonToken v = p.nextToken(); v != JsonToken.END_ARRAY; v = p.nextToken()) {
                    a.add(read(p, v, named ? pointer + "/" + i : pointer, named, depth + 1));
                    i++;
                }
                return a;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT -> {
                return switch (p.getNumberType()) {
                    case INT -> p.getIntValue();
                    case LONG -> p.getLongValue();
                    default -> p.getBigIntegerValue();
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                return p.getDoubleValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new Invalid("", NOT_JSON);
        }
    }
}
