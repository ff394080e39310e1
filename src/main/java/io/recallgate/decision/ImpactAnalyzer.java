package io.recallgate.decision;

import static net.logstash.logback.argument.StructuredArguments.kv;

import io.recallgate.policy.RuleFolder;
import io.recallgate.policy.RuleSetLoader;
import io.recallgate.store.ReplayScan;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Impact analysis (API.md, {@code POST /v1/policy/impact}): what a candidate rules folder would do
 * to the caller's stored decisions, before anyone saves it. Nothing is written, anywhere.
 *
 * <ol>
 *   <li>The candidate is built in memory ({@link RuleFolder#of}: never on disk, where the watcher
 *       would see it) and passed through the very gate a reload uses ({@link RuleSetLoader#load}:
 *       compile, then the folder's scenario tests). A folder the gate would not activate is
 *       answered as rejected, with its errors and failed tests, and nothing is replayed.</li>
 *   <li>Otherwise every stored enforce decision of the tenant evaluated in {@code [since, until)}
 *       is decided again from its stored facts ({@code RuleSet.evaluate}), page by page as
 *       {@link ReplayScan} streams them from PostgreSQL, and {@link ImpactTally} counts the changes.</li>
 * </ol>
 *
 * <p>Compiling and replaying are CPU work, done on one worker thread of their own
 * ({@value #WORKER}), never on an event loop and never on the thread that compiles reloads: on a
 * small machine an analysis takes at most one processor and the decisions keep the others. At
 * most {@value #MAX_RUNNING} analyses are in the service at once (one works while the other
 * waits for the worker); another is refused ({@link ImpactBusyException}, 503). A window that
 * holds more than {@value #MAX_RECORDS} stored decisions is refused before anything is replayed.
 */
public final class ImpactAnalyzer {

    private static final Logger LOG = LoggerFactory.getLogger(ImpactAnalyzer.class);

    /** The stored decisions one analysis replays at most. */
    public static final long MAX_RECORDS = 500_000;

    /** Analyses in the service at once; the next is answered 503. */
    public static final int MAX_RUNNING = 2;

    /** Stored decisions fetched and replayed at a time. */
    static final int PAGE_SIZE = 2_000;

    static final String WORKER = "recallgate-impact";

    private final RuleSetLoader loader;
    private final ReplayScan scan;
    private final WorkerExecutor worker;
    private final AtomicInteger running = new AtomicInteger();

    /** @param loader the loader the policy manager reloads with: a candidate passes the same gate */
    public ImpactAnalyzer(Vertx vertx, RuleSetLoader loader, ReplayScan scan) {
        this.loader = loader;
        this.scan = scan;
        // one thread: an analysis never takes more than one processor; compiling a folder may
        // take seconds on a busy machine, which is no blocked thread
        this.worker = vertx.createSharedWorkerExecutor(WORKER, 1, 2, TimeUnit.MINUTES);
    }

    /**
     * What {@code request}'s candidate would do to {@code tenant}'s stored decisions.
     *
     * @return the report; fails with {@link ImpactBusyException} when too many analyses run,
     *     {@link io.recallgate.store.TooManyRecordsException} when the window holds too many
     *     decisions, {@link io.recallgate.store.StoreUnavailableException} when the database fails
     */
    public Future<ImpactReport> analyze(String tenant, ImpactRequest request) {
        int now = running.incrementAndGet();
        if (now > MAX_RUNNING) {
            running.decrementAndGet();
            return Future.failedFuture(new ImpactBusyException(now - 1));
        }
        long started = System.nanoTime();
        Future<ImpactReport> report;
        try {
            report = worker.executeBlocking(() -> loader.load(RuleFolder.of(request.files())), false)
                    .compose(attempt -> {
                        String version = attempt.folder().version();
                        if (!attempt.accepted()) {
                            return Future.succeededFuture(
                                    ImpactReport.rejected(version, attempt.errors(), attempt.tests()));
                        }
                        ImpactTally tally = new ImpactTally(attempt.ruleSet());
                        return scan.scan(
                                        tenant,
                                        request.since(),
                                        request.until(),
                                        MAX_RECORDS,
                                        PAGE_SIZE,
                                        page -> worker.executeBlocking(
                                                () -> {
                                                    tally.add(page);
                                                    return null;
                                                },
                                                false))
                                .map(scanned -> report(version, attempt, tally));
                    });
        } catch (RuntimeException e) { // the worker is closed: the service is stopping
            report = Future.failedFuture(e);
        }
        return report.onComplete(r -> {
            running.decrementAndGet();
            if (r.succeeded()) {
                ImpactReport done = r.result();
                LOG.info(
                        "policy impact: candidate {} {}, {} replayed, {} changed, {} skipped in {} ms",
                        done.candidateVersion(),
                        done.valid() ? "valid" : "rejected",
                        done.replayed(),
                        done.changed(),
                        done.skipped(),
                        (System.nanoTime() - started) / 1_000_000,
                        kv("tenant", tenant));
            }
        });
    }

    private static ImpactReport report(String version, RuleSetLoader.Attempt attempt, ImpactTally tally) {
        if (tally.failing() > 0 || tally.unreadable() > 0) {
            LOG.warn(
                    "policy impact: candidate {}: {} stored decisions with facts were not replayed ({} unreadable,"
                            + " {} the candidate's rules failed on)",
                    version,
                    tally.unreadable() + tally.failing(),
                    tally.unreadable(),
                    tally.failing());
        }
        return new ImpactReport(
                version,
                true,
                attempt.errors(),
                attempt.tests(),
                tally.replayed(),
                tally.changed(),
                tally.skipped(),
                tally.transitions());
    }

    public void close() {
        worker.close();
    }
}
