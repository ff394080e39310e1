package io.recallgate.policy;

import io.recallgate.metrics.Metrics;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the active rule set and swaps it atomically when the folder changes. A folder that does
 * not compile, or whose scenario tests fail, never becomes active: the last good rule set keeps
 * deciding, and {@link #lastReload()} says why the new one was rejected.
 *
 * <p>Loads run one at a time on a dedicated worker thread; requests that arrive while one runs
 * are folded into a single follow-up load, so a burst of saves compiles at most twice.
 */
public final class PolicyManager {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyManager.class);

    private final Path dir;
    private final Metrics metrics;
    private final RuleSetLoader loader;
    private final Clock clock;
    private final WorkerExecutor compilerThread;
    private final AtomicReference<RuleSet> active = new AtomicReference<>();
    private volatile ReloadReport lastReload;
    private final List<ReloadListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    // Guarded by this: whether a load runs, and the answer every caller that asked while it ran
    // shares (null when none asked) with whether any of them forced the load.
    private boolean loading;
    private Promise<ReloadReport> queued;
    private boolean queuedForce;

    /** Told of every load attempt (the policy archive: what became active). */
    public interface ReloadListener {
        void reloaded(ReloadReport report);
    }

    public PolicyManager(Vertx vertx, Path dir, RuleSetLoader loader, Clock clock) {
        this(vertx, dir, loader, clock, Metrics.NONE);
    }

    /** @param metrics told of every load attempt */
    public PolicyManager(Vertx vertx, Path dir, RuleSetLoader loader, Clock clock, Metrics metrics) {
        this.metrics = metrics;
        this.dir = dir;
        this.loader = loader;
        this.clock = clock;
        this.compilerThread = vertx.createSharedWorkerExecutor("recallgate-policy-compiler", 1);
    }

    /**
     * Loads the folder for the first time, blocking. The service does not start without a good
     * rule set.
     */
    public ReloadReport start() throws PolicyRejectedException {
        ReloadReport report = loadNow(true);
        if (!report.active()) {
            throw new PolicyRejectedException(
                    report.errors().isEmpty()
                            ? report.scenarioTests().failures().stream()
                                    .map(f -> new PolicyError(f.file(), 0, 0, "scenario test failed: " + f.format()))
                                    .toList()
                            : report.errors());
        }
        return report;
    }

    /** The rule set deciding now. Never null once {@link #start()} returned. */
    public RuleSet active() {
        return active.get();
    }

    public ReloadReport lastReload() {
        return lastReload;
    }

    public void addListener(ReloadListener listener) {
        listeners.add(listener);
    }

    /** Reloads now (e.g. {@code POST /v1/policy/reload}); compiles even if the folder looks unchanged. */
    public Future<ReloadReport> reload() {
        return schedule(true);
    }

    /** Reloads if the folder's version differs from the last one tried (watcher and re-scan). */
    public Future<ReloadReport> reloadIfChanged() {
        return schedule(false);
    }

    /**
     * Starts a load now if none runs; otherwise the caller waits for the one follow-up load that
     * starts when the running one finishes, and shares its answer with every other caller that
     * asked meanwhile (forced if any of them forced). Every caller is answered, also when a load
     * fails.
     *
     * <p>Each load carries its own answer from start to {@link #finished}; nothing is read back
     * from a field after the load was started. (A load can finish before its {@code onComplete}
     * is even registered, and then {@code finished} runs at once on the registering thread: the
     * old code, which returned a field that {@code finished} had just cleared, lost callers that
     * way.) No lock is held while a load is started or callers are answered.
     */
    private Future<ReloadReport> schedule(boolean force) {
        synchronized (this) {
            if (loading) {
                if (queued == null) {
                    queued = Promise.promise();
                }
                queuedForce |= force;
                return queued.future();
            }
            loading = true;
        }
        Promise<ReloadReport> answer = Promise.promise();
        startLoad(force, answer);
        return answer.future();
    }

    /** Runs one load on the compiler thread and hands its outcome to {@link #finished}. */
    private void startLoad(boolean force, Promise<ReloadReport> answer) {
        Future<ReloadReport> load;
        try {
            load = compilerThread.executeBlocking(() -> loadNow(force), true);
        } catch (RuntimeException e) { // the executor is closed: answer instead of leaving callers waiting
            load = Future.failedFuture(e);
        }
        load.onComplete(outcome -> finished(outcome, answer));
    }

    /** Starts the follow-up load if anyone asked while this one ran, then answers this load's callers. */
    private void finished(AsyncResult<ReloadReport> outcome, Promise<ReloadReport> answer) {
        Promise<ReloadReport> next;
        boolean force;
        synchronized (this) {
            next = queued;
            force = queuedForce;
            queued = null;
            queuedForce = false;
            loading = next != null;
        }
        if (next != null) {
            startLoad(force, next);
        }
        answer.handle(outcome);
    }

    private ReloadReport loadNow(boolean force) {
        RuleFolder folder;
        try {
            folder = RuleFolder.read(dir);
        } catch (RuntimeException e) {
            return record(new ReloadReport(
                    clock.instant(),
                    null,
                    false,
                    List.of(new PolicyError(null, 0, 0, e.getMessage())),
                    ScenarioTestResult.NONE));
        }
        ReloadReport last = lastReload;
        if (!force && last != null && folder.version().equals(last.version())) {
            return last; // nothing changed since the last attempt, good or bad
        }
        RuleSetLoader.Attempt attempt = loader.load(folder);
        ReloadReport report = new ReloadReport(
                clock.instant(), folder.version(), attempt.accepted(), attempt.errors(), attempt.tests());
        if (attempt.accepted()) {
            RuleSet previous = active.getAndSet(attempt.ruleSet());
            LOG.info(
                    "policy {} active ({} files, {} scenario tests passed){}",
                    folder.version(),
                    folder.files().size(),
                    attempt.tests().passed(),
                    previous == null ? "" : ", replacing " + previous.version());
            if (!attempt.ruleSet().warnings().isEmpty()) {
                LOG.warn(
                        "policy {} warnings: {}",
                        folder.version(),
                        attempt.ruleSet().warnings().stream()
                                .map(PolicyError::format)
                                .toList());
            }
        } else {
            LOG.warn(
                    "policy {} rejected; {} stays active. errors: {}; failed scenario tests: {}",
                    folder.version(),
                    active.get() == null ? "nothing" : active.get().version(),
                    attempt.errors().stream().map(PolicyError::format).toList(),
                    attempt.tests().failures().stream()
                            .map(ScenarioTestResult.Failure::format)
                            .toList());
        }
        return record(report);
    }

    /**
     * Keeps the report and tells the listeners. A listener that throws is logged and skipped: the
     * rules are already active or rejected, and the other listeners (the policy archive among
     * them) and the caller still hear of it.
     */
    private ReloadReport record(ReloadReport report) {
        lastReload = report;
        metrics.policyLoaded(report.active());
        for (ReloadListener l : listeners) {
            try {
                l.reloaded(report);
            } catch (RuntimeException e) {
                LOG.error(
                        "a reload listener ({}) failed on policy {}",
                        l.getClass().getName(),
                        report.version(),
                        e);
            }
        }
        return report;
    }

    public Path dir() {
        return dir;
    }

    public void close() {
        compilerThread.close();
    }
}
