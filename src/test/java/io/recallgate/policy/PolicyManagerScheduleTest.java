package io.recallgate.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recallgate.http.contract.RequestParser;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PolicyManager#reload()} and {@link PolicyManager#reloadIfChanged()} called by many
 * callers at once, as the watcher, the periodic re-scan and {@code POST /v1/policy/reload} do
 * under load: every caller gets an answer, and a burst that arrives while a load runs is folded
 * into one follow-up load (issue 9 §6: a race in {@code schedule} threw in {@code finished} and
 * left the waiting callers unanswered).
 *
 * <p>The bounds (60 s, where a load of an unchanged folder takes milliseconds) only detect a
 * hang: a caller that was dropped would wait forever. They measure no speed.
 */
class PolicyManagerScheduleTest {

    private static final long BOUND_SECONDS = 60;
    private static final int CALLS_EACH = 1_000;

    @TempDir
    static Path tmp;

    private static Vertx vertx;
    private static PolicyManager policy;
    private static final Queue<Throwable> uncaught = new ConcurrentLinkedQueue<>();
    private static final List<ReloadReport> loads = new CopyOnWriteArrayList<>();
    /** What the current test does when a load reports, on the compiler thread. */
    private static volatile Consumer<ReloadReport> onLoad = report -> {};

    @BeforeAll
    static void startOnACopyOfTheShippedRules() throws Exception {
        Path rules = tmp.resolve("rules");
        copy(Path.of("rules"), rules);
        vertx = Vertx.vertx();
        vertx.exceptionHandler(uncaught::add); // exceptions thrown in completion handlers land here
        policy = new PolicyManager(
                vertx, rules, new RuleSetLoader(Clock.systemUTC(), RequestParser.load()::read), Clock.systemUTC());
        policy.start();
        policy.addListener(report -> {
            loads.add(report);
            onLoad.accept(report);
        });
    }

    @AfterAll
    static void stop() throws Exception {
        policy.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(BOUND_SECONDS, TimeUnit.SECONDS);
    }

    @BeforeEach
    void clear() {
        uncaught.clear();
        loads.clear();
        onLoad = report -> {};
    }

    /**
     * The situation of the service under load, on the shipped rules: many callers at once (see
     * {@link #callFromEverywhere}). Whether the race shows depends on thread scheduling; on a busy
     * two-core machine the old code lost callers here in every run.
     */
    @Test
    void everyCallerIsAnsweredUnderSaturation() throws Exception {
        callFromEverywhere(policy, CALLS_EACH, ReloadReport::active);
    }

    /**
     * The race made certain: the compiler thread's executor hands each load's future back only
     * once the load has finished, which is what happens when the thread that started a load is
     * descheduled before it registers for the load's end. (The folder does not exist, so each
     * load is a quick rejected attempt; what matters is that every caller hears of it.)
     */
    @Test
    void everyCallerIsAnsweredWhenLoadsFinishBeforeTheirCallbackIsRegistered() throws Exception {
        PolicyManager manager = new PolicyManager(
                finishingEachLoadBeforeReturning(vertx),
                tmp.resolve("no-such-folder"),
                new RuleSetLoader(Clock.systemUTC(), RequestParser.load()::read),
                Clock.systemUTC());
        try {
            callFromEverywhere(manager, 200, report -> !report.active());
        } finally {
            manager.close();
        }
    }

    /**
     * Callers ask whether the folder changed and ask again as soon as they are answered, so that
     * nearly every load has callers waiting for a follow-up: half are plain threads, half are
     * Vert.x event-loop contexts (where the watcher, the re-scan timer and the HTTP handler call
     * from). Every call must return a future, every future must complete with the expected
     * report, and nothing may throw.
     */
    private static void callFromEverywhere(PolicyManager manager, int callsEach, Predicate<ReloadReport> expected)
            throws InterruptedException {
        int threads = 4;
        int contexts = 4;
        Callers callers = new Callers(manager, callsEach, expected, threads + contexts);
        for (int c = 0; c < contexts; c++) {
            Context context = vertx.getOrCreateContext();
            context.runOnContext(v -> callers.callOnContext(context, 0));
        }
        List<Thread> plain = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            plain.add(new Thread(callers::callFromThread));
        }
        plain.forEach(Thread::start);

        boolean allDone = callers.done.await(BOUND_SECONDS, TimeUnit.SECONDS);
        assertEquals(List.of(), List.copyOf(callers.problems));
        assertEquals(List.of(), List.copyOf(uncaught), "exceptions in PolicyManager's completion handlers");
        assertTrue(allDone, "callers still waiting for an answer");
        assertEquals((threads + contexts) * callsEach, callers.answered.get());
    }

    /**
     * A burst of calls that arrives while a load runs is answered by one follow-up load: two
     * loads in all, every caller of the burst gets the follow-up's report, and the follow-up
     * compiles because some of the burst forced it.
     */
    @Test
    void aBurstDuringALoadFoldsIntoOneFollowUpLoad() throws Exception {
        CountDownLatch firstLoadHeld = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        onLoad = report -> {
            if (loads.size() == 1) {
                firstLoadHeld.countDown();
                await(release); // the first load keeps running until the whole burst has arrived
            }
        };

        Future<ReloadReport> first = policy.reload();
        assertTrue(firstLoadHeld.await(BOUND_SECONDS, TimeUnit.SECONDS), "the first load did not run");
        Queue<Future<ReloadReport>> burst = new ConcurrentLinkedQueue<>();
        List<Thread> callers = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            boolean force = t == 0;
            callers.add(new Thread(() -> {
                for (int i = 0; i < 50; i++) {
                    burst.add(force && i == 25 ? policy.reload() : policy.reloadIfChanged());
                }
            }));
        }
        callers.forEach(Thread::start);
        for (Thread caller : callers) {
            caller.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));
        }
        assertEquals(1, loads.size(), "the burst waits for the running load");
        release.countDown();

        ReloadReport firstReport = get(first);
        ReloadReport followUp = get(burst.peek());
        for (Future<ReloadReport> answer : burst) {
            assertSame(followUp, get(answer), "every caller of the burst gets the follow-up load's report");
        }
        assertEquals(300, burst.size());
        assertEquals(List.of(firstReport, followUp), List.copyOf(loads), "the first load and one forced follow-up");
        assertTrue(followUp.active());
        assertEquals(List.of(), List.copyOf(uncaught));
    }

    /** Unforced calls on an unchanged folder are all answered, and nothing is compiled again. */
    @Test
    void aBurstOfUnforcedCallsDoesNotCompileAnUnchangedFolder() throws Exception {
        List<Future<ReloadReport>> answers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            answers.add(policy.reloadIfChanged());
        }
        for (Future<ReloadReport> answer : answers) {
            assertTrue(get(answer).active());
        }
        assertEquals(List.of(), List.copyOf(loads), "an unchanged folder is not compiled again");
    }

    /** Callers that each call {@code callsEach} times, asking again once answered. */
    private static final class Callers {
        final PolicyManager manager;
        final int callsEach;
        final Predicate<ReloadReport> expected;
        final AtomicInteger answered = new AtomicInteger();
        final Queue<String> problems = new ConcurrentLinkedQueue<>();
        final CountDownLatch done;

        Callers(PolicyManager manager, int callsEach, Predicate<ReloadReport> expected, int callers) {
            this.manager = manager;
            this.callsEach = callsEach;
            this.expected = expected;
            this.done = new CountDownLatch(callers);
        }

        void callFromThread() {
            for (int i = 0; i < callsEach; i++) {
                Future<ReloadReport> answer = call(i);
                if (answer == null) {
                    return;
                }
                try {
                    check(get(answer));
                } catch (Exception e) {
                    problems.add("call " + i + " of a thread was not answered: " + e);
                    return;
                }
            }
            done.countDown();
        }

        /** Calls, and once answered calls again from the same context; a dropped caller stops. */
        void callOnContext(Context context, int i) {
            if (i == callsEach) {
                done.countDown();
                return;
            }
            Future<ReloadReport> answer = call(i);
            if (answer == null) {
                return;
            }
            answer.onComplete(ar -> {
                if (ar.failed()) {
                    problems.add("call " + i + " failed: " + ar.cause());
                    return;
                }
                check(ar.result());
                context.runOnContext(v -> callOnContext(context, i + 1));
            });
        }

        private Future<ReloadReport> call(int i) {
            try {
                Future<ReloadReport> answer = manager.reloadIfChanged();
                if (answer == null) {
                    problems.add("call " + i + " returned null instead of a Future");
                }
                return answer;
            } catch (RuntimeException e) {
                problems.add("call " + i + " threw " + e);
                return null;
            }
        }

        private void check(ReloadReport report) {
            if (report == null || !expected.test(report)) {
                problems.add("unexpected report " + report);
            }
            answered.incrementAndGet();
        }
    }

    /**
     * {@code real}, except that the worker executors it creates return from {@code
     * executeBlocking} only once the blocking code has finished and its future is complete.
     */
    private static Vertx finishingEachLoadBeforeReturning(Vertx real) {
        return proxy(Vertx.class, real, (method, result) -> {
            if (!method.getName().equals("createSharedWorkerExecutor")) {
                return result;
            }
            return proxy(WorkerExecutor.class, (WorkerExecutor) result, (m, r) -> {
                if (m.getName().equals("executeBlocking")) {
                    Future<?> load = (Future<?>) r;
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
                    while (!load.isComplete() && System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    }
                }
                return r;
            });
        });
    }

    /** A proxy that calls {@code target} and lets {@code after} see or replace each result. */
    private static <T> T proxy(Class<T> type, T target, BiFunction<Method, Object, Object> after) {
        InvocationHandler handler = (p, method, args) -> {
            try {
                return after.apply(method, method.invoke(target, args));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    private static ReloadReport get(Future<ReloadReport> answer) throws Exception {
        return answer.toCompletionStage().toCompletableFuture().get(BOUND_SECONDS, TimeUnit.SECONDS);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(BOUND_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }
}
