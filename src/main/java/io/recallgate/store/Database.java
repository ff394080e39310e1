package io.recallgate.store;

import io.recallgate.store.embedded.EmbeddedCluster;
import io.recallgate.store.embedded.PostgresSupervisor;
import io.recallgate.store.embedded.PostmasterPid;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnectOptions;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL the service runs on: an external one named by a URL, or an embedded one whose
 * files (the server programs included) live in the data directory and survive restarts. Start-up
 * (embedded start and Flyway) is blocking and uses JDBC; everything after it goes through the
 * Vert.x {@link #pool()}.
 *
 * <p>The embedded server is supervised ({@link PostgresSupervisor}): a postmaster that dies under
 * the running service is started again, and one left running by a service that was killed is
 * stopped before the next start ({@link EmbeddedCluster#clearLeftovers}). An external server that
 * goes away is reconnected the same way: the pool opens new connections as requests come, so the
 * service answers again as soon as the server does.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    /**
     * Two cores: PostgreSQL shares them when embedded, and the decision log writes through one
     * connection at a time anyway; more connections would only queue inside PostgreSQL.
     */
    static final int POOL_SIZE = 8;

    /** The database pool's name in the metrics ({@code vertx_pool_*{pool_type="sql",pool_name="recallgate-db"}}). */
    public static final String POOL_NAME = "recallgate-db";

    /** How long {@link #openReadOnly} waits for the running service's embedded server to be ready. */
    private static final Duration WAIT_FOR_RUNNING = Duration.ofSeconds(30);

    private final PgConnectOptions connectOptions;
    private final IntSupplier port;
    private final Pool pool;
    private final EmbeddedCluster cluster;
    private final PostgresSupervisor supervisor;

    /**
     * @param port       where to connect now (the embedded server's port may change while it is
     *                   down), null to use {@code connectOptions}' own
     * @param cluster    the embedded files whose lock this object holds (released at close), or null
     * @param supervisor the embedded server this object runs (stopped at close), or null
     */
    private Database(
            Vertx vertx,
            PgConnectOptions connectOptions,
            IntSupplier port,
            EmbeddedCluster cluster,
            PostgresSupervisor supervisor) {
        this.connectOptions = connectOptions;
        this.port = port;
        this.cluster = cluster;
        this.supervisor = supervisor;
        this.pool = PgBuilder.pool()
                .with(new PoolOptions()
                        .setMaxSize(POOL_SIZE)
                        .setMaxWaitQueueSize(10_000)
                        // a caller waiting for a connection gives up rather than hang
                        .setConnectionTimeout(5)
                        .setConnectionTimeoutUnit(TimeUnit.SECONDS)
                        .setIdleTimeout(5)
                        .setIdleTimeoutUnit(TimeUnit.MINUTES)
                        // the pool_name label of Vert.x's vertx_pool_* meters: stable across restarts
                        .setName(POOL_NAME))
                .with(new NetClientOptions()
                        .setConnectTimeout(3_000) // fail fast when the database is unreachable
                        .setTcpKeepAlive(true))
                .connectingTo(() -> Future.succeededFuture((SqlConnectOptions) connectOptions()))
                .using(vertx)
                .build();
    }

    /**
     * For the service. Blocking: call before the HTTP server starts, never on an event loop. The
     * embedded database is created on first use and migrated; so is an external one.
     *
     * @param databaseUrl {@code postgresql://user:pass@host:port/db}, or null for the embedded one
     * @param dataDir     where the embedded database keeps its files ({@code dataDir/pg},
     *                    {@code dataDir/pg-binaries})
     * @throws IllegalStateException when another process runs the embedded database of {@code dataDir}
     */
    public static Database start(Vertx vertx, String databaseUrl, Path dataDir) {
        requireOffEventLoop();
        if (databaseUrl != null && !databaseUrl.isBlank()) {
            PgConnectOptions options = parseUrl(databaseUrl);
            migrate(options);
            return new Database(vertx, options, null, null, null);
        }
        EmbeddedCluster cluster = EmbeddedCluster.in(dataDir);
        cluster.initdbIfMissing();
        if (!cluster.tryLock()) {
            throw new IllegalStateException("the embedded database in " + dataDir + " is in use by " + cluster.holder()
                    + " (another Recall Gate service, or verify-audit); one data directory serves one process");
        }
        PostgresSupervisor supervisor = null;
        try {
            supervisor = PostgresSupervisor.start(cluster, STARTUP);
            PostgresSupervisor s = supervisor;
            PgConnectOptions options = embeddedOptions(s.port());
            migrate(options);
            return new Database(vertx, options, s::port, cluster, s);
        } catch (RuntimeException e) {
            if (supervisor != null) {
                supervisor.close();
            }
            cluster.close();
            throw e;
        }
    }

    /** How long the first start of the embedded server may retry transient failures. */
    private static final Duration STARTUP = Duration.ofSeconds(60);

    /**
     * For reading only ({@code verify-audit}): nothing is created or migrated, and every
     * transaction is read-only. Blocking.
     *
     * <ul>
     *   <li>External: connects; the database must hold Recall Gate's tables.</li>
     *   <li>Embedded: the data directory must exist and hold a database. When a service (or a
     *       postmaster left by one) runs on it, this connects to that server, found through its
     *       {@code postmaster.pid}; otherwise it starts PostgreSQL on the files for as long as this
     *       object is open (holding the data directory's lock: a service cannot start meanwhile).</li>
     * </ul>
     *
     * @throws IllegalArgumentException when there is no data directory or no database in it
     * @throws IllegalStateException    when the database holds no Recall Gate tables, or the
     *                                  service that holds the data directory has no server running
     */
    public static Database openReadOnly(Vertx vertx, String databaseUrl, Path dataDir) {
        requireOffEventLoop();
        Database db;
        if (databaseUrl != null && !databaseUrl.isBlank()) {
            db = new Database(vertx, readOnly(parseUrl(databaseUrl)), null, null, null);
        } else {
            db = openEmbeddedReadOnly(vertx, dataDir);
        }
        try {
            db.requireSchema();
            return db;
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    private static Database openEmbeddedReadOnly(Vertx vertx, Path dataDir) {
        if (!Files.isDirectory(dataDir)) {
            throw new IllegalArgumentException("no data directory " + dataDir.toAbsolutePath());
        }
        EmbeddedCluster cluster = EmbeddedCluster.in(dataDir);
        if (!cluster.initialized()) {
            throw new IllegalArgumentException("no embedded database in " + dataDir.toAbsolutePath() + " ("
                    + cluster.pgDir() + " is not a PostgreSQL data directory)");
        }
        if (cluster.tryLock()) {
            Optional<PostmasterPid> left = cluster.runningPostmaster().filter(PostmasterPid::ready);
            if (left.isPresent()) { // left by a service that died; its next start stops it
                cluster.close();
                return new Database(vertx, readOnly(embeddedOptions(left.get().port())), null, null, null);
            }
            PostgresSupervisor supervisor = null;
            try {
                supervisor = PostgresSupervisor.start(cluster, STARTUP);
                return new Database(vertx, readOnly(embeddedOptions(supervisor.port())), null, cluster, supervisor);
            } catch (RuntimeException e) {
                if (supervisor != null) {
                    supervisor.close();
                }
                cluster.close();
                throw e;
            }
        }
        long deadline = System.nanoTime() + WAIT_FOR_RUNNING.toNanos();
        while (true) {
            Optional<PostmasterPid> running = cluster.runningPostmaster().filter(PostmasterPid::ready);
            if (running.isPresent()) {
                return new Database(
                        vertx, readOnly(embeddedOptions(running.get().port())), null, null, null);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the embedded database in " + dataDir.toAbsolutePath()
                        + " is held by " + cluster.holder() + ", but its PostgreSQL has not been running for "
                        + WAIT_FOR_RUNNING.toSeconds() + " s; try again later");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /** Every transaction of the session is read-only, whatever the caller does. */
    private static PgConnectOptions readOnly(PgConnectOptions o) {
        o.addProperty("default_transaction_read_only", "on");
        return o;
    }

    /** Fails unless Flyway's history table is there: a database a Recall Gate service has migrated. */
    private void requireSchema() {
        boolean migrated;
        try {
            migrated = pool.query("SELECT to_regclass('flyway_schema_history') IS NOT NULL")
                    .execute()
                    .map(rs -> rs.iterator().next().getBoolean(0))
                    .await(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the database " + safeTarget() + ": " + e.getMessage(), e);
        }
        if (!migrated) {
            throw new IllegalStateException(
                    "the database " + safeTarget() + " holds no Recall Gate tables (no service has run on it)");
        }
    }

    /** host:port/db, without user or password, for messages. */
    private String safeTarget() {
        PgConnectOptions o = connectOptions();
        return o.getHost() + ":" + o.getPort() + "/" + o.getDatabase();
    }

    public Pool pool() {
        return pool;
    }

    /** For a dedicated (e.g. LISTEN) connection outside the pool. */
    public PgConnectOptions connectOptions() {
        PgConnectOptions o = new PgConnectOptions(connectOptions);
        if (port != null) {
            o.setPort(port.getAsInt());
        }
        return o;
    }

    /** Succeeds when the database answers a query; fails with {@link StoreUnavailableException}. */
    public Future<Void> ping() {
        return pool.query("SELECT 1")
                .execute()
                .<Void>mapEmpty()
                .recover(t -> Future.failedFuture(StoreUnavailableException.wrap("database ping failed", t)));
    }

    /**
     * Blocking: closes the pool, then stops the embedded database if this object runs it, and
     * releases the data directory.
     */
    @Override
    public void close() {
        requireOffEventLoop();
        try {
            pool.close().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("closing the pool failed", e);
        }
        try {
            if (supervisor != null) {
                supervisor.close();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    private static PgConnectOptions embeddedOptions(int port) {
        return tune(new PgConnectOptions()
                .setHost("127.0.0.1")
                .setPort(port)
                .setDatabase("postgres")
                .setUser("postgres")
                .setPassword(""));
    }

    private static PgConnectOptions tune(PgConnectOptions o) {
        o.setReconnectAttempts(0); // the pool opens a new connection on the next request
        o.setCachePreparedStatements(true);
        o.setPreparedStatementCacheMaxSize(64);
        return o;
    }

    /** Parses {@code postgresql://user:pass@host:port/db[?sslmode=disable|require|verify-full]}. */
    public static PgConnectOptions parseUrl(String url) {
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad database URL (expected postgresql://user:pass@host:port/db)");
        }
        String scheme = uri.getScheme();
        if (!"postgresql".equals(scheme) && !"postgres".equals(scheme)) {
            throw new IllegalArgumentException("database URL must start with postgresql://");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("database URL has no host");
        }
        PgConnectOptions o =
                new PgConnectOptions().setHost(uri.getHost()).setPort(uri.getPort() > 0 ? uri.getPort() : 5432);
        // PgConnectOptions defaults to user "user" / password "pass": never leave those in
        o.setUser(System.getProperty("user.name"));
        o.setPassword("");
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            o.setUser(dec(colon < 0 ? userInfo : userInfo.substring(0, colon)));
            if (colon >= 0) {
                o.setPassword(dec(userInfo.substring(colon + 1)));
            }
        }
        String path = uri.getRawPath();
        String db = path == null || path.length() <= 1 ? o.getUser() : dec(path.substring(1));
        if (db == null) {
            throw new IllegalArgumentException("database URL names no database");
        }
        o.setDatabase(db);
        if (uri.getRawQuery() != null) {
            for (String kv : uri.getRawQuery().split("&")) {
                int eq = kv.indexOf('=');
                if (eq > 0 && kv.substring(0, eq).equals("sslmode")) {
                    o.setSslMode(SslMode.of(dec(kv.substring(eq + 1))));
                }
            }
        }
        return tune(o);
    }

    /**
     * Applies the pending migrations. Each migration and its row in {@code flyway_schema_history}
     * are committed together: Flyway's PostgreSQL default (a transaction-scoped advisory lock)
     * runs a migration on one connection and writes its history row on a second one, committed
     * after it, so a process killed between the two commits left a migration applied but not
     * recorded, and every later start failed on it ("relation decisions already exists"). With a
     * session-scoped lock Flyway uses one connection, and the death of the process at any moment
     * leaves each migration either applied and recorded or not applied at all.
     */
    private static void migrate(PgConnectOptions o) {
        String jdbc = "jdbc:postgresql://" + o.getHost() + ":" + o.getPort() + "/" + o.getDatabase();
        if (o.getSslMode() != null && o.getSslMode() != SslMode.DISABLE) {
            jdbc += "?sslmode=" + o.getSslMode().value;
        }
        Flyway.configure()
                .dataSource(
                        jdbc,
                        o.getUser(),
                        o.getPassword() == null || o.getPassword().isEmpty() ? null : o.getPassword())
                .locations("classpath:db/migration")
                .configuration(Map.of("flyway.postgresql.transactional.lock", "false"))
                .load()
                .migrate();
    }

    private static void requireOffEventLoop() {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("blocking database start/stop must not run on an event loop");
        }
    }

    private static String dec(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
