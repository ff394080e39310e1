package io.recallgate.policy;

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
    private final RuleSetLoader loader;
    private final Clock clock;
    private final WorkerExecutor compilerThread;
    private final AtomicReference<RuleSet> active = new AtomicReference<>();
    private volatile ReloadReport lastReload;
    private final List<ReloadListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    private Future<ReloadReport> running;
    private Promise<ReloadReport> queued;
    private boolean queuedForce;

    /** Told of every load attempt, e.g. for metrics. */
    public interface ReloadListener {
        void reloaded(ReloadReport report);
    }

    public PolicyManager(Vertx vertx, Path dir, RuleSetLoader loader, Clock clock) {
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

    private synchronized Future<ReloadReport> schedule(boolean force) {
        if (running == null) {
            running = compilerThread.executeBlocking(() -> loadNow(force), true);
            running.onComplete(ar -> finished());
            return running;
        }
        if (queued == null) {
            queued = Promise.promise();
        }
        queuedForce |= force;
        return queued.future();
    }

    private synchronized void finished() {
        running = null;
        if (queued != null) {
            Promise<ReloadReport> next = queued;
            boolean force = queuedForce;
            queued = null;
            queuedForce = false;
            schedule(force).onComplete(next);
        }
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

    private ReloadReport record(ReloadReport report) {
        lastReload = report;
        for (ReloadListener l : listeners) {
            l.reloaded(report);
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
