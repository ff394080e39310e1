package io.recallgate;

import io.recallgate.config.Settings;
import io.recallgate.decision.DecisionService;
import io.recallgate.decision.ImpactAnalyzer;
import io.recallgate.decision.PolicyArchiver;
import io.recallgate.http.ApiServices;
import io.recallgate.http.HttpLimits;
import io.recallgate.http.HttpServerVerticle;
import io.recallgate.http.Inflight;
import io.recallgate.http.auth.ApiKeys;
import io.recallgate.http.auth.RateLimiter;
import io.recallgate.http.contract.BodyValidator;
import io.recallgate.http.contract.OpenApiDocument;
import io.recallgate.http.contract.RequestParser;
import io.recallgate.metrics.MicrometerMetrics;
import io.recallgate.policy.PolicyManager;
import io.recallgate.policy.ReloadReport;
import io.recallgate.policy.RuleSetLoader;
import io.recallgate.policy.RulesWatcher;
import io.recallgate.store.ActiveHolds;
import io.recallgate.store.AuditVerifier;
import io.recallgate.store.Database;
import io.recallgate.store.DecisionLog;
import io.recallgate.store.DecisionReports;
import io.recallgate.store.HoldStore;
import io.recallgate.store.LogSigning;
import io.recallgate.store.PolicyArchive;
import io.recallgate.store.ReplayScan;
import io.recallgate.store.Retention;
import io.recallgate.store.TenantLogs;
import io.recallgate.store.TextDigester;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service: starts its parts in order (rules, database, HTTP), and stops them in the
 * reverse order so that nothing acknowledged is lost: stop accepting, answer what is in flight,
 * flush the record queue, close the database.
 */
public final class RecallGate {

    private static final Logger LOG = LoggerFactory.getLogger(RecallGate.class);

    private final Settings settings;
    private Vertx vertx;
    private Database database;
    private PolicyManager policy;
    private RulesWatcher watcher;
    private DecisionLog decisionLog;
    private ActiveHolds activeHolds;
    private Retention retention;
    private PolicyArchiver archiver;
    private ImpactAnalyzer impact;
    private final List<String> deployments = new ArrayList<>();
    private Inflight inflight;
    private int port;

    public RecallGate(Settings settings) {
        this.settings = settings;
    }

    /** Starts everything, blocking until the HTTP port is bound. */
    public RecallGate start() throws Exception {
        if (!settings.authEnabled() && !isLoopback(settings.httpHost())) {
            throw new IllegalArgumentException("refusing to bind " + settings.httpHost()
                    + " without authentication: set RECALLGATE_API_KEYS_FILE (--api-keys-file), or bind a loopback"
                    + " address such as 127.0.0.1");
        }
        ApiKeys keys = settings.authEnabled() ? ApiKeys.load(settings.apiKeysFile()) : ApiKeys.disabled();
        MicrometerMetrics metrics = new MicrometerMetrics();
        vertx = Vertx.builder()
                .with(new VertxOptions()
                        .setMetricsOptions(
                                new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true)))
                .withMetrics(new MicrometerMetricsFactory(metrics.registry()))
                .build();
        try {
            Clock clock = Clock.systemUTC();
            OpenApiDocument contract = OpenApiDocument.load();
            RequestParser parser = new RequestParser(new BodyValidator(contract));
            // one gate for every rule set: reloads, and candidates previewed by impact analysis
            RuleSetLoader loader = new RuleSetLoader(clock, parser::read);
            policy = new PolicyManager(
                    vertx, settings.rulesDir().toAbsolutePath().normalize(), loader, clock, metrics);
            ReloadReport first = policy.start();

            database = Database.start(vertx, settings.databaseUrl(), settings.dataDir());
            LogSigning.Key logKey =
                    LogSigning.load(settings.logSigningKeyFile(), settings.dataDir(), settings.logOrigin());
            await(LogSigning.register(database.pool(), logKey));
            TenantLogs tenantLogs = new TenantLogs(vertx, database.pool(), logKey.signer(), settings.logOrigin());
            TextDigester digester = TextDigester.fromSettingOrFile(settings.digestKey(), settings.dataDir());
            decisionLog = new DecisionLog(
                    vertx,
                    database.pool(),
                    DecisionLog.Options.defaults().withQueueCapacity(settings.recordQueueCapacity()),
                    metrics);
            HoldStore holds = new HoldStore(database.pool());
            activeHolds = new ActiveHolds(vertx, holds, database::connectOptions).start();
            // Archive the rule set that is active now, and every one a reload activates from here on
            // (the watcher starts below, so no reload can slip between the two).
            PolicyArchive policyArchive = new PolicyArchive(database.pool());
            archiver = new PolicyArchiver(vertx, policy, policyArchive, metrics);
            policy.addListener(archiver);
            archiver.activated(policy.active(), first.at());
            retention = new Retention(vertx, database.pool(), settings.auditRetentionDays());
            retention.start(java.time.Duration.ofHours(1));

            DecisionService decisions = new DecisionService(policy, activeHolds, decisionLog, digester, metrics);
            ApiServices services = new ApiServices(
                    contract,
                    policy,
                    decisions,
                    decisionLog,
                    holds,
                    new AuditVerifier(database.pool(), logKey.signer().verifier()),
                    tenantLogs,
                    database,
                    parser,
                    keys,
                    keys.enabled() ? new RateLimiter(settings.rateLimitPerSecond(), settings.rateLimitBurst()) : null,
                    metrics,
                    inflight = new Inflight(),
                    policyArchive,
                    new DecisionReports(database.pool()),
                    impact = new ImpactAnalyzer(vertx, loader, new ReplayScan(database.pool())));

            int instances = settings.httpInstances() > 0
                    ? settings.httpInstances()
                    : Runtime.getRuntime().availableProcessors();
            // Vert.x shares one listening socket among instances on the same host and port. Port 0
            // would give each instance a port of its own, so a free port is chosen first.
            int bindPort = settings.httpPort() == 0 ? freePort(settings.httpHost()) : settings.httpPort();
            HttpLimits limits = new HttpLimits(
                    settings.httpMaxConnections(),
                    settings.httpBodyMemoryMb() * 1024L * 1024L,
                    java.time.Duration.ofSeconds(settings.httpHeaderTimeoutSeconds()),
                    java.time.Duration.ofSeconds(settings.httpBodyTimeoutSeconds()));
            List<HttpServerVerticle> servers = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                HttpServerVerticle server = new HttpServerVerticle(services, settings.httpHost(), bindPort, limits);
                servers.add(server);
                deployments.add(await(vertx.deployVerticle(server)));
            }
            port = servers.get(0).actualPort();
            for (HttpServerVerticle server : servers) {
                if (server.actualPort() != port) {
                    throw new IllegalStateException(
                            "HTTP instances bound different ports: " + port + " and " + server.actualPort());
                }
            }
            watcher = new RulesWatcher(vertx, policy, 250, settings.rulesRescanMillis());
            watcher.start();
            if (keys.enabled()) {
                vertx.setPeriodic(
                        2000,
                        id -> vertx.executeBlocking(() -> {
                            keys.reloadIfChanged();
                            return null;
                        }));
            }
            LOG.info(
                    "Recall Gate started: policy {}, {} HTTP event loops, database {}",
                    policy.active().version(),
                    instances,
                    settings.databaseUrl() == null ? "embedded in " + settings.dataDir() : "external");
            return this;
        } catch (Exception | Error e) {
            stop();
            throw e;
        }
    }

    public int port() {
        return port;
    }

    /**
     * Drains and stops; safe to call more than once. The order is what makes SIGTERM lossless:
     * <ol>
     *   <li>stop watching the rules;</li>
     *   <li>stop accepting: every HTTP event loop stops listening at once, keep-alive clients are
     *       told {@code Connection: close}, and requests already received are answered;</li>
     *   <li>wait until no request is in flight, so every decision that was accepted has appended
     *       its record;</li>
     *   <li>flush the record queue (group commit) and stop taking appends;</li>
     *   <li>close the rules, the database pool (and the embedded database), then Vert.x.</li>
     * </ol>
     */
    public synchronized void stop() {
        if (vertx == null) {
            return;
        }
        long started = System.nanoTime();
        try {
            if (watcher != null) {
                watcher.close();
            }
            if (inflight != null) {
                inflight.startDraining();
            }
            // all at once: a listener that stayed open while another drains would keep taking connections
            quietly(Future.join(deployments.stream()
                    .map(id -> (Future<?>) vertx.undeploy(id))
                    .toList()));
            deployments.clear();
            if (inflight != null) {
                try {
                    if (!inflight.awaitIdle(java.time.Duration.ofSeconds(HttpServerVerticle.SHUTDOWN_GRACE_SECONDS))) {
                        LOG.warn(
                                "{} requests still in flight after {} s; stopping anyway",
                                inflight.count(),
                                HttpServerVerticle.SHUTDOWN_GRACE_SECONDS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (retention != null) {
                retention.stop();
            }
            if (decisionLog != null) {
                quietly(decisionLog.drain());
            }
            if (activeHolds != null) {
                activeHolds.close();
            }
            if (policy != null) {
                policy.close();
            }
            if (impact != null) {
                impact.close();
            }
            if (archiver != null) {
                archiver.close();
            }
            if (database != null) {
                database.close();
            }
        } finally {
            quietly(vertx.close());
            vertx = null;
            LOG.info("Recall Gate stopped in {} ms", (System.nanoTime() - started) / 1_000_000);
        }
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private static void quietly(Future<?> f) {
        try {
            f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("while stopping: {}", e.toString());
        }
    }

    private static int freePort(String host) throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new java.net.InetSocketAddress(host, 0));
            return socket.getLocalPort();
        }
    }

    static boolean isLoopback(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
