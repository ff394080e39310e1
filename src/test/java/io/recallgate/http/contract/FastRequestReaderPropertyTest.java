package io.recallgate.http.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.recallgate.model.RecallRequest;
import io.vertx.core.buffer.Buffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The fast path ({@link FastRequestReader}) and the thorough way (decoder, schema walk,
 * cross-field rules) accept exactly the same decision bodies and read them into the same
 * requests; for every other body the answer is the thorough way's, errors and all. Bodies are
 * generated around valid ones: fields left out, repeated, reordered, unknown, of the wrong type,
 * null, too long, with NUL or unpaired surrogates, escaped, with bad dates and cross-field
 * violations, bad tags, trailing input, invalid UTF-8.
 */
class FastRequestReaderPropertyTest {

    private static final RequestParser PARSER = RequestParser.load();
    private static final Instant NOW = Instant.parse("2026-11-24T08:03:00Z");

    @Property(tries = 3000)
    void bothWaysAgreeOnSingleRequests(@ForAll("bodies") String body, @ForAll("encodings") int encoding) {
        Buffer bytes = encode(body, encoding);
        ParseResult<RecallRequest> thorough = PARSER.parseThoroughly(bytes, NOW);
        ParseResult<RecallRequest> answered = PARSER.parse(bytes, NOW);
        RecallRequest fast = fast(bytes);
        Statistics.collect(thorough.ok() ? "valid" : "invalid");
        assertEquals(thorough.ok(), answered.ok(), body);
        if (thorough.ok()) {
            assertNotNull(fast, "a valid body must take the fast path: " + body);
            assertEquals(thorough.value(), fast, body);
            assertEquals(thorough.value(), answered.value(), body);
        } else {
            assertNull(fast, "the fast path accepted an invalid body: " + body + " " + thorough.errors());
            assertEquals(thorough.errors(), answered.errors(), body);
        }
    }

    @Property(tries = 500)
    void bothWaysAgreeOnBatches(@ForAll("batches") String body) {
        Buffer bytes = Buffer.buffer(body.getBytes(StandardCharsets.UTF_8));
        ParseResult<List<RecallRequest>> thorough = PARSER.parseBatchThoroughly(bytes, NOW);
        ParseResult<List<RecallRequest>> answered = PARSER.parseBatch(bytes, NOW);
        Statistics.collect(thorough.ok() ? "valid" : "invalid");
        assertEquals(thorough.ok(), answered.ok(), body);
        if (thorough.ok()) {
            assertEquals(thorough.value(), answered.value(), body);
            CharBuffer chars = JsonBodyDecoder.utf8(bytes);
            assertNotNull(
                    new FastRequestReader(
                                    PARSER.validator().node(RequestParser.DECISION_SCHEMA),
                                    PARSER.validator().node(RequestParser.BATCH_SCHEMA))
                            .readBatch(chars.array(), chars.arrayOffset(), chars.remaining(), NOW),
                    "a valid batch must take the fast path: " + body);
        } else {
            assertEquals(thorough.errors(), answered.errors(), body);
        }
    }

    /** The fast path as the service takes it (the body's bytes), and as it reads decoded text. */
    private static RecallRequest fast(Buffer bytes) {
        RecallRequest fromBytes = PARSER.readFast(bytes, NOW);
        CharBuffer chars = JsonBodyDecoder.utf8(bytes);
        RecallRequest fromChars = chars == null
                ? null
                : new FastRequestReader(
                                PARSER.validator().node(RequestParser.DECISION_SCHEMA),
                                PARSER.validator().node(RequestParser.BATCH_SCHEMA))
                        .read(chars.array(), chars.arrayOffset(), chars.remaining(), NOW);
        assertEquals(fromChars, fromBytes);
        return fromBytes;
    }

    /**
     * 0: UTF-8; 1: a stray continuation byte inserted inside; 2: a byte order mark in front; 3:
     * an encoded surrogate inside; 4: an overlong form of '/' inside; 5: U+110000 inside.
     */
    @Provide
    Arbitrary<Integer> encodings() {
        return Arbitraries.frequency(
                net.jqwik.api.Tuple.of(20, 0),
                net.jqwik.api.Tuple.of(1, 1),
                net.jqwik.api.Tuple.of(1, 2),
                net.jqwik.api.Tuple.of(1, 3),
                net.jqwik.api.Tuple.of(1, 4),
                net.jqwik.api.Tuple.of(1, 5));
    }

    private static final byte[][] INSERTED = {
        null,
        {(byte) 0x80},
        null,
        {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
        {(byte) 0xC0, (byte) 0xAF},
        {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}
    };

    private static Buffer encode(String body, int encoding) {
        byte[] utf8 = body.getBytes(StandardCharsets.UTF_8);
        if (encoding != 0 && encoding != 2 && utf8.length > 2) {
            // into a string value where there is one (the text), else the middle
            int at = body.indexOf("\"text\":\"");
            int cut = at >= 0 ? body.substring(0, at + 8).getBytes(StandardCharsets.UTF_8).length : utf8.length / 2;
            byte[] ins = INSERTED[encoding];
            byte[] bad = new byte[utf8.length + ins.length];
            System.arraycopy(utf8, 0, bad, 0, cut);
            System.arraycopy(ins, 0, bad, cut, ins.length);
            System.arraycopy(utf8, cut, bad, cut + ins.length, utf8.length - cut);
            return Buffer.buffer(bad);
        }
        if (encoding == 2) {
            return Buffer.buffer(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF})
                    .appendBytes(utf8);
        }
        return Buffer.buffer(utf8);
    }

    // ------------------------------------------------------------------ generators

    /** A JSON member: {@code "name": value}, or a whole raw piece of JSON when name is null. */
    record Member(String name, String value) {}

    /** Half of them built only from valid parts (so many are valid), half with bad parts among them. */
    @Provide
    Arbitrary<String> bodies() {
        return Arbitraries.oneOf(request(0), request(1)).map(FastRequestReaderPropertyTest::object);
    }

    @Provide
    Arbitrary<String> batches() {
        Arbitrary<List<String>> items = Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(10, request(0)), net.jqwik.api.Tuple.of(1, request(1)))
                .map(FastRequestReaderPropertyTest::object)
                .list()
                .ofMinSize(0)
                .ofMaxSize(4);
        return Combinators.combine(items, Arbitraries.integers().between(0, 9)).as((list, shape) -> switch (shape) {
            case 0 -> "{\"requests\":[" + String.join(",", list) + "],\"other\":1}";
            case 1 -> "{\"requests\":" + (list.isEmpty() ? "null" : list.get(0)) + "}";
            case 2 -> "[" + String.join(",", list) + "]";
            case 3 -> "{\"requests\":[" + String.join(",", list) + "],\"requests\":[]}";
            default -> "{\"requests\":[" + String.join(",", list) + "]}";
        });
    }

    private static Arbitrary<List<Member>> request(int bad) {
        Arbitrary<Member> requestId =
                member("requestId", either(bad, oneOf(ids(0), "null"), oneOf(ids(bad), "12", q(""))));
        Arbitrary<Member> mode =
                member("mode", either(bad, oneOf(q("enforce"), q("preview")), oneOf(q("Enforce"), "null", "true")));
        Arbitrary<Member> scenario = member(
                "scenario",
                either(bad, oneOf(q("after_sales"), q("ecommerce"), q("x_1")), oneOf(q("After"), q(""), "null")));
        Arbitrary<Member> conversation = member("conversationId", ids(bad));
        Arbitrary<Member> at = member(
                "at",
                oneOf(
                        q("2026-11-24T08:01:00Z"),
                        q("2026-11-24T07:50:00Z"),
                        q("2026-11-24T16:01:00+08:00"),
                        times(bad)));
        Arbitrary<Member> requester =
                objectMember("requester", List.of(member("id", ids(bad)), member("role", roles(bad))), bad);
        Arbitrary<Member> message = objectMember(
                "message",
                List.of(
                        member("id", ids(bad)),
                        member("senderId", ids(bad)),
                        member("senderRole", roles(bad)),
                        member("kind", oneOf(q("text"), q("image"), q("voice"), q("video"), "null")),
                        member("text", texts(bad)),
                        member("sentAt", times(bad)),
                        member("repliedAt", oneOf(times(bad), "null")),
                        member("latest", either(bad, oneOf("true", "false", "null"), oneOf(q("true"), "1"))),
                        member("tags", tags(bad))),
                bad);
        List<Arbitrary<Member>> fields = List.of(requestId, mode, scenario, conversation, message, requester, at);
        return members(fields, bad);
    }

    /** The fields, each usually there, sometimes missing or given twice, in one of a few orders. */
    private static Arbitrary<List<Member>> members(List<Arbitrary<Member>> fields, int bad) {
        List<Arbitrary<List<Member>>> each = new ArrayList<>();
        for (Arbitrary<Member> f : fields) {
            int keep = 40;
            each.add(Arbitraries.frequencyOf(
                    net.jqwik.api.Tuple.of(keep, f.map(List::of)),
                    net.jqwik.api.Tuple.of(1, Arbitraries.just(List.of())),
                    net.jqwik.api.Tuple.of(bad, f.list().ofSize(2)))); // a duplicate
        }
        Arbitrary<List<Member>> extra = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(30, Arbitraries.just(List.of())),
                net.jqwik.api.Tuple.of(bad, Arbitraries.just(List.of(new Member("unknown", "1")))),
                net.jqwik.api.Tuple.of(bad, Arbitraries.just(List.of(new Member("Mode", q("enforce"))))));
        Arbitrary<List<List<Member>>> all = Combinators.combine(each).as(l -> l);
        return Combinators.combine(all, extra, Arbitraries.integers().between(0, 9))
                .as((parts, more, shuffle) -> {
                    List<Member> out = new ArrayList<>();
                    parts.forEach(out::addAll);
                    out.addAll(more);
                    if (shuffle == 0 && out.size() > 1) {
                        java.util.Collections.reverse(out);
                    } else if (shuffle == 1 && out.size() > 2) {
                        java.util.Collections.rotate(out, 1);
                    }
                    return out;
                });
    }

    private static Arbitrary<Member> objectMember(String name, List<Arbitrary<Member>> fields, int bad) {
        Arbitrary<String> asObject = members(fields, bad).map(FastRequestReaderPropertyTest::object);
        return member(
                name,
                Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(40, asObject),
                        net.jqwik.api.Tuple.of(bad, Arbitraries.of("null", "[]", q("x"), "{}"))));
    }

    private static Arbitrary<Member> member(String name, Arbitrary<String> value) {
        return value.map(v -> new Member(name, v));
    }

    private static String object(List<Member> members) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < members.size(); i++) {
            if (i > 0) {
                b.append(i % 3 == 0 ? " ,\n " : ",");
            }
            Member m = members.get(i);
            b.append(q(m.name())).append(':').append(m.value());
        }
        return b.append('}').toString();
    }

    /** Mostly {@code good}; {@code bad} in one case of eleven when {@code badWeight} is 1, never when 0. */
    private static Arbitrary<String> either(int badWeight, Arbitrary<String> good, Arbitrary<String> bad) {
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(10, good), net.jqwik.api.Tuple.of(badWeight, bad));
    }

    @SafeVarargs
    private static Arbitrary<String> oneOf(Object... choices) {
        List<Arbitrary<String>> arbitraries = new ArrayList<>();
        for (Object c : choices) {
            if (c instanceof Arbitrary<?> a) {
                @SuppressWarnings("unchecked")
                Arbitrary<String> s = (Arbitrary<String>) a;
                arbitraries.add(s);
            } else {
                arbitraries.add(Arbitraries.just((String) c));
            }
        }
        return Arbitraries.oneOf(arbitraries);
    }

    private static Arbitrary<String> ids(int bad) {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(
                        20,
                        Arbitraries.strings()
                                .alpha()
                                .numeric()
                                .withChars("-_")
                                .ofMinLength(1)
                                .ofMaxLength(12)
                                .map(FastRequestReaderPropertyTest::q)),
                net.jqwik.api.Tuple.of(
                        2,
                        Arbitraries.of(
                                q(""),
                                q("x".repeat(128)),
                                q("x".repeat(129)),
                                "\"a\\u0000b\"",
                                "\"a\\ud800b\"",
                                q("😀"),
                                q("😀".repeat(64)),
                                q("😀".repeat(65)),
                                "\"\\u0041\\u00e9\"",
                                q("中文-1"))),
                net.jqwik.api.Tuple.of(bad, Arbitraries.of("null", "42", "true", "{}", "[\"a\"]")));
    }

    private static Arbitrary<String> roles(int bad) {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(10, Arbitraries.of(q("customer"), q("agent"), q("bot"), q("supervisor"))),
                net.jqwik.api.Tuple.of(bad, Arbitraries.of(q("admin"), q("Customer"), "null", "3")));
    }

    private static Arbitrary<String> times(int bad) {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(
                        10,
                        Arbitraries.of(
                                q("2026-11-24T08:00:00Z"),
                                q("2026-11-24T08:00:30.123Z"),
                                q("2026-11-24T16:00:00+08:00"),
                                q("2026-11-24t08:00:00z"),
                                q("2026-11-24T08:07:00Z"),
                                q("2026-11-24T07:59:00Z"),
                                q("2026-11-24T08:02:59.999999999Z"))),
                net.jqwik.api.Tuple.of(
                        bad,
                        Arbitraries.of(
                                q("2026-11-24 08:00:00Z"),
                                q("2026-13-24T08:00:00Z"),
                                q("yesterday"),
                                q(""),
                                "0",
                                "null")));
    }

    private static Arbitrary<String> texts(int bad) {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(
                        10,
                        Arbitraries.of(
                                q("sorry, typo"),
                                q("我的银行卡号 6222 0210 0112 3456 789 发错了"),
                                q(""),
                                "\"line\\nbreak \\\"quoted\\\" \\u00e9\"",
                                "\"half \\ud83d emoji\"",
                                "\"nul \\u0000 inside\"")),
                net.jqwik.api.Tuple.of(2, Arbitraries.strings().ofMaxLength(40).map(FastRequestReaderPropertyTest::q)),
                net.jqwik.api.Tuple.of(bad, Arbitraries.of("null", "7", "[]", q("x".repeat(65_537)))));
    }

    private static Arbitrary<String> tags(int bad) {
        Arbitrary<String> tag = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(10, Arbitraries.of(q("order"), q("price"), q("dispute_evidence"), q("a_1"))),
                net.jqwik.api.Tuple.of(bad, Arbitraries.of(q("Order"), q(""), q("x".repeat(65)), "1", "null")));
        Arbitrary<String> list = tag.list().ofMaxSize(4).map(l -> "[" + String.join(",", l) + "]");
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(10, list),
                net.jqwik.api.Tuple.of(
                        1,
                        Arbitraries.of(
                                "null",
                                q("order"),
                                "[" + String.join(",", java.util.Collections.nCopies(33, q("a"))) + "]",
                                "["
                                        + String.join(
                                                ",",
                                                java.util.stream.IntStream.range(0, 33)
                                                        .mapToObj(i -> q("t" + i))
                                                        .toList())
                                        + "]")));
    }

    /** A JSON string: escapes what must be escaped, writes the rest as it is. */
    static String q(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c) && !validPair(s, i)) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static boolean validPair(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
