package io.recallgate.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL the service runs on: an external one named by a URL, or an embedded one whose
 * files live in {@code dataDir/pg} and survive restarts. Start-up (embedded start and Flyway) is
 * blocking and uses JDBC; everything after it goes through the Vert.x {@link #pool()}.
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

    private final Vertx vertx;
    private final PgConnectOptions connectOptions;
    private final Pool pool;
    private final Path embeddedDir;
    private volatile EmbeddedPostgres embedded;

    private Database(Vertx vertx, PgConnectOptions connectOptions, EmbeddedPostgres embedded, Path embeddedDir) {
        this.vertx = vertx;
        this.connectOptions = connectOptions;
        this.embedded = embedded;
        this.embeddedDir = embeddedDir;
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
                .connectingTo(connectOptions)
                .using(vertx)
                .build();
    }

    /**
     * Blocking: call before the HTTP server starts, never on an event loop.
     *
     * @param databaseUrl {@code postgresql://user:pass@host:port/db}, or null for the embedded one
     * @param dataDir     where the embedded database keeps its files ({@code dataDir/pg})
     */
    public static Database start(Vertx vertx, String databaseUrl, Path dataDir) {
        requireOffEventLoop();
        if (databaseUrl != null && !databaseUrl.isBlank()) {
            PgConnectOptions options = parseUrl(databaseUrl);
            migrate(options);
            return new Database(vertx, options, null, null);
        }
        Path pgDir = dataDir.resolve("pg").toAbsolutePath();
        EmbeddedPostgres pg = startEmbedded(pgDir, 0);
        try {
            PgConnectOptions options = embeddedOptions(pg.getPort());
            migrate(options);
            return new Database(vertx, options, pg, pgDir);
        } catch (RuntimeException e) {
            closeQuietly(pg);
            throw e;
        }
    }

    /** An embedded database in {@code dir/pg}, e.g. a test's temporary directory. */
    public static Database startEmbeddedForTests(Vertx vertx, Path dir) {
        return start(vertx, null, dir);
    }

    public Pool pool() {
        return pool;
    }

    /** For a dedicated (e.g. LISTEN) connection outside the pool. */
    public PgConnectOptions connectOptions() {
        return new PgConnectOptions(connectOptions);
    }

    /** {@code postgresql://user:pass@host:port/db} of this database (password included). */
    public String url() {
        String user = connectOptions.getUser();
        String pass = connectOptions.getPassword();
        String auth = user == null ? "" : enc(user) + (pass == null || pass.isEmpty() ? "" : ":" + enc(pass)) + "@";
        return "postgresql://" + auth + connectOptions.getHost() + ":" + connectOptions.getPort() + "/"
                + enc(connectOptions.getDatabase());
    }

    /** Succeeds when the database answers a query; fails with {@link StoreUnavailableException}. */
    public Future<Void> ping() {
        return pool.query("SELECT 1")
                .execute()
                .<Void>mapEmpty()
                .recover(t -> Future.failedFuture(StoreUnavailableException.wrap("database ping failed", t)));
    }

    /** Blocking: closes the pool, then stops the embedded database if there is one. */
    @Override
    public void close() {
        requireOffEventLoop();
        try {
            pool.close().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("closing the pool failed", e);
        }
        stopEmbedded();
    }

    // ---- embedded lifecycle; stop/restart are also how tests take the database away ----

    /** Stops the embedded PostgreSQL (keeping its files); the pool stays and will reconnect. */
    void stopEmbedded() {
        EmbeddedPostgres pg = embedded;
        embedded = null;
        if (pg != null) {
            closeQuietly(pg);
        }
    }

    /** Starts the embedded PostgreSQL again on the same files and port. */
    void restartEmbedded() {
        if (embeddedDir == null) {
            throw new IllegalStateException("not an embedded database");
        }
        if (embedded == null) {
            embedded = startEmbedded(embeddedDir, connectOptions.getPort());
        }
    }

    private static EmbeddedPostgres startEmbedded(Path pgDir, int port) {
        try {
            Files.createDirectories(pgDir.getParent());
            EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
                    .setDataDirectory(pgDir)
                    .setCleanDataDirectory(false)
                    // zonky's test defaults (synchronous_commit off, and -F: fsync off) may lose
                    // acknowledged commits on a machine crash; this is a production database.
                    // "-c fsync=on" comes after zonky's -F on the command line, so it wins.
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("fsync", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("max_connections", "100")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setPGStartupWait(Duration.ofSeconds(60));
            if (port > 0) {
                b.setPort(port); // zonky picks a free port itself otherwise
            }
            return b.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL in " + pgDir, e);
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
                .load()
                .migrate();
    }

    private static void requireOffEventLoop() {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("blocking database start/stop must not run on an event loop");
        }
    }

    private static void closeQuietly(EmbeddedPostgres pg) {
        try {
            pg.close();
        } catch (IOException e) {
            LOG.warn("stopping embedded PostgreSQL failed", e);
        }
    }

    private static String dec(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
