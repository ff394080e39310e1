package io.recallgate.decision;

import io.recallgate.metrics.Metrics;
import io.recallgate.policy.PolicyManager;
import io.recallgate.policy.ReloadReport;
import io.recallgate.policy.RuleFile;
import io.recallgate.policy.RuleSet;
import io.recallgate.store.PolicyArchive;
import io.vertx.core.AsyncResult;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Archives every rule set when it becomes active (at start and on every successful reload), so
 * that every {@code policyVersion} a decision reports can be resolved to its files later.
 *
 * <p>Activation never waits for the archive: it only queues the rule set here. The queue is
 * written in order, one activation at a time; when the database does not answer, the head of the
 * queue is retried with a growing pause (0.5 s doubling up to 30 s) until it is stored, so an
 * activation that happened during an outage is archived when the database is back. The write is
 * idempotent ({@link PolicyArchive#store}), so a retry after an answer that was lost, or another
 * replica archiving the same version, does no harm. What is still queued when the process stops
 * is lost; the rule set is archived again at the next start if it is still the folder's content.
 */
public final class PolicyArchiver implements PolicyManager.ReloadListener {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyArchiver.class);
    static final long FIRST_RETRY_MILLIS = 500;
    static final long MAX_RETRY_MILLIS = 30_000;

    private record Activation(String version, Instant at, List<PolicyArchive.File> files) {}

    private final Vertx vertx;
    private final PolicyManager policy;
    private final PolicyArchive archive;

    private final Metrics metrics;

    // guarded by this
    private final Deque<Activation> queue = new ArrayDeque<>();
    private boolean writing;
    private long retryTimer = -1;
    private int failures;
    private boolean closed;

    public PolicyArchiver(Vertx vertx, PolicyManager policy, PolicyArchive archive) {
        this(vertx, policy, archive, Metrics.NONE);
    }

    /** @param metrics told how many activations wait to be archived, whenever that changes */
    public PolicyArchiver(Vertx vertx, PolicyManager policy, PolicyArchive archive, Metrics metrics) {
        this.metrics = metrics;
        this.vertx = vertx;
        this.policy = policy;
        this.archive = archive;
    }

    /** Queues the archive of {@code ruleSet}, activated at {@code at}; returns at once. */
    public void activated(RuleSet ruleSet, Instant at) {
        List<PolicyArchive.File> files =
                ruleSet.files().stream().map(PolicyArchiver::file).toList();
        synchronized (this) {
            if (closed) {
                return;
            }
            queue.addLast(new Activation(ruleSet.version(), at, files));
            metrics.policyArchivePending(queue.size());
            if (!writing && retryTimer < 0) {
                writeNext();
            }
        }
    }

    /** A successful reload activated the rule set the manager now holds (listeners run right after the swap). */
    @Override
    public void reloaded(ReloadReport report) {
        if (!report.active()) {
            return;
        }
        RuleSet active = policy.active();
        if (active != null && active.version().equals(report.version())) {
            activated(active, report.at());
        }
    }

    /** Activations not yet stored (exported as a metric: above zero means the database is not answering). */
    public synchronized int pending() {
        return queue.size();
    }

    /** Stops retrying; says in the log what could not be stored. */
    public synchronized void close() {
        closed = true;
        if (retryTimer >= 0) {
            vertx.cancelTimer(retryTimer);
            retryTimer = -1;
        }
        if (!queue.isEmpty()) {
            LOG.warn(
                    "{} policy activation(s) not archived at shutdown (versions {}); they are archived again"
                            + " when a replica activates them",
                    queue.size(),
                    queue.stream().map(Activation::version).distinct().toList());
        }
    }

    private synchronized void writeNext() {
        Activation next = queue.peekFirst();
        if (next == null || closed) {
            writing = false;
            return;
        }
        writing = true;
        archive.store(next.version(), next.at(), next.files()).onComplete(ar -> written(next, ar));
    }

    private synchronized void written(Activation a, AsyncResult<Void> ar) {
        writing = false;
        if (ar.succeeded()) {
            queue.removeFirst();
            metrics.policyArchivePending(queue.size());
            if (failures > 0) {
                LOG.info("policy {} archived after {} failed attempt(s)", a.version(), failures);
            } else {
                LOG.debug("policy {} archived", a.version());
            }
            failures = 0;
            writeNext();
            return;
        }
        failures++;
        long delay = Math.min(MAX_RETRY_MILLIS, FIRST_RETRY_MILLIS << Math.min(failures - 1, 10));
        if (failures == 1 || failures % 20 == 0) {
            LOG.warn(
                    "archiving policy {} failed ({} attempt(s)); retrying every {} s at most: {}",
                    a.version(),
                    failures,
                    MAX_RETRY_MILLIS / 1000,
                    ar.cause().getMessage());
        }
        if (!closed) {
            retryTimer = vertx.setTimer(delay, id -> {
                synchronized (this) {
                    retryTimer = -1;
                    writeNext();
                }
            });
        }
    }

    private static PolicyArchive.File file(RuleFile f) {
        return new PolicyArchive.File(f.path(), f.sha256(), f.content());
    }
}
