package io.recallgate.http.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.recallgate.model.RecallRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * The hand-written byte reader ({@link JsonByteTokens}) against Jackson's byte parser, the reader
 * it replaced on the fast path: on random JSON and on JSON broken at random (a byte left out,
 * added, changed, the input cut short), whatever the byte reader reads to the end Jackson reads
 * to the end too, into the same tokens, names and strings; where the byte reader stops, Jackson
 * gave the same tokens up to there. And a decision request read from the byte reader's tokens is
 * the request read from Jackson's, on the request bodies of {@link FastRequestReaderPropertyTest}
 * broken at random.
 */
class JsonByteTokensPropertyTest {

    private static final RequestParser PARSER = RequestParser.load();
    private static final Instant NOW = Instant.parse("2026-11-24T08:03:00Z");
    private static final FastRequestReader READER = new FastRequestReader(
            PARSER.validator().node(RequestParser.DECISION_SCHEMA),
            PARSER.validator().node(RequestParser.BATCH_SCHEMA));
    private static final JsonByteTokens.Names NAMES = new JsonByteTokens.Names("id", "text", "mode");

    /** A token with its name or string, as both readers report it. */
    record Token(JsonToken token, String value) {}

    /** The tokens up to the end (a null token last) or up to the first failure (no null last). */
    private static List<Token> tokens(JsonTokens p) {
        List<Token> out = new ArrayList<>();
        try {
            for (int n = 0; n < 10_000; n++) {
                JsonToken t = p.next();
                if (t == null) {
                    out.add(null);
                    return out;
                }
                out.add(new Token(
                        t, t == JsonToken.FIELD_NAME ? p.name() : t == JsonToken.VALUE_STRING ? p.text() : null));
            }
        } catch (Exception e) {
            // stops here
        }
        return out;
    }

    private static List<Token> jackson(byte[] b) {
        try (JsonParser p = JsonBodyDecoder.FACTORY.createParser(b, 0, b.length)) {
            return tokens(JsonTokens.of(p));
        } catch (Exception e) {
            return List.of();
        }
    }

    private static List<Token> bytes(byte[] b) {
        return tokens(new JsonByteTokens(b, 0, b.length, NAMES));
    }

    private static boolean complete(List<Token> tokens) {
        return !tokens.isEmpty() && tokens.get(tokens.size() - 1) == null;
    }

    private static void agree(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        if (!Utf8Bytes.plainJson(b, 0, b.length)) {
            Statistics.collect("not plain UTF-8 (never read)");
            return;
        }
        List<Token> ours = bytes(b);
        List<Token> theirs = jackson(b);
        Statistics.collect(complete(ours) ? "read" : complete(theirs) ? "refused, Jackson read it" : "refused by both");
        if (complete(ours)) {
            assertEquals(theirs, ours, text);
        } else {
            // the same tokens as far as the byte reader got
            assertEquals(
                    theirs.subList(0, Math.min(ours.size(), theirs.size())),
                    ours.subList(0, Math.min(ours.size(), theirs.size())),
                    text);
            assertEquals(true, ours.size() <= theirs.size() || !complete(theirs), text);
        }
    }

    @Property(tries = 3000)
    void readsWhatJacksonReadsAsJacksonReadsIt(@ForAll("json") String text) {
        agree(text);
    }

    @Property(tries = 5000)
    void refusesWhatJacksonRefuses(@ForAll("broken") String text) {
        agree(text);
    }

    @Property(tries = 3000)
    void aRequestReadFromItsBytesIsTheRequestJacksonReads(@ForAll("brokenRequests") String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        if (!Utf8Bytes.plainJson(b, 0, b.length)) {
            return;
        }
        RecallRequest ours = READER.read(b, 0, b.length, NOW);
        RecallRequest theirs;
        try (JsonParser p = JsonBodyDecoder.FACTORY.createParser(b, 0, b.length)) {
            theirs = READER.read(JsonTokens.of(p), NOW);
        } catch (Exception e) {
            theirs = null;
        }
        Statistics.collect(ours != null ? "request" : theirs != null ? "refused, Jackson read it" : "no request");
        if (ours != null) {
            assertEquals(theirs, ours, body);
        }
    }

    @Example
    void readsEveryEscapeAndKnownNamesAsTheSameStrings() throws Exception {
        String text =
                "{\"id\":\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\u4E2D\\ud83d\\ude00\\ud800\", \"x\" : [true,false,null,{}],"
                        + "\"\\u0069d\":\"中文😀\"}";
        agree(text);
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        JsonByteTokens t = new JsonByteTokens(b, 0, b.length, NAMES);
        assertEquals(JsonToken.START_OBJECT, t.next());
        assertEquals(JsonToken.FIELD_NAME, t.next());
        assertEquals(true, t.name() == "id", "a known name is the same String"); // identity on purpose
        assertEquals(JsonToken.VALUE_STRING, t.next());
        assertEquals("a\"b\\c/d\b\f\n\r\t\u00e9\u4e2d\ud83d\ude00\ud800", t.text());
        assertTrue(complete(bytes(b)), "read to the end");
    }

    @Example
    void refusesNumbersDeepNestingAndNearMissLiterals() {
        for (String s : List.of(
                "{\"a\":1}",
                "[".repeat(9) + "]".repeat(9),
                "{\"a\":truex}",
                "{\"a\":nul}",
                "{\"a\":tru}",
                "{\"a\":\"x\"",
                "{\"a\":\"x\",}",
                "[1,]",
                "{\"a\" \"b\"}",
                "{'a':1}",
                "{\"a\":\"\\x\"}",
                "{\"a\":\"\\u12\"}",
                "{\"a\":\"tab\there\"}",
                "{} {}",
                "{}x",
                "",
                " ")) {
            List<Token> ours = bytes(s.getBytes(StandardCharsets.UTF_8));
            assertEquals(false, complete(ours), s);
            agree(s);
        }
    }

    // ------------------------------------------------------------------ generators

    @Provide
    Arbitrary<String> json() {
        return value(3);
    }

    @Provide
    Arbitrary<String> broken() {
        return Arbitraries.oneOf(value(3), requestBodies()).flatMap(JsonByteTokensPropertyTest::breakIt);
    }

    @Provide
    Arbitrary<String> brokenRequests() {
        return requestBodies()
                .flatMap(s -> Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(s)), Tuple.of(2, breakIt(s))));
    }

    private static Arbitrary<String> requestBodies() {
        return new FastRequestReaderPropertyTest().bodies();
    }

    /**
     * One random edit: a character left out, added or changed, the text cut short, or a comma
     * before the next closing bracket.
     */
    private static Arbitrary<String> breakIt(String s) {
        if (s.isEmpty()) {
            return Arbitraries.just(s);
        }
        Arbitrary<Integer> at = Arbitraries.integers().between(0, s.length() - 1);
        Arbitrary<Character> c = Arbitraries.oneOf(
                Arbitraries.of(
                        '{', '}', '[', ']', ':', ',', '"', '\\', ' ', '\n', '\t', '\r', 't', 'f', 'n', 'u', 'e', 'l'),
                Arbitraries.of('0', '1', '-', '.', 'E', '/', '\u0000', '\u001f', '\u007f', 'é', '中', 'x'));
        return Combinators.combine(at, c, Arbitraries.integers().between(0, 4)).as((i, ch, kind) -> switch (kind) {
            case 0 -> s.substring(0, i) + s.substring(i + 1);
            case 1 -> s.substring(0, i) + ch + s.substring(i);
            case 2 -> s.substring(0, i) + ch + s.substring(i + 1);
            case 3 -> s.substring(0, i);
            default -> {
                int close = Math.max(s.indexOf('}', i), s.indexOf(']', i));
                yield close < 0 ? s + "," : s.substring(0, close) + "," + s.substring(close);
            }
        });
    }

    private static Arbitrary<String> ws() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.just("")), Tuple.of(1, Arbitraries.of(" ", "\n", "\t", "\r\n  ")));
    }

    private static Arbitrary<String> string() {
        Arbitrary<String> raw = Arbitraries.strings()
                .withChars("abcxyz AZ09-_/é中😀")
                .withCharRange('\u0000', '\u007f')
                .ofMaxLength(12)
                .map(FastRequestReaderPropertyTest::q);
        Arbitrary<String> escaped = Arbitraries.of(
                "\"\\n\\t\\\"\\\\\\/\"",
                "\"\\u0041\\u00e9\\u4e2D\"",
                "\"\\ud83d\\ude00\"",
                "\"\\udc00\\ud800\"",
                "\"\\u0000\"",
                "\"id\"",
                "\"text\"",
                "\"mode\"",
                "\"\\u0069d\"");
        return Arbitraries.frequencyOf(Tuple.of(4, raw), Tuple.of(1, escaped));
    }

    private static Arbitrary<String> value(int depth) {
        Arbitrary<String> scalar = Arbitraries.frequencyOf(
                Tuple.of(6, string()), Tuple.of(1, Arbitraries.of("true", "false", "null", "0", "-1.5e3", "12")));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<String> array = Arbitraries.lazy(() -> value(depth - 1))
                .list()
                .ofMaxSize(4)
                .flatMap(items -> ws().map(w -> "[" + w + String.join(w + "," + w, items) + w + "]"));
        Arbitrary<String> member = Combinators.combine(string(), ws(), Arbitraries.lazy(() -> value(depth - 1)))
                .as((n, w, v) -> n + w + ":" + w + v);
        Arbitrary<String> object = member.list()
                .ofMaxSize(4)
                .flatMap(items -> ws().map(w -> "{" + w + String.join("," + w, items) + w + "}"));
        return Combinators.combine(
                        Arbitraries.frequencyOf(Tuple.of(2, scalar), Tuple.of(2, array), Tuple.of(3, object)),
                        ws(),
                        ws())
                .as((v, before, after) -> before + v + after);
    }
}
