package io.recallgate.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.recallgate.model.Message;
import io.recallgate.model.MessageKind;
import io.recallgate.model.Mode;
import io.recallgate.model.RecallFacts;
import io.recallgate.model.RecallRequest;
import io.recallgate.model.Requester;
import io.recallgate.model.Role;
import io.recallgate.model.RuleFiring;
import io.recallgate.model.SensitiveFinding;
import io.recallgate.model.SensitiveType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stored JSON of a decision's facts and trace (PLAN decision 1 / API.md), and reading facts back for replay. */
class FactsJsonTest {

    private static final RecallFacts FACTS = RecallFacts.of(
            new RecallRequest(
                    "req-7",
                    Mode.ENFORCE,
                    "after_sales",
                    "c-1001",
                    new Message(
                            "m-17",
                            "u-42",
                            Role.CUSTOMER,
                            MessageKind.TEXT,
                            "我的银行卡号 6222 0210 0112 3456 789 发错了",
                            Instant.parse("2026-11-24T08:00:00Z"),
                            Instant.parse("2026-11-24T08:00:30.5Z"),
                            true,
                            List.of("refund", "price")),
                    new Requester("u-42", Role.CUSTOMER),
                    Instant.parse("2026-11-24T08:01:00Z")),
            List.of("0193a7c2-0000-7000-8000-000000000001"),
            List.of(new SensitiveFinding(SensitiveType.BANK_CARD, 7, 30)));

    @Test
    void factsAreWrittenAsTheContractShowsThemWithoutTextOrRequestId() {
        JsonObject expected = new JsonObject("""
                {"mode":"enforce","scenario":"after_sales","conversationId":"c-1001",
                 "message":{"id":"m-17","senderId":"u-42","senderRole":"customer","kind":"text",
                            "sentAt":"2026-11-24T08:00:00Z","repliedAt":"2026-11-24T08:00:30.500Z","latest":true,
                            "tags":["refund","price"]},
                 "requester":{"id":"u-42","role":"customer"},"at":"2026-11-24T08:01:00Z","held":true,
                 "holdIds":["0193a7c2-0000-7000-8000-000000000001"],
                 "sensitive":[{"type":"bank_card","start":7,"end":30}]}
                """);

        assertEquals(expected, FactsJson.toJson(FACTS));
    }

    @Test
    void storedFactsReadBackIntoTheSameFacts() {
        assertEquals(
                FACTS, FactsJson.facts(new JsonObject(FactsJson.toJson(FACTS).encode())));
    }

    @Test
    void factsWithoutAHoldHaveAnEmptyList() {
        RecallFacts none = new RecallFacts(
                FACTS.mode(),
                FACTS.scenario(),
                FACTS.conversationId(),
                FACTS.message(),
                FACTS.requester(),
                FACTS.at(),
                false,
                List.of(),
                List.of());
        JsonObject json = FactsJson.toJson(none);

        assertEquals(false, json.getBoolean("held"));
        assertEquals(new JsonArray(), json.getJsonArray("holdIds"));
        assertEquals(none, FactsJson.facts(json));
    }

    @Test
    void somethingElseIsNotReadAsFacts() {
        assertThrows(IllegalArgumentException.class, () -> FactsJson.facts(new JsonObject().put("scenario", "x")));
        JsonObject badTime = FactsJson.toJson(FACTS).put("at", "yesterday");
        assertThrows(IllegalArgumentException.class, () -> FactsJson.facts(badTime));
    }

    @Test
    void theTraceIsTheRulesThatFiredInOrder() {
        List<RuleFiring> trace = List.of(
                new RuleFiring("Requests from agents are noted", "05-notes.drl"),
                new RuleFiring("Only the sender of a message may recall it", "10-who-may-recall.drl"));
        JsonArray json = FactsJson.traceToJson(trace);

        assertEquals(new JsonArray("""
                        [{"rule":"Requests from agents are noted","file":"05-notes.drl"},
                         {"rule":"Only the sender of a message may recall it","file":"10-who-may-recall.drl"}]
                        """), json);
    }
}
