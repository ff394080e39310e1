package io.recallgate.http.contract;

import static io.recallgate.http.contract.Fixtures.PARSER;
import static io.recallgate.http.contract.Fixtures.REMOVE;
import static io.recallgate.http.contract.Fixtures.batch;
import static io.recallgate.http.contract.Fixtures.fullRequest;
import static io.recallgate.http.contract.Fixtures.minimalRequest;
import static io.recallgate.http.contract.Fixtures.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recallgate.model.RecallRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchParserTest {

    private static final Instant NOW = Instant.parse("2026-11-24T09:00:00Z");

    private static List<FieldError> errors(JsonObject body) {
        ParseResult<List<RecallRequest>> r = PARSER.parseBatch(body, NOW);
        assertFalse(r.ok(), "expected errors");
        return r.errors();
    }

    private static JsonObject many(int n) {
        JsonArray list = new JsonArray();
        for (int i = 0; i < n; i++) {
            list.add(with(minimalRequest(), "/message/id", "m-" + i));
        }
        return new JsonObject().put("requests", list);
    }

    @Test
    void itemsComeBackInOrderWithDefaults() {
        ParseResult<List<RecallRequest>> r = PARSER.parseBatch(batch(fullRequest(), minimalRequest()), NOW);
        assertTrue(r.ok(), () -> r.errors().toString());
        assertEquals(2, r.value().size());
        assertEquals("m-17", r.value().get(0).message().id());
        assertEquals("m-1", r.value().get(1).message().id());
        assertEquals(NOW, r.value().get(1).at());
        assertEquals(PARSER.parse(fullRequest(), NOW).value(), r.value().get(0));
    }

    @Test
    void batchOf500IsAcceptedAnd501IsNot() {
        assertEquals(500, PARSER.parseBatch(many(500), NOW).value().size());
        assertEquals(List.of(new FieldError("/requests", "must contain at most 500 items")), errors(many(501)));
    }

    @Test
    void emptyBatchIsRejected() {
        assertEquals(List.of(new FieldError("/requests", "must contain at least 1 item")), errors(batch()));
    }

    @Test
    void batchShape() {
        assertEquals(List.of(new FieldError("/requests", "is required")), errors(new JsonObject()));
        assertEquals(
                List.of(new FieldError("/requests", "must be an array")),
                errors(new JsonObject().put("requests", fullRequest())));
        assertEquals(
                List.of(
                        new FieldError("", "has a field that is not in the contract (known: requests)"),
                        new FieldError("/requests", "is required")),
                errors(new JsonObject().put("request", new JsonArray().add(fullRequest()))));
        assertEquals(
                List.of(new FieldError("/requests/1", "must be an object")),
                errors(new JsonObject()
                        .put("requests", new JsonArray().add(fullRequest()).add("x"))));
    }

    @Test
    void badItemIsNamedByIndex() {
        JsonObject body = many(5);
        with(body, "/requests/3/message/sentAt", "2026-11-24");
        assertEquals(
                List.of(new FieldError("/requests/3/message/sentAt", "must be an RFC 3339 date-time")), errors(body));
    }

    @Test
    void crossFieldRulesApplyPerItem() {
        JsonObject body = many(5);
        with(body, "/requests/3/message/sentAt", "2026-11-24T09:05:01Z"); // no at: compared with NOW
        with(body, "/requests/4/at", "2026-11-24T08:00:00Z");
        with(body, "/requests/4/message/repliedAt", "2026-11-24T07:00:00Z");
        assertEquals(
                List.of(
                        new FieldError(
                                "/requests/3/message/sentAt",
                                "must not be more than 5 minutes after the server clock (at is absent)"),
                        new FieldError("/requests/4/message/repliedAt", "must not be before sentAt")),
                errors(body));
    }

    @Test
    void errorsSortByItemIndexNumerically() {
        JsonObject body = many(12);
        with(body, "/requests/10/scenario", REMOVE);
        with(body, "/requests/2/scenario", REMOVE);
        with(body, "/requests/11/requester/role", "boss");
        assertEquals(
                List.of(
                        new FieldError("/requests/2/scenario", "is required"),
                        new FieldError("/requests/10/scenario", "is required"),
                        new FieldError(
                                "/requests/11/requester/role", "must be one of customer, agent, bot, supervisor")),
                errors(body));
    }
}
