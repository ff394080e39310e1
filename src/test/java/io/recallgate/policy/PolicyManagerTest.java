package io.recallgate.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recallgate.http.contract.RequestParser;
import io.recallgate.model.AcceptLanguage;
import io.recallgate.model.Message;
import io.recallgate.model.MessageKind;
import io.recallgate.model.Mode;
import io.recallgate.model.RecallRequest;
import io.recallgate.model.Requester;
import io.recallgate.model.Role;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PolicyManager} on a copy of the shipped rules folder: it starts only with a good folder;
 * a reload activates a good change, keeps the previous rules for a rejected one and says why
 * ({@link PolicyManager#lastReload()}); an unchanged folder is not compiled again unless a reload is
 * forced; listeners hear of every load attempt. Loads run for real (Drools compiles the folder and
 * runs its scenario tests); the clock is the test's own, so each report's time is known.
 */
class PolicyManagerTest {

    private static final Instant T0 = Instant.parse("2026-11-24T08:00:00Z");
    private static final RuleSetLoader LOADER = new RuleSetLoader(Clock.systemUTC(), RequestParser.load()::read);

    private static Vertx vertx;

    @TempDir
    Path tmp;

    private final SettableClock clock = new SettableClock(T0);
    private final List<ReloadReport> heard = new CopyOnWriteArrayList<>();
    private PolicyManager manager;

    @BeforeAll
    static void vertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void closeVertx() throws Exception {
        vertx.close().await(60, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() {
        if (manager != null) {
            manager.close();
        }
    }

    private PolicyManager manager(Path dir) {
        manager = new PolicyManager(vertx, dir, LOADER, clock);
        manager.addListener(heard::add);
        return manager;
    }

    // ---- start ----

    @Test
    void startsWithAGoodFolder() throws Exception {
        RulesCopy rules = RulesCopy.of(tmp);
        PolicyManager m = manager(rules.dir);

        ReloadReport report = m.start();

        assertTrue(report.active());
        assertEquals("active", report.status());
        assertEquals(T0, report.at());
        assertEquals(RuleFolder.read(rules.dir).version(), report.version());
        assertEquals(List.of(), report.errors());
        assertTrue(report.scenarioTests().passed() > 0, "the shipped scenario tests ran");
        assertEquals(0, report.scenarioTests().failed());
        assertSame(report, m.lastReload());
        assertEquals(report.version(), m.active().version());
        assertEquals(List.of(report), heard, "a listener added before start hears the first load");
        assertEquals(rules.dir, m.dir());
    }

    @Test
    void aFolderThatDoesNotCompileDoesNotStart() {
        RulesCopy rules = RulesCopy.of(tmp)
                .replace("50-ordinary-messages.drl", "    Recall( !latest )\n", "    Recall( !latest \n");
        PolicyManager m = manager(rules.dir);

        PolicyRejectedException e = assertThrows(PolicyRejectedException.class, m::start);

        assertFalse(e.errors().isEmpty());
        PolicyError error = e.errors().get(0);
        assertEquals("50-ordinary-messages.drl", error.file(), error.format());
        assertTrue(error.line() > 0, error.format());
        assertNull(m.active(), "nothing decides");
        ReloadReport report = m.lastReload();
        assertFalse(report.active());
        assertEquals("rejected", report.status());
        assertEquals(RuleFolder.read(rules.dir).version(), report.version(), "the version that was tried");
        assertEquals(e.errors(), report.errors());
        assertEquals(List.of(report), heard);
    }

    /** The README's edit without its test adjustments: the folder compiles, three window tests fail. */
    @Test
    void aFolderWhoseScenarioTestsFailDoesNotStartAndTheFailuresAreNamed() {
        RulesCopy rules = RulesCopy.of(tmp)
                .replace("settings.csv", "after_sales,yes,window,2 minutes", "after_sales,yes,window,5 minutes");
        PolicyManager m = manager(rules.dir);

        PolicyRejectedException e = assertThrows(PolicyRejectedException.class, m::start);

        ReloadReport report = m.lastReload();
        assertEquals(List.of(), report.errors(), "the folder compiles");
        assertTrue(report.scenarioTests().failed() > 0);
        assertEquals(report.scenarioTests().failed(), e.errors().size(), "one error per failed scenario test");
        for (PolicyError error : e.errors()) {
            assertEquals("tests/07-after-sales.yaml", error.file(), error.format());
            assertTrue(error.message().startsWith("scenario test failed: "), error.format());
        }
        assertNull(m.active());
    }

    @Test
    void aMissingFolderDoesNotStart() {
        PolicyManager m = manager(tmp.resolve("no-rules-here"));

        PolicyRejectedException e = assertThrows(PolicyRejectedException.class, m::start);

        assertEquals(1, e.errors().size());
        assertNull(e.errors().get(0).file());
        assertTrue(e.errors().get(0).message().contains("does not exist"), e.getMessage());
        ReloadReport report = m.lastReload();
        assertNull(report.version(), "no folder, no version");
        assertFalse(report.active());
        assertEquals(T0, report.at());
        assertEquals(ScenarioTestResult.NONE, report.scenarioTests());
        assertEquals(List.of(report), heard);
    }

    // ---- reloads ----

    @Test
    void anUnchangedFolderIsNotCompiledAgainUnlessTheReloadIsForced() throws Exception {
        PolicyManager m = manager(RulesCopy.of(tmp).dir);
        ReloadReport first = m.start();
        RuleSet firstRules = m.active();
        clock.set(T0.plusSeconds(60));

        assertSame(first, await(m.reloadIfChanged()), "the last report, as it was");
        assertSame(firstRules, m.active());
        assertSame(first, m.lastReload());
        assertEquals(List.of(first), heard, "nothing loaded, nothing to tell");

        ReloadReport forced = await(m.reload());
        assertNotSame(first, forced);
        assertTrue(forced.active());
        assertEquals(T0.plusSeconds(60), forced.at());
        assertEquals(first.version(), forced.version());
        assertNotSame(firstRules, m.active(), "compiled again");
        assertEquals(first.version(), m.active().version());
        assertSame(forced, m.lastReload());
        assertEquals(List.of(first, forced), heard);
    }

    @Test
    void aGoodChangeBecomesActive() throws Exception {
        RulesCopy rules = RulesCopy.of(tmp);
        PolicyManager m = manager(rules.dir);
        ReloadReport first = m.start();
        assertEquals("Only the person who sent a message can recall it.", notSenderSentence(m.active()));

        rules.replace(
                "messages.csv",
                "Only the person who sent a message can recall it.",
                "Only its sender may recall a message.");
        clock.set(T0.plusSeconds(5));
        ReloadReport second = await(m.reloadIfChanged());

        assertTrue(second.active());
        assertEquals(T0.plusSeconds(5), second.at());
        assertNotEquals(first.version(), second.version());
        assertEquals(RuleFolder.read(rules.dir).version(), second.version());
        assertEquals(second.version(), m.active().version());
        assertEquals("Only its sender may recall a message.", notSenderSentence(m.active()), "the new rules decide");
        assertSame(second, m.lastReload());
        assertEquals(List.of(first, second), heard);
    }

    /**
     * A broken change is rejected and the rules in force keep deciding; asking again without a
     * change gives the same rejection without compiling; the folder put right is active again.
     */
    @Test
    void aRejectedChangeLeavesThePreviousRulesDecidingUntilTheFolderIsPutRight() throws Exception {
        RulesCopy rules = RulesCopy.of(tmp);
        PolicyManager m = manager(rules.dir);
        ReloadReport good = m.start();
        RuleSet inForce = m.active();
        String drl = rules.read("20-disputes.drl");

        rules.replace("20-disputes.drl", "    Recall( held )\n", "    Recall( hled )\n");
        clock.set(T0.plusSeconds(10));
        ReloadReport rejected = await(m.reloadIfChanged());

        assertFalse(rejected.active());
        assertEquals(T0.plusSeconds(10), rejected.at());
        assertEquals(RuleFolder.read(rules.dir).version(), rejected.version());
        assertEquals(1, rejected.errors().size(), rejected.errors().toString());
        PolicyError error = rejected.errors().get(0);
        assertEquals("20-disputes.drl", error.file());
        assertEquals(rules.lineOf("20-disputes.drl", "Recall( hled )"), error.line());
        assertTrue(error.message().contains("hled"), error.format());
        assertSame(inForce, m.active(), "the previous rules keep deciding");
        assertSame(rejected, m.lastReload());

        clock.set(T0.plusSeconds(20));
        assertSame(rejected, await(m.reloadIfChanged()), "the same folder is not tried again");
        assertEquals(List.of(good, rejected), heard);

        rules.write("20-disputes.drl", drl);
        ReloadReport fixed = await(m.reloadIfChanged());
        assertTrue(fixed.active());
        assertEquals(T0.plusSeconds(20), fixed.at());
        assertEquals(good.version(), fixed.version(), "the folder as it was");
        assertEquals(good.version(), m.active().version());
        assertEquals(List.of(good, rejected, fixed), heard);
    }

    @Test
    void aFolderThatDisappearsIsReportedAndThePreviousRulesKeepDeciding() throws Exception {
        RulesCopy rules = RulesCopy.of(tmp);
        PolicyManager m = manager(rules.dir);
        ReloadReport good = m.start();
        RuleSet inForce = m.active();
        Path moved = Files.move(rules.dir, tmp.resolve("moved-away"));

        ReloadReport missing = await(m.reloadIfChanged());

        assertFalse(missing.active());
        assertNull(missing.version());
        assertTrue(
                missing.errors().get(0).message().contains("does not exist"),
                missing.errors().toString());
        assertSame(inForce, m.active());
        assertSame(missing, m.lastReload());

        Files.move(moved, rules.dir);
        ReloadReport back = await(m.reloadIfChanged());
        assertTrue(back.active());
        assertEquals(good.version(), back.version());
        assertEquals(List.of(good, missing, back), heard);
    }

    // ---- listeners ----

    @Test
    void everyListenerHearsEveryLoadAttemptInOrder() throws Exception {
        RulesCopy rules = RulesCopy.of(tmp);
        PolicyManager m = manager(rules.dir);
        List<ReloadReport> second = new CopyOnWriteArrayList<>();
        m.addListener(second::add);
        ReloadReport started = m.start();
        List<ReloadReport> late = new CopyOnWriteArrayList<>();
        m.addListener(late::add);

        rules.replace("20-disputes.drl", "    Recall( held )\n", "    Recall( hled )\n");
        ReloadReport rejected = await(m.reloadIfChanged());
        await(m.reloadIfChanged()); // unchanged: no attempt, nothing heard
        ReloadReport forced = await(m.reload());

        assertFalse(forced.active(), "forcing compiles the broken folder again");
        assertEquals(List.of(started, rejected, forced), heard);
        assertEquals(heard, second);
        assertEquals(List.of(rejected, forced), late, "a listener added later hears the loads from then on");
    }

    /** A listener that throws costs neither the other listeners their news nor the reload its answer. */
    @Test
    void aListenerThatThrowsDoesNotStopTheOthersOrTheReload() throws Exception {
        RulesCopy rules = RulesCopy.of(tmp);
        manager = new PolicyManager(vertx, rules.dir, LOADER, clock);
        manager.addListener(report -> {
            throw new IllegalStateException("a broken metrics listener");
        });
        manager.addListener(heard::add);

        ReloadReport started = manager.start();
        assertTrue(started.active());
        ReloadReport forced = await(manager.reload());
        assertTrue(forced.active());
        assertEquals(List.of(started, forced), heard);
    }

    @Test
    void aClosedManagerAnswersReloadsWithAFailure() throws Exception {
        PolicyManager m = manager(RulesCopy.of(tmp).dir);
        m.start();
        m.close();
        manager = null;
        Future<ReloadReport> after = m.reload();
        assertNotNull(after);
        assertThrows(
                Exception.class, () -> after.await(60, TimeUnit.SECONDS), "a closed manager answers, with a failure");
    }

    // ---- helpers ----

    private static ReloadReport await(Future<ReloadReport> f) throws Exception {
        return f.await(60, TimeUnit.SECONDS);
    }

    /** The English sentence the rules answer a request by someone other than the sender with. */
    private static String notSenderSentence(RuleSet rules) {
        Message message =
                new Message("m-1", "u-1", Role.CUSTOMER, MessageKind.TEXT, "hello", T0, null, true, List.of());
        RecallRequest request = new RecallRequest(
                null,
                Mode.PREVIEW,
                "after_sales",
                "c-1",
                message,
                new Requester("agent-1", Role.AGENT),
                T0.plus(Duration.ofSeconds(30)));
        return rules.decide(request, List.of(), "d-1", AcceptLanguage.parse("en"))
                .decision()
                .decisiveReason()
                .message();
    }

    /** A clock the test sets. */
    private static final class SettableClock extends Clock {
        private volatile Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        void set(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
