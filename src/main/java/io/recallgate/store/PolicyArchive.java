package io.recallgate.store;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The archive of every rule set that became active (tables of migration V4), so that the
 * {@code policyVersion} of any stored decision resolves to the exact files that decided it.
 *
 * <p>A version names its files exactly (it is a digest over their paths and digests), so what is
 * archived under a version never changes: {@link #store} only ever inserts what is missing. That
 * makes it idempotent: the same activation written twice (a retry after a lost answer) or the same
 * version activated by several replicas sharing the database leaves one copy of the files, and one
 * activation row per distinct activation time.
 */
public final class PolicyArchive {

    /** One file of an archived rule set: its path in the rules folder, its hex SHA-256 and its bytes. */
    public record File(String path, String sha256, byte[] content) {}

    /**
     * One archived version: first activated at {@code activatedAt}; {@code retiredAt} is when
     * another version was first activated after this one's last activation, null while no other
     * version was activated after it (it is the one in force).
     */
    public record Version(String version, Instant activatedAt, Instant retiredAt) {}

    /** An archived version with its files, sorted by path. */
    public record Archived(String version, Instant activatedAt, List<File> files) {}

    private static final String LIST = "WITH span AS ("
            + " SELECT version, min(activated_at) AS first_at, max(activated_at) AS last_at"
            + " FROM policy_activations GROUP BY version)"
            + " SELECT s.version, s.first_at,"
            + " (SELECT min(a.activated_at) FROM policy_activations a"
            + "   WHERE a.activated_at > s.last_at AND a.version <> s.version) AS retired_at"
            + " FROM span s ORDER BY s.first_at DESC, s.version";

    private final Pool pool;

    public PolicyArchive(Pool pool) {
        this.pool = pool;
    }

    /**
     * Archives {@code version} with its files (unless it is archived already) and records one
     * activation at {@code activatedAt}, in one transaction. Fails with
     * {@link StoreUnavailableException} when the database does not answer; the caller retries.
     */
    public Future<Void> store(String version, Instant activatedAt, List<File> files) {
        // Contents in digest order: two replicas archiving versions that share files lock the
        // shared rows in the same order, so they wait for each other instead of deadlocking.
        Map<String, byte[]> contents = new TreeMap<>();
        for (File f : files) {
            contents.putIfAbsent(f.sha256(), f.content());
        }
        List<Tuple> contentRows = new ArrayList<>();
        contents.forEach((sha, bytes) -> contentRows.add(Tuple.of(sha, Buffer.buffer(bytes))));
        List<Tuple> fileRows = new ArrayList<>();
        files.stream()
                .sorted(Comparator.comparing(File::path))
                .forEach(f -> fileRows.add(Tuple.of(version, f.path(), f.sha256())));
        return pool.withTransaction(conn -> conn.preparedQuery(
                                "INSERT INTO policy_versions (version) VALUES ($1) ON CONFLICT DO NOTHING")
                        .execute(Tuple.of(version))
                        .compose(x -> batch(
                                conn,
                                "INSERT INTO policy_file_contents (sha256, content) VALUES ($1, $2)"
                                        + " ON CONFLICT DO NOTHING",
                                contentRows))
                        .compose(x -> batch(
                                conn,
                                "INSERT INTO policy_version_files (version, path, sha256) VALUES ($1, $2, $3)"
                                        + " ON CONFLICT DO NOTHING",
                                fileRows))
                        .compose(x -> conn.preparedQuery("INSERT INTO policy_activations (version, activated_at)"
                                        + " VALUES ($1, $2) ON CONFLICT DO NOTHING")
                                .execute(Tuple.of(version, DecisionRows.odt(activatedAt)))))
                .<Void>mapEmpty()
                .recover(t -> Future.failedFuture(StoreUnavailableException.wrap("archiving policy " + version, t)));
    }

    /** Every archived version that was activated, newest first (by first activation). */
    public Future<List<Version>> list() {
        return pool.query(LIST)
                .execute()
                .map(rows -> {
                    List<Version> out = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        out.add(new Version(
                                r.getString("version"),
                                DecisionRows.instant(r.getOffsetDateTime("first_at")),
                                DecisionRows.instant(r.getOffsetDateTime("retired_at"))));
                    }
                    return out;
                })
                .recover(t -> Future.failedFuture(StoreUnavailableException.wrap("listing policy versions", t)));
    }

    /** The version with its files, or null when no such version is archived. */
    public Future<Archived> find(String version) {
        return pool.withConnection(conn -> conn.preparedQuery("SELECT (SELECT min(a.activated_at)"
                                + " FROM policy_activations a WHERE a.version = v.version) AS activated_at"
                                + " FROM policy_versions v WHERE v.version = $1")
                        .execute(Tuple.of(version))
                        .compose(head -> {
                            if (head.size() == 0) {
                                return Future.succeededFuture((Archived) null);
                            }
                            Instant activatedAt =
                                    DecisionRows.instant(head.iterator().next().getOffsetDateTime("activated_at"));
                            return conn.preparedQuery("SELECT f.path, f.sha256, c.content FROM policy_version_files f"
                                            + " JOIN policy_file_contents c ON c.sha256 = f.sha256"
                                            + " WHERE f.version = $1")
                                    .execute(Tuple.of(version))
                                    .map(rows -> {
                                        List<File> files = new ArrayList<>(rows.size());
                                        for (Row r : rows) {
                                            files.add(new File(
                                                    r.getString("path"),
                                                    r.getString("sha256"),
                                                    r.getBuffer("content").getBytes()));
                                        }
                                        // the rules folder's own order (RuleFolder sorts paths as Java strings)
                                        files.sort(Comparator.comparing(File::path));
                                        return new Archived(version, activatedAt, List.copyOf(files));
                                    });
                        }))
                .recover(t -> Future.failedFuture(StoreUnavailableException.wrap("reading policy " + version, t)));
    }

    private static Future<?> batch(SqlConnection conn, String sql, List<Tuple> rows) {
        return rows.isEmpty()
                ? Future.succeededFuture()
                : conn.preparedQuery(sql).executeBatch(rows);
    }
}
