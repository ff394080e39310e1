package io.recallgate.store;

import io.recallgate.tlog.Checkpoint;
import io.recallgate.tlog.Merkle;
import io.recallgate.tlog.NoteKeys;
import io.recallgate.tlog.ProofVerifier;
import io.recallgate.tlog.SignedNote;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reading the tenants' Merkle logs: signed checkpoints, inclusion and consistency proofs.
 *
 * <p>A proof is assembled from the stored complete subtrees ({@code tlog_nodes}): the ranges
 * RFC 9162 names ({@link Merkle#inclusionRanges}, {@link Merkle#consistencyRanges}) decompose
 * into at most 2·log2(n) nodes, read with one query.
 *
 * <p>Checkpoints are signed at most once a second per tenant (per instance) and cached: a request
 * gets the cached checkpoint while the tree has not grown; otherwise a new one is signed once the
 * second since the last signature has passed, covering the tree as it is then, so it covers every
 * decision acknowledged before the request. Requests that wait share that signature. Before it
 * signs, the log proves the new tree consistent with the last checkpoint it signed (kept in
 * {@code tlog_checkpoints}, shared by the replicas): a tree rewritten in the database is never
 * signed; the request fails and the log says why.
 */
public final class TenantLogs {
    private static final Logger LOG = LoggerFactory.getLogger(TenantLogs.class);
    static final Duration SIGNING_INTERVAL = Duration.ofSeconds(1);

    /** A request about a log position that cannot be answered as asked (400), naming the parameter. */
    public static final class BadProofRequest extends RuntimeException {
        private final String parameter;

        public BadProofRequest(String parameter, String detail) {
            super(detail);
            this.parameter = parameter;
        }

        public String parameter() {
            return parameter;
        }
    }

    /** Thrown instead of signing a tree that is not consistent with the previous checkpoint. */
    public static final class LogIntegrityException extends RuntimeException {
        public LogIntegrityException(String message) {
            super(message);
        }
    }

    public record InclusionProof(long logIndex, long treeSize, String leafHash, List<String> proof) {}

    public record ConsistencyProof(long from, long to, List<String> proof) {}

    /** A checkpoint this instance signed or verified, with its parsed body. */
    record Signed(Checkpoint checkpoint, String note, long atNanos) {}

    private final Vertx vertx;
    private final Pool pool;
    private final NoteKeys.Signer signer;
    private final String origin;
    private final Map<String, Signed> latest = new ConcurrentHashMap<>();
    private final Map<String, Future<String>> signing = new ConcurrentHashMap<>();

    public TenantLogs(Vertx vertx, Pool pool, NoteKeys.Signer signer, String origin) {
        this.vertx = vertx;
        this.pool = pool;
        this.signer = signer;
        this.origin = origin;
    }

    /** {@code <origin>/<tenant>}: the checkpoint's first line. */
    public String origin(String tenant) {
        return origin + "/" + tenant;
    }

    /** The C2SP verifier key of the checkpoints' signatures. */
    public String verifierKey() {
        return signer.verifier().vkey();
    }

    // ---------------------------------------------------------------- proofs

    /**
     * The inclusion proof of a decision of this tenant in the tree of {@code treeSize}; null when
     * the tenant has no such decision (or it was removed by retention).
     */
    public Future<InclusionProof> inclusion(String tenant, String decisionId, long treeSize) {
        UUID id;
        try {
            id = UUID.fromString(decisionId);
        } catch (IllegalArgumentException e) {
            return Future.succeededFuture(null);
        }
        return pool.preparedQuery("SELECT d.log_index, h.tree_size FROM decisions d JOIN tlog_heads h"
                        + " ON h.tenant = d.tenant WHERE d.tenant = $1 AND d.decision_id = $2")
                .execute(Tuple.of(tenant, id))
                .compose(rs -> {
                    if (rs.size() == 0) {
                        return Future.succeededFuture(null);
                    }
                    Row r = rs.iterator().next();
                    long index = r.getLong("log_index");
                    long size = r.getLong("tree_size");
                    if (treeSize > size) {
                        throw new BadProofRequest("treeSize", "is larger than the log (" + size + " entries)");
                    }
                    if (index >= treeSize) {
                        throw new BadProofRequest(
                                "treeSize", "must be larger than the decision's log index (" + index + ")");
                    }
                    List<Merkle.Range> ranges = Merkle.inclusionRanges(index, treeSize);
                    List<Merkle.Range> withLeaf = new ArrayList<>(ranges);
                    withLeaf.add(new Merkle.Range(index, index + 1));
                    return rangeHashes(pool, tenant, withLeaf).map(hashes -> {
                        List<String> proof = new ArrayList<>(ranges.size());
                        for (int i = 0; i < ranges.size(); i++) {
                            proof.add(b64(hashes.get(i)));
                        }
                        return new InclusionProof(index, treeSize, b64(hashes.get(ranges.size())), proof);
                    });
                })
                .recover(TenantLogs::storeFailure);
    }

    /** The consistency proof between this tenant's trees of {@code from} and {@code to} entries. */
    public Future<ConsistencyProof> consistency(String tenant, long from, long to) {
        if (from > to) {
            return Future.failedFuture(new BadProofRequest("from", "must not be larger than to"));
        }
        return size(tenant)
                .compose(size -> {
                    if (to > size) {
                        throw new BadProofRequest("to", "is larger than the log (" + size + " entries)");
                    }
                    List<Merkle.Range> ranges = Merkle.consistencyRanges(from, to);
                    return rangeHashes(pool, tenant, ranges).map(hashes -> {
                        List<String> proof = new ArrayList<>(hashes.size());
                        hashes.forEach(h -> proof.add(b64(h)));
                        return new ConsistencyProof(from, to, proof);
                    });
                })
                .recover(TenantLogs::storeFailure);
    }

    /** The tenant's tree size (0 for a tenant that has no decision yet). */
    public Future<Long> size(String tenant) {
        return pool.preparedQuery("SELECT tree_size FROM tlog_heads WHERE tenant = $1")
                .execute(Tuple.of(tenant))
                .map(rs -> rs.size() == 0 ? 0L : rs.iterator().next().getLong(0));
    }

    /** The Merkle tree hash of each range, read from the stored nodes with one query. */
    static Future<List<byte[]>> rangeHashes(SqlClient db, String tenant, List<Merkle.Range> ranges) {
        if (ranges.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        Set<Merkle.Node> nodes = new LinkedHashSet<>();
        List<List<Merkle.Node>> perRange = new ArrayList<>(ranges.size());
        for (Merkle.Range r : ranges) {
            List<Merkle.Node> ns = Merkle.rangeNodes(r.start(), r.end());
            perRange.add(ns);
            nodes.addAll(ns);
        }
        Short[] levels = new Short[nodes.size()];
        Long[] indexes = new Long[nodes.size()];
        int i = 0;
        for (Merkle.Node n : nodes) {
            levels[i] = (short) n.level();
            indexes[i++] = n.index();
        }
        return db.preparedQuery("SELECT level, idx, hash FROM tlog_nodes WHERE tenant = $1"
                        + " AND (level, idx) IN (SELECT * FROM unnest($2::smallint[], $3::bigint[]))")
                .execute(Tuple.of(tenant).addArrayOfShort(levels).addArrayOfLong(indexes))
                .map(rs -> {
                    Map<Merkle.Node, byte[]> found = new HashMap<>();
                    for (Row row : rs) {
                        found.put(
                                new Merkle.Node(row.getShort("level"), row.getLong("idx")),
                                row.getBuffer("hash").getBytes());
                    }
                    List<byte[]> out = new ArrayList<>(ranges.size());
                    for (List<Merkle.Node> ns : perRange) {
                        List<byte[]> hashes = new ArrayList<>(ns.size());
                        for (Merkle.Node n : ns) {
                            byte[] h = found.get(n);
                            if (h == null) {
                                throw new LogIntegrityException("the log of tenant " + tenant
                                        + " is missing its tree node " + n.level() + "/" + n.index());
                            }
                            hashes.add(h);
                        }
                        out.add(Merkle.foldRight(hashes));
                    }
                    return out;
                });
    }

    // ---------------------------------------------------------------- checkpoints

    /** The tenant's latest checkpoint, a signed note covering every decision acknowledged before this call. */
    public Future<String> checkpoint(String tenant) {
        return pool.preparedQuery("SELECT h.tree_size, h.root, c.note FROM tlog_heads h"
                        + " LEFT JOIN tlog_checkpoints c ON c.tenant = h.tenant WHERE h.tenant = $1")
                .execute(Tuple.of(tenant))
                .compose(rs -> {
                    long size = 0;
                    byte[] root = Merkle.emptyRoot();
                    String stored = null;
                    if (rs.size() > 0) {
                        Row r = rs.iterator().next();
                        size = r.getLong("tree_size");
                        root = r.getBuffer("root").getBytes();
                        stored = r.getString("note");
                    }
                    Signed mine = latest.get(tenant);
                    if (mine != null && mine.checkpoint().size() == size) {
                        return Future.succeededFuture(mine.note());
                    }
                    Signed theirs = stored == null ? null : open(stored);
                    if (theirs != null
                            && theirs.checkpoint().size() == size
                            && MessageDigest.isEqual(theirs.checkpoint().root(), root)) {
                        remember(tenant, theirs);
                        return Future.succeededFuture(theirs.note());
                    }
                    return signSoon(tenant);
                })
                .recover(TenantLogs::storeFailure);
    }

    /** One signature per tenant per interval; callers that arrive meanwhile share the next one. */
    private Future<String> signSoon(String tenant) {
        return signing.computeIfAbsent(tenant, t -> {
            Promise<String> p = Promise.promise();
            Signed last = latest.get(t);
            long waitNanos = last == null ? 0 : last.atNanos() + SIGNING_INTERVAL.toNanos() - System.nanoTime();
            Runnable go = () -> {
                signing.remove(t);
                signNow(t).onComplete(p);
            };
            if (waitNanos <= 0) {
                vertx.runOnContext(v -> go.run());
            } else {
                vertx.setTimer(Math.max(1, waitNanos / 1_000_000), id -> go.run());
            }
            return p.future();
        });
    }

    /** Reads the tree as it is now, proves it consistent with the last checkpoint, signs and stores it. */
    private Future<String> signNow(String tenant) {
        return pool.preparedQuery("SELECT h.tree_size, h.root, c.note FROM tlog_heads h"
                        + " LEFT JOIN tlog_checkpoints c ON c.tenant = h.tenant WHERE h.tenant = $1")
                .execute(Tuple.of(tenant))
                .compose(rs -> {
                    long size = 0;
                    byte[] root = Merkle.emptyRoot();
                    String stored = null;
                    if (rs.size() > 0) {
                        Row r = rs.iterator().next();
                        size = r.getLong("tree_size");
                        root = r.getBuffer("root").getBytes();
                        stored = r.getString("note");
                    }
                    Signed previous = newer(latest.get(tenant), stored == null ? null : open(stored));
                    long n = size;
                    byte[] newRoot = root;
                    return provenConsistent(tenant, previous, n, newRoot).compose(v -> {
                        Checkpoint cp = new Checkpoint(origin(tenant), n, newRoot);
                        String note = SignedNote.sign(cp.body(), signer);
                        Signed signed = new Signed(cp, note, System.nanoTime());
                        return pool.preparedQuery("INSERT INTO tlog_checkpoints (tenant, tree_size, note, signed_at)"
                                        + " VALUES ($1, $2, $3, now()) ON CONFLICT (tenant) DO UPDATE"
                                        + " SET tree_size = EXCLUDED.tree_size, note = EXCLUDED.note,"
                                        + " signed_at = EXCLUDED.signed_at"
                                        + " WHERE tlog_checkpoints.tree_size <= EXCLUDED.tree_size")
                                .execute(Tuple.of(tenant, n, note))
                                .map(x -> {
                                    remember(tenant, signed);
                                    return note;
                                });
                    });
                });
    }

    /** Fails with {@link LogIntegrityException} unless the tree of {@code size} extends {@code previous}. */
    private Future<Void> provenConsistent(String tenant, Signed previous, long size, byte[] root) {
        if (previous == null) {
            return Future.succeededFuture();
        }
        Checkpoint p = previous.checkpoint();
        if (p.size() > size) {
            return Future.failedFuture(
                    refuse(tenant, "has " + size + " entries, fewer than its checkpoint's " + p.size()));
        }
        if (p.size() == size) {
            return MessageDigest.isEqual(p.root(), root)
                    ? Future.succeededFuture()
                    : Future.failedFuture(refuse(tenant, "has another root than its checkpoint of the same size"));
        }
        List<Merkle.Range> ranges = new ArrayList<>(Merkle.consistencyRanges(p.size(), size));
        ranges.add(new Merkle.Range(0, size)); // the root, from the nodes rather than the head row
        return rangeHashes(pool, tenant, ranges).compose(hashes -> {
            byte[] fromNodes = hashes.remove(hashes.size() - 1);
            if (!MessageDigest.isEqual(fromNodes, root)
                    || !ProofVerifier.verifyConsistency(p.size(), size, p.root(), root, hashes)) {
                return Future.failedFuture(refuse(tenant, "is not consistent with its checkpoint of size " + p.size()));
            }
            return Future.succeededFuture();
        });
    }

    private LogIntegrityException refuse(String tenant, String what) {
        String message = "the decision log of tenant " + tenant + " " + what
                + ": it was changed in the database; no checkpoint is signed for it";
        LOG.error(message);
        return new LogIntegrityException(message);
    }

    /** A stored note, when it is a checkpoint of this origin signed by this key; else null. */
    private Signed open(String note) {
        try {
            return new Signed(Checkpoint.parse(SignedNote.open(note, signer.verifier())), note, Long.MIN_VALUE / 2);
        } catch (SignedNote.NoteException | IllegalArgumentException e) {
            return null; // another key's (after a rotation) or not a note at all: not a reference
        }
    }

    private static Signed newer(Signed a, Signed b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.checkpoint().size() >= b.checkpoint().size() ? a : b;
    }

    private void remember(String tenant, Signed s) {
        latest.merge(
                tenant,
                s,
                (old, x) -> x.checkpoint().size() >= old.checkpoint().size()
                        ? new Signed(x.checkpoint(), x.note(), Math.max(old.atNanos(), x.atNanos()))
                        : old);
    }

    private static <T> Future<T> storeFailure(Throwable t) {
        if (t instanceof BadProofRequest || t instanceof LogIntegrityException) {
            return Future.failedFuture(t);
        }
        LOG.debug("tenant log read failed", t);
        return Future.failedFuture(StoreUnavailableException.wrap("reading the decision log failed", t));
    }

    static String b64(byte[] h) {
        return Base64.getEncoder().encodeToString(h);
    }
}
