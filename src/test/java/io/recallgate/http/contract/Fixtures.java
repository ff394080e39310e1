package io.recallgate.http.contract;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Request bodies for the tests; every call returns a fresh, mutable copy. */
public final class Fixtures {

    public static final RequestParser PARSER = RequestParser.load();

    private Fixtures() {}

    /** API.md's example request, complete and valid. */
    public static JsonObject fullRequest() {
        return new JsonObject()
                .put("requestId", "r-1")
                .put("mode", "preview")
                .put("scenario", "after_sales")
                .put("conversationId", "c-1001")
                .put(
                        "message",
                        new JsonObject()
                                .put("id", "m-17")
                                .put("senderId", "u-42")
                                .put("senderRole", "customer")
                                .put("kind", "image")
                                .put("text", "我的银行卡号 6222 0210 0112 3456 789 发错了")
                                .put("sentAt", "2026-11-24T08:00:00Z")
                                .put("repliedAt", "2026-11-24T08:00:30Z")
                                .put("latest", true)
                                .put("tags", new JsonArray().add("refund").add("order_details")))
                .put("requester", new JsonObject().put("id", "u-42").put("role", "customer"))
                .put("at", "2026-11-24T08:01:00Z");
    }

    /** Only the required fields. */
    public static JsonObject minimalRequest() {
        return new JsonObject()
                .put("scenario", "tech_support")
                .put("conversationId", "c-1")
                .put(
                        "message",
                        new JsonObject()
                                .put("id", "m-1")
                                .put("senderId", "u-1")
                                .put("senderRole", "agent")
                                .put("sentAt", "2026-11-24T08:00:00Z"))
                .put("requester", new JsonObject().put("id", "u-1").put("role", "agent"));
    }

    /** Sets (or with {@code value == REMOVE}, removes) the field at a JSON Pointer like {@code /message/sentAt}. */
    public static JsonObject with(JsonObject body, String pointer, Object value) {
        String[] parts = pointer.substring(1).split("/");
        Object node = body;
        for (int i = 0; i < parts.length - 1; i++) {
            node = node instanceof JsonObject o
                    ? o.getValue(parts[i])
                    : ((JsonArray) node).getValue(Integer.parseInt(parts[i]));
        }
        String last = parts[parts.length - 1];
        if (node instanceof JsonArray a) {
            a.set(Integer.parseInt(last), value);
        } else if (value == REMOVE) {
            ((JsonObject) node).remove(last);
        } else {
            ((JsonObject) node).put(last, value);
        }
        return body;
    }

    public static final Object REMOVE = new Object() {
        @Override
        public String toString() {
            return "<removed>";
        }
    };

    public static JsonObject batch(JsonObject... requests) {
        JsonArray list = new JsonArray();
        for (JsonObject r : requests) {
            list.add(r);
        }
        return new JsonObject().put("requests", list);
    }
}
