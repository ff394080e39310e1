package io.recallgate.http.contract;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.recallgate.model.Message;
import io.recallgate.model.MessageKind;
import io.recallgate.model.Mode;
import io.recallgate.model.RecallRequest;
import io.recallgate.model.Requester;
import io.recallgate.model.Rfc3339;
import io.recallgate.model.Role;
import io.vertx.core.json.JsonArray;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The fast path for decision requests that are valid: one streaming pass over the body, straight
 * into {@link RecallRequest}s, with no tree, no pointers and nothing walked twice. It answers only
 * when it is sure; on any doubt — anything invalid, unusual or unknown — it answers {@code null}
 * and the request goes the thorough way ({@link JsonBodyDecoder}, the schema walk,
 * {@link CrossFieldRules}), which names every bad field. So error answers stay exactly as they
 * were, and {@code RequestParserEquivalenceProperties} checks that both ways accept the same
 * bodies and read them into the same requests.
 *
 * <p>Every value is checked by the compiled schema nodes of {@code openapi.yaml}
 * ({@link SchemaNode#accepts}), the same objects the thorough way uses; which properties an object
 * has, which are required and that no other may appear come from those nodes too. What this class
 * knows by itself is only how to build the model from the values, as {@code RequestParser} does.
 *
 * <p>Same input as the thorough way: the body is strict UTF-8 (decoded by
 * {@link JsonBodyDecoder#utf8}, or checked by {@link Utf8Bytes} and read as bytes), and is read
 * by the same Jackson factory (its nesting limit).
 */
final class FastRequestReader {

    private final SchemaNode request;
    private final SchemaNode batch;

    FastRequestReader(SchemaNode request, SchemaNode batch) {
        this.request = request;
        this.batch = batch;
    }

    /** A decision request, or null: invalid, or anything this reader does not handle. */
    RecallRequest read(char[] chars, int offset, int length, Instant now) {
        try (JsonParser p = JsonBodyDecoder.FACTORY.createParser(chars, offset, length)) {
            return readOne(p, now);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The same from the body's bytes, which must be {@link Utf8Bytes#plainJson}: Jackson's byte
     * parser reads them as UTF-8 without a decoded copy of the body.
     */
    RecallRequest read(byte[] bytes, int offset, int length, Instant now) {
        try (JsonParser p = JsonBodyDecoder.FACTORY.createParser(bytes, offset, length)) {
            return readOne(p, now);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private RecallRequest readOne(JsonParser p, Instant now) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        RecallRequest r = readRequest(p, request, now);
        return r != null && p.nextToken() == null ? r : null;
    }

    /** A batch's requests, or null. */
    List<RecallRequest> readBatch(char[] chars, int offset, int length, Instant now) {
        SchemaNode requests = batch.property("requests");
        SchemaNode item = requests == null ? null : requests.items();
        if (item == null || !batch.closed() || batch.propertyCount() != 1) {
            return null;
        }
        try (JsonParser p = JsonBodyDecoder.FACTORY.createParser(chars, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT
                    || p.nextToken() != JsonToken.FIELD_NAME
                    || !"requests".equals(p.currentName())
                    || p.nextToken() != JsonToken.START_ARRAY) {
                return null;
            }
            List<RecallRequest> out = new ArrayList<>();
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (t != JsonToken.START_OBJECT) {
                    return null;
                }
                RecallRequest r = readRequest(p, item, now);
                if (r == null) {
                    return null;
                }
                out.add(r);
            }
            if (p.nextToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                return null; // another property (a duplicate "requests" included), or trailing input
            }
            // the array's own rules (1–500 items): by the node, on a stand-in of the right size
            if (!requests.acceptsArrayOfSize(out.size())) {
                return null;
            }
            return List.copyOf(out);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    // Properties of a request, of its message and of its requester, as bits (a duplicate is a doubt).
    private static final int REQUEST_ID = 1,
            MODE = 2,
            SCENARIO = 4,
            CONVERSATION = 8,
            MESSAGE = 16,
            REQUESTER = 32,
            AT = 64;
    private static final int ID = 1,
            SENDER_ID = 2,
            SENDER_ROLE = 4,
            KIND = 8,
            TEXT = 16,
            SENT_AT = 32,
            REPLIED_AT = 64,
            LATEST = 128,
            TAGS = 256;

    /** After the request's START_OBJECT; ends on its END_OBJECT. */
    private RecallRequest readRequest(JsonParser p, SchemaNode node, Instant now) throws IOException {
        int seen = 0;
        String requestId = null, mode = null, scenario = null, conversation = null, at = null;
        Message message = null;
        Requester requester = null;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String name = p.currentName();
            int bit;
            switch (name) {
                case "requestId" -> bit = REQUEST_ID;
                case "mode" -> bit = MODE;
                case "scenario" -> bit = SCENARIO;
                case "conversationId" -> bit = CONVERSATION;
                case "message" -> bit = MESSAGE;
                case "requester" -> bit = REQUESTER;
                case "at" -> bit = AT;
                default -> {
                    return null;
                }
            }
            if ((seen & bit) != 0) {
                return null;
            }
            seen |= bit;
            SchemaNode child = node.property(name);
            if (child == null) {
                return null;
            }
            JsonToken v = p.nextToken();
            if (bit == MESSAGE) {
                if (v != JsonToken.START_OBJECT || (message = readMessage(p, child)) == null) {
                    return null;
                }
                continue;
            }
            if (bit == REQUESTER) {
                if (v != JsonToken.START_OBJECT || (requester = readRequester(p, child)) == null) {
                    return null;
                }
                continue;
            }
            String s = scalar(p, v, child);
            if (s == NOT_ACCEPTED) {
                return null;
            }
            switch (bit) {
                case REQUEST_ID -> requestId = s;
                case MODE -> mode = s;
                case SCENARIO -> scenario = s;
                case CONVERSATION -> conversation = s;
                default -> at = s;
            }
        }
        if (!hasRequired(node, seen, REQUEST_NAMES)) {
            return null;
        }
        Instant when = now;
        if ((seen & AT) != 0) {
            when = at == null ? null : Rfc3339.parse(at);
            if (when == null) {
                return null; // "at": null is refused by the schema; never guess here
            }
        }
        // CrossFieldRules, on values the schema accepted
        if (message.sentAt().isAfter(when.plus(RequestParser.MAX_CLOCK_SKEW))
                || (message.repliedAt() != null && message.repliedAt().isBefore(message.sentAt()))) {
            return null;
        }
        return new RecallRequest(
                requestId,
                Mode.fromJson(mode == null ? "enforce" : mode),
                scenario,
                conversation,
                message,
                requester,
                when);
    }

    private Message readMessage(JsonParser p, SchemaNode node) throws IOException {
        int seen = 0;
        String id = null, senderId = null, senderRole = null, kind = null, text = null, sentAt = null, repliedAt = null;
        Boolean latest = null;
        List<String> tags = null;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String name = p.currentName();
            int bit;
            switch (name) {
                case "id" -> bit = ID;
                case "senderId" -> bit = SENDER_ID;
                case "senderRole" -> bit = SENDER_ROLE;
                case "kind" -> bit = KIND;
                case "text" -> bit = TEXT;
                case "sentAt" -> bit = SENT_AT;
                case "repliedAt" -> bit = REPLIED_AT;
                case "latest" -> bit = LATEST;
                case "tags" -> bit = TAGS;
                default -> {
                    return null;
                }
            }
            if ((seen & bit) != 0) {
                return null;
            }
            seen |= bit;
            SchemaNode child = node.property(name);
            if (child == null) {
                return null;
            }
            JsonToken v = p.nextToken();
            if (bit == TAGS) {
                if (v == JsonToken.VALUE_NULL) {
                    if (!child.accepts(null)) {
                        return null;
                    }
                    continue;
                }
                if (v != JsonToken.START_ARRAY || (tags = readTags(p, child)) == null) {
                    return null;
                }
                continue;
            }
            if (bit == LATEST) {
                Boolean b =
                        v == JsonToken.VALUE_TRUE ? Boolean.TRUE : v == JsonToken.VALUE_FALSE ? Boolean.FALSE : null;
                if ((b == null && v != JsonToken.VALUE_NULL) || !child.accepts(b)) {
                    return null;
                }
                latest = b;
                continue;
            }
            String s = scalar(p, v, child);
            if (s == NOT_ACCEPTED) {
                return null;
            }
            switch (bit) {
                case ID -> id = s;
                case SENDER_ID -> senderId = s;
                case SENDER_ROLE -> senderRole = s;
                case KIND -> kind = s;
                case TEXT -> text = s;
                case SENT_AT -> sentAt = s;
                default -> repliedAt = s;
            }
        }
        if (!hasRequired(node, seen, MESSAGE_NAMES) || sentAt == null || senderRole == null) {
            return null;
        }
        if ((seen & KIND) != 0 && kind == null) {
            return null; // the schema refuses "kind": null
        }
        Instant sent = Rfc3339.parse(sentAt);
        Instant replied = repliedAt == null ? null : Rfc3339.parse(repliedAt);
        if (sent == null || (repliedAt != null && replied == null)) {
            return null;
        }
        return new Message(
                id,
                senderId,
                Role.fromJson(senderRole),
                MessageKind.fromJson(kind == null ? "text" : kind),
                MessageText.repaired(text),
                sent,
                replied,
                Boolean.TRUE.equals(latest),
                tags == null ? List.of() : tags);
    }

    private Requester readRequester(JsonParser p, SchemaNode node) throws IOException {
        int seen = 0;
        String id = null, role = null;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String name = p.currentName();
            int bit;
            switch (name) {
                case "id" -> bit = 1;
                case "role" -> bit = 2;
                default -> {
                    return null;
                }
            }
            if ((seen & bit) != 0) {
                return null;
            }
            seen |= bit;
            SchemaNode child = node.property(name);
            if (child == null) {
                return null;
            }
            String s = scalar(p, p.nextToken(), child);
            if (s == NOT_ACCEPTED) {
                return null;
            }
            if (bit == 1) {
                id = s;
            } else {
                role = s;
            }
        }
        if (!hasRequired(node, seen, REQUESTER_NAMES) || role == null) {
            return null;
        }
        return new Requester(id, Role.fromJson(role));
    }

    /** After the array's START_ARRAY; ends on its END_ARRAY. Strings only; the node checks the whole array. */
    private static List<String> readTags(JsonParser p, SchemaNode node) throws IOException {
        List<String> tags = new ArrayList<>(4);
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.VALUE_STRING || tags.size() >= 64) {
                return null;
            }
            tags.add(p.getText());
        }
        if (!node.accepts(new JsonArray(new ArrayList<>(tags)))) {
            return null;
        }
        return tags;
    }

    /** Marks a value that is not accepted (a distinct object: a valid value may be null). */
    private static final String NOT_ACCEPTED = new String("not accepted");

    /** A string or null that the node accepts, else {@link #NOT_ACCEPTED}. */
    private static String scalar(JsonParser p, JsonToken v, SchemaNode node) throws IOException {
        String s;
        if (v == JsonToken.VALUE_STRING) {
            s = p.getText();
        } else if (v == JsonToken.VALUE_NULL) {
            s = null;
        } else {
            return NOT_ACCEPTED; // numbers, booleans, objects, arrays: the thorough way says what is wrong
        }
        return node.accepts(s) ? s : NOT_ACCEPTED;
    }

    private static final String[] REQUEST_NAMES = {
        "requestId", "mode", "scenario", "conversationId", "message", "requester", "at"
    };
    private static final String[] MESSAGE_NAMES = {
        "id", "senderId", "senderRole", "kind", "text", "sentAt", "repliedAt", "latest", "tags"
    };
    private static final String[] REQUESTER_NAMES = {"id", "role"};

    /**
     * Every property the node requires was seen, and the node is closed and declares exactly the
     * properties this reader knows (a schema that changed sends every request the thorough way).
     */
    private static boolean hasRequired(SchemaNode node, int seen, String[] names) {
        if (!node.closed() || node.propertyCount() != names.length) {
            return false;
        }
        for (String required : node.required()) {
            int i = indexOf(names, required);
            if (i < 0 || (seen & (1 << i)) == 0) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(String[] names, String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
