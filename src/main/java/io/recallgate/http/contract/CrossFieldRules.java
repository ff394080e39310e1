package io.recallgate.http.contract;

import io.recallgate.model.Rfc3339;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/**
 * The decision request rules JSON Schema cannot express (API.md): {@code message.sentAt} more
 * than 5 minutes after {@code at} is an error (a client clock may run a little ahead, not
 * more), and so is {@code message.repliedAt} before {@code message.sentAt}. A rule is checked
 * only when the timestamps it compares are themselves well-formed; malformed ones are already
 * reported by the schema stage.
 */
final class CrossFieldRules {

    private CrossFieldRules() {}

    static void check(Object body, String prefix, Instant now, List<FieldError> out) {
        if (!(body instanceof JsonObject b) || !(b.getValue("message") instanceof JsonObject m)) {
            return;
        }
        Instant sentAt = instant(m.getValue("sentAt"));
        if (sentAt == null) {
            return;
        }
        boolean atGiven = b.containsKey("at");
        Instant at = atGiven ? instant(b.getValue("at")) : now;
        if (at != null && sentAt.isAfter(at.plus(RequestParser.MAX_CLOCK_SKEW))) {
            out.add(new FieldError(
                    prefix + "/message/sentAt",
                    atGiven
                            ? "must not be more than 5 minutes after at"
                            : "must not be more than 5 minutes after the server clock (at is absent)"));
        }
        Instant repliedAt = instant(m.getValue("repliedAt"));
        if (repliedAt != null && repliedAt.isBefore(sentAt)) {
            out.add(new FieldError(prefix + "/message/repliedAt", "must not be before sentAt"));
        }
    }

    private static Instant instant(Object v) {
        return v instanceof String s ? Rfc3339.parse(s) : null;
    }
}
