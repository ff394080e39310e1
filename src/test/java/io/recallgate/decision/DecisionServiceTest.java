package io.recallgate.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recallgate.http.contract.RequestParser;
import io.recallgate.model.AcceptLanguage;
import io.recallgate.model.Decision;
import io.recallgate.model.Message;
import io.recallgate.model.MessageKind;
import io.recallgate.model.Mode;
import io.recallgate.model.Outcome;
import io.recallgate.model.RecallRequest;
import io.recallgate.model.Requester;
import io.recallgate.model.Role;
import io.recallgate.policy.PolicyManager;
import io.recallgate.policy.RuleSetLoader;
import io.recallgate.store.ActiveHolds;
import io.recallgate.store.Database;
import io.recallgate.store.DecisionLog;
import io.recallgate.store.DecisionRecord;
import io.recallgate.store.Hold;
import io.recallgate.store.HoldStore;
import io.recallgate.store.StoredDecision;
import io.recallgate.store.TextDigester;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link DecisionService}, the one path every decision takes, with its real collaborators: the
 * shipped rules folder compiled by a {@link PolicyManager}, and the decision log and holds on an
 * embedded PostgreSQL. An enforce decision is answered as it was stored, with what the rules saw
 * (facts) and which rules fired (trace) and never the text; a preview writes nothing; a retried
 * requestId gets its first decision, with masked text only for the very text first decided; a
 * batch is stored whole or not at all; the holds covering a message reach its facts.
 */
class DecisionServiceTest {

    private static final Instant SENT = Instant.parse("2026-11-24T08:00:00Z");
    private static final String CARD_TEXT = "我的银行卡号 6222 0210 0112 3456 789 发错了";
    private static final AcceptLanguage EN = AcceptLanguage.parse("en");

    private static Vertx vertx;
    private static Path dataDir;
    private static Database db;
    private static PolicyManager policy;
    private static DecisionLog log;
    private static HoldStore holds;
    private static ActiveHolds activeHolds;
    private static TextDigester digester;
    private static DecisionService service;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        dataDir = Files.createTempDirectory("recallgate-decision-service");
        db = Database.start(vertx, null, dataDir);
        policy = new PolicyManager(
                vertx,
                Path.of("rules"),
                new RuleSetLoader(Clock.systemUTC(), RequestParser.load()::read),
                Clock.systemUTC());
        policy.start();
        log = new DecisionLog(vertx, db.pool(), DecisionLog.Options.defaults());
        holds = new HoldStore(db.pool());
        digester = new TextDigester("a test key of more than sixteen bytes".getBytes());
        activeHolds = new ActiveHolds(vertx, holds, db::connectOptions).start();
        service = new DecisionService(policy, activeHolds, log, digester);
    }

    @AfterAll
    static void stop() throws Exception {
        if (log != null) {
            log.drain().await(60, TimeUnit.SECONDS);
        }
        if (activeHolds != null) {
            activeHolds.close();
        }
        if (policy != null) {
            policy.close();
        }
        if (db != null) {
            db.close();
        }
        vertx.close().await(60, TimeUnit.SECONDS);
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @BeforeEach
    void empty() {
        sql("DROP TRIGGER IF EXISTS refuse_a_message ON decisions");
        sql("TRUNCATE decisions, holds, tlog_heads, tlog_nodes, tlog_checkpoints, tlog_retention");
    }

    // ---- enforce ----

    @Test
    void anEnforcedDecisionIsStoredAsAnsweredWithItsFactsAndTrace() {
        RecallRequest request = request("r-1", Mode.ENFORCE, "after_sales", "c-1", "m-1", "sorry, wrong photo");

        Decision answer = await(service.decide("t1", request, EN));

        assertEquals(Outcome.ALLOW, answer.outcome());
        assertEquals("WITHIN_WINDOW", answer.decisiveReason().code());
        assertEquals(
                "The message is still within the recall window.",
                answer.decisiveReason().message());
        assertEquals(SENT.plus(Duration.ofMinutes(2)), answer.allowedUntil());
        assertEquals(policy.active().version(), answer.policyVersion());

        StoredDecision stored = await(log.findById("t1", answer.decisionId()));
        assertEquals(answer, stored.decision(), "the stored decision is the answer, sentences included");
        DecisionRecord record = stored.record();
        assertEquals("t1", record.tenant());
        assertEquals("r-1", record.requestId());
        assertEquals("after_sales", record.scenario());
        assertEquals("c-1", record.conversationId());
        assertEquals("m-1", record.messageId());
        assertEquals("u-42", record.requesterId());
        assertEquals(digester.digest("sorry, wrong photo"), record.textDigest());
        assertEquals(new JsonObject("""
                {"mode":"enforce","scenario":"after_sales","conversationId":"c-1",
                 "message":{"id":"m-1","senderId":"u-42","senderRole":"customer","kind":"text",
                            "sentAt":"2026-11-24T08:00:00Z","repliedAt":null,"latest":false,"tags":[]},
                 "requester":{"id":"u-42","role":"customer"},"at":"2026-11-24T08:01:00Z",
                 "held":false,"holdIds":[],"sensitive":[]}
                """), record.facts());
        assertTrue(
                record.trace()
                        .contains(new JsonObject()
                                .put("rule", "A message may be recalled within the recall window")
                                .put("file", "50-ordinary-messages.drl")),
                record.trace().encode());
        assertEquals(answer.decisiveReason().rule(), "A message may be recalled within the recall window");
        assertEquals(1, count("SELECT count(*) FROM decisions"));
    }

    /** A redacted message: the answer carries the masked text; the store keeps no text of it at all. */
    @Test
    void theMaskedTextIsAnsweredButNeitherItNorTheTextIsStored() {
        RecallRequest request = request("r-2", Mode.ENFORCE, "ecommerce", "c-2", "m-3", CARD_TEXT);

        Decision answer = await(service.decide("t1", request, EN));

        assertEquals(Outcome.REDACT, answer.outcome());
        assertNotNull(answer.maskedText());
        assertFalse(answer.maskedText().contains("6222 0210"), answer.maskedText());
        assertEquals(CARD_TEXT.length(), answer.maskedText().length(), "masked in place");
        StoredDecision stored = await(log.findById("t1", answer.decisionId()));
        assertNull(stored.decision().maskedText());
        assertEquals(withoutMaskedText(answer), stored.decision());
        JsonArray sensitive = stored.record().facts().getJsonArray("sensitive");
        assertEquals(1, sensitive.size());
        JsonObject card = sensitive.getJsonObject(0);
        assertEquals("bank_card", card.getString("type"));
        assertEquals(CARD_TEXT.indexOf("6222"), card.getInteger("start"));
        assertEquals(CARD_TEXT.indexOf("789") + 3, card.getInteger("end"));

        String row = sql("SELECT d::text FROM decisions d").iterator().next().getString(0);
        for (String part : List.of("6222", "0112", "3456", "银行卡", "发错了", answer.maskedText())) {
            assertFalse(row.contains(part), "the stored row holds " + part);
        }
    }

    @Test
    void aPreviewWritesNothing() {
        RecallRequest preview = request("r-3", Mode.PREVIEW, "ecommerce", "c-3", "m-3", CARD_TEXT);

        Decision answer = await(service.decide("t1", preview, EN));

        assertEquals(Mode.PREVIEW, answer.mode());
        assertEquals(Outcome.REDACT, answer.outcome());
        assertNotNull(answer.maskedText());
        assertNotNull(answer.decisionId());
        assertEquals(0, count("SELECT count(*) FROM decisions"));

        // nor does it take the requestId: the enforce request that follows is decided and stored
        Decision enforced = await(service.decide("t1", withMode(preview, Mode.ENFORCE), EN));
        assertNotEquals(answer.decisionId(), enforced.decisionId());
        assertEquals(1, count("SELECT count(*) FROM decisions"));
    }

    /**
     * A client that retries (a time-out, a lost answer) gets the first decision, even when the
     * rules would now decide otherwise; the masked text is rebuilt only from the very text first
     * decided, never from another text sent under the same requestId.
     */
    @Test
    void aRetriedRequestIdGetsItsFirstDecisionAndTheMaskedTextOnlyForTheSameText() {
        RecallRequest first = request("r-4", Mode.ENFORCE, "ecommerce", "c-4", "m-4", CARD_TEXT);
        Decision answered = await(service.decide("t1", first, EN));

        Decision retried = await(service.decide("t1", at(first, SENT.plus(Duration.ofDays(3))), AcceptLanguage.NONE));
        assertEquals(answered, retried, "the first decision, its masked text and its sentences");

        String other = "我的银行卡号 6222 0210 0112 3456 790 发错了";
        Decision otherText = await(service.decide("t1", withText(first, other), EN));
        assertEquals(withoutMaskedText(answered), otherText, "the first decision, without masked text");

        Decision noText = await(service.decide("t1", withText(first, null), EN));
        assertEquals(withoutMaskedText(answered), noText);

        assertEquals(1, count("SELECT count(*) FROM decisions WHERE request_id = 'r-4'"));

        Decision otherTenant = await(service.decide("t2", first, EN));
        assertNotEquals(answered.decisionId(), otherTenant.decisionId(), "requestIds are per tenant");
        assertEquals(2, count("SELECT count(*) FROM decisions WHERE request_id = 'r-4'"));
    }

    // ---- batches ----

    @Test
    void aBatchIsAnsweredInOrderAndItsEnforceDecisionsAreAllStored() {
        List<RecallRequest> batch = List.of(
                request("b-1", Mode.ENFORCE, "after_sales", "c-5", "m-1", "one"),
                request("b-2", Mode.PREVIEW, "after_sales", "c-5", "m-2", "two"),
                request("b-3", Mode.ENFORCE, "ecommerce", "c-5", "m-3", CARD_TEXT),
                request("b-4", Mode.ENFORCE, "tech_support", "c-5", "m-4", "four"));

        List<Decision> answers = await(service.decideAll("t1", batch, EN));

        assertEquals(4, answers.size());
        assertEquals(Outcome.ALLOW, answers.get(0).outcome());
        assertEquals(Mode.PREVIEW, answers.get(1).mode());
        assertEquals(Outcome.REDACT, answers.get(2).outcome());
        assertNotNull(answers.get(2).maskedText());
        for (int i : new int[] {0, 2, 3}) {
            StoredDecision stored = await(log.findById("t1", answers.get(i).decisionId()));
            assertEquals(withoutMaskedText(answers.get(i)), stored.decision());
            assertEquals(batch.get(i).message().id(), stored.record().messageId(), "answers keep the order");
        }
        assertEquals(3, count("SELECT count(*) FROM decisions"), "the preview is not stored");

        List<Decision> again = await(service.decideAll("t1", batch.subList(2, 4), EN));
        assertEquals(answers.subList(2, 4), again, "a retried batch gets its first decisions");
        assertEquals(3, count("SELECT count(*) FROM decisions"));
    }

    /**
     * One record the database refuses for its data (as a constraint would: the decision log then
     * writes each request on its own) fails the whole batch, and none of its records is stored.
     */
    @Test
    void aBatchIsStoredWholeOrNotAtAll() {
        sql("""
                CREATE OR REPLACE FUNCTION refuse_a_message() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.message_id = 'm-refused' THEN
                        RAISE EXCEPTION 'refused by the test' USING ERRCODE = 'check_violation';
                    END IF;
                    RETURN NEW;
                END $$""");
        sql(
                "CREATE TRIGGER refuse_a_message BEFORE INSERT ON decisions FOR EACH ROW EXECUTE FUNCTION refuse_a_message()");
        List<RecallRequest> batch = List.of(
                request("b-1", Mode.ENFORCE, "after_sales", "c-6", "m-1", "one"),
                request("b-2", Mode.ENFORCE, "after_sales", "c-6", "m-refused", "two"),
                request("b-3", Mode.ENFORCE, "after_sales", "c-6", "m-3", "three"));

        Future<List<Decision>> failed = service.decideAll("t1", batch, EN);

        assertThrows(Exception.class, () -> failed.await(60, TimeUnit.SECONDS));
        assertEquals(0, count("SELECT count(*) FROM decisions"), "never two of three");

        sql("DROP TRIGGER refuse_a_message ON decisions");
        List<Decision> stored = await(service.decideAll("t1", batch, EN));
        assertEquals(3, stored.size());
        assertEquals(3, count("SELECT count(*) FROM decisions"), "the same batch, once the database takes it");
    }

    // ---- holds ----

    @Test
    void theHoldsCoveringAMessageReachItsFacts() {
        Hold onMessage = await(holds.place("t1", "c-7", List.of("m-held"), "refund dispute #88", "agent-7"));
        await(holds.place("t2", "c-7", List.of(), "another tenant's dispute", "agent-9"));
        Hold released = await(holds.place("t1", "c-7", List.of(), "settled", "agent-7"));
        await(holds.release("t1", released.holdId(), "agent-7", "settled"));

        Decision held =
                await(service.decide("t1", request("h-1", Mode.ENFORCE, "after_sales", "c-7", "m-held", "x"), EN));
        assertEquals(Outcome.DENY, held.outcome());
        assertEquals("DISPUTE_FROZEN", held.decisiveReason().code());
        JsonObject facts = facts(held);
        assertTrue(facts.getBoolean("held"));
        assertEquals(new JsonArray().add(onMessage.holdId()), facts.getJsonArray("holdIds"));

        Decision free =
                await(service.decide("t1", request("h-2", Mode.ENFORCE, "after_sales", "c-7", "m-free", "x"), EN));
        assertEquals(Outcome.ALLOW, free.outcome(), "the hold names another message");
        assertFalse(facts(free).getBoolean("held"));
        assertEquals(new JsonArray(), facts(free).getJsonArray("holdIds"));

        Hold wholeConversation = await(holds.place("t1", "c-7", null, "a second dispute", "agent-8"));
        Decision both =
                await(service.decide("t1", request("h-3", Mode.ENFORCE, "after_sales", "c-7", "m-held", "x"), EN));
        assertEquals(
                new JsonArray().add(onMessage.holdId()).add(wholeConversation.holdId()),
                facts(both).getJsonArray("holdIds"),
                "every covering hold, oldest first");
    }

    // ---- helpers ----

    /** A customer's own unanswered message sent at 08:00, asked about at 08:01. */
    private static RecallRequest request(
            String requestId, Mode mode, String scenario, String conversationId, String messageId, String text) {
        Message message =
                new Message(messageId, "u-42", Role.CUSTOMER, MessageKind.TEXT, text, SENT, null, false, List.of());
        return new RecallRequest(
                requestId,
                mode,
                scenario,
                conversationId,
                message,
                new Requester("u-42", Role.CUSTOMER),
                SENT.plus(Duration.ofMinutes(1)));
    }

    private static RecallRequest withMode(RecallRequest r, Mode mode) {
        return new RecallRequest(
                r.requestId(), mode, r.scenario(), r.conversationId(), r.message(), r.requester(), r.at());
    }

    private static RecallRequest at(RecallRequest r, Instant at) {
        return new RecallRequest(
                r.requestId(), r.mode(), r.scenario(), r.conversationId(), r.message(), r.requester(), at);
    }

    private static RecallRequest withText(RecallRequest r, String text) {
        Message m = r.message();
        Message changed = new Message(
                m.id(), m.senderId(), m.senderRole(), m.kind(), text, m.sentAt(), m.repliedAt(), m.latest(), m.tags());
        return new RecallRequest(
                r.requestId(), r.mode(), r.scenario(), r.conversationId(), changed, r.requester(), r.at());
    }

    private static Decision withoutMaskedText(Decision d) {
        return new Decision(
                d.decisionId(),
                d.mode(),
                d.outcome(),
                d.reasons(),
                d.sensitive(),
                null,
                d.allowedUntil(),
                d.policyVersion(),
                d.evaluatedAt());
    }

    private static JsonObject facts(Decision d) {
        return await(log.findById("t1", d.decisionId())).record().facts();
    }

    private static io.vertx.sqlclient.RowSet<io.vertx.sqlclient.Row> sql(String sql) {
        return await(db.pool().query(sql).execute());
    }

    private static long count(String sql) {
        return sql(sql).iterator().next().getLong(0);
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.await(60, TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
