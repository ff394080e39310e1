package io.recallgate.tlog;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 9162 (Certificate Transparency 2.0, §2.1) Merkle tree hashing and proof shapes.
 *
 * <p>A tree over entries {@code D[0:n]} is stored as the hashes of its <em>complete</em>
 * subtrees: {@link Node}{@code (level, index)} covers leaves {@code [index·2^level,
 * (index+1)·2^level)}. Every hash a proof needs is the hash of a range {@code [a, b)} that the
 * RFC's recursive split produces; such a range decomposes into at most 2·log2(n) complete subtrees
 * ({@link #rangeNodes}), so a proof costs O(log n) stored hashes, fetched at once.
 */
public final class Merkle {
    public static final int HASH_BYTES = 32;

    private static final byte[] EMPTY_ROOT = sha256().digest();

    /** One digest per thread: a digest resets itself in {@code digest()}, and a look-up per hash costs more than the hash of a node. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Merkle::sha256);

    private Merkle() {}

    /** A complete subtree: leaves {@code [index << level, (index + 1) << level)}. */
    public record Node(int level, long index) {
        public Node {
            if (level < 0 || level > 62 || index < 0) {
                throw new IllegalArgumentException("bad node " + level + "/" + index);
            }
        }

        public long start() {
            return index << level;
        }

        public long end() {
            return (index + 1) << level;
        }
    }

    /** The leaf range {@code [start, end)} whose Merkle tree hash a proof element is. */
    public record Range(long start, long end) {
        public Range {
            if (start < 0 || end <= start) {
                throw new IllegalArgumentException("bad range [" + start + ", " + end + ")");
            }
        }
    }

    /** MTH({}) = SHA-256() — the root of the empty tree. */
    public static byte[] emptyRoot() {
        return EMPTY_ROOT.clone();
    }

    /** SHA-256(0x00 ‖ entry). */
    public static byte[] leafHash(byte[] entry) {
        MessageDigest sha = SHA256.get();
        sha.update((byte) 0x00);
        sha.update(entry);
        return sha.digest();
    }

    /** SHA-256(0x01 ‖ left ‖ right). */
    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest sha = SHA256.get();
        sha.update((byte) 0x01);
        sha.update(left);
        sha.update(right);
        return sha.digest();
    }

    /** The largest power of two strictly below {@code n} (n ≥ 2): RFC 9162's split point k. */
    static long split(long n) {
        if (n < 2) {
            throw new IllegalArgumentException("no split below 2");
        }
        return Long.highestOneBit(n - 1);
    }

    /**
     * The complete subtrees covering {@code [start, end)}, left to right (largest first), for a
     * range that the RFC's split produces (its start is a multiple of a power of two at least as
     * large as the range). Its hash is the right fold of theirs: {@link #foldRight}.
     */
    public static List<Node> rangeNodes(long start, long end) {
        List<Node> out = new ArrayList<>(64);
        long a = start;
        while (a < end) {
            int level = 62;
            while (level > 0 && ((a & ((1L << level) - 1)) != 0 || a + (1L << level) > end)) {
                level--;
            }
            out.add(new Node(level, a >> level));
            a += 1L << level;
        }
        return out;
    }

    /** MTH of a range from its {@link #rangeNodes} hashes: H(h0, H(h1, … H(hk-1, hk))). */
    public static byte[] foldRight(List<byte[]> hashes) {
        if (hashes.isEmpty()) {
            return emptyRoot();
        }
        byte[] r = hashes.get(hashes.size() - 1);
        for (int i = hashes.size() - 2; i >= 0; i--) {
            r = nodeHash(hashes.get(i), r);
        }
        return r;
    }

    /**
     * PATH(index, D[0:size]) of RFC 9162 §2.1.3.1 as ranges, in proof order (from the leaf up).
     */
    public static List<Range> inclusionRanges(long index, long size) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("index " + index + " is not in a tree of size " + size);
        }
        List<Range> out = new ArrayList<>(64);
        path(index, 0, size, out);
        return out;
    }

    private static void path(long m, long lo, long hi, List<Range> out) {
        if (hi - lo <= 1) {
            return;
        }
        long k = split(hi - lo);
        if (m < lo + k) {
            path(m, lo, lo + k, out);
            out.add(new Range(lo + k, hi));
        } else {
            path(m, lo + k, hi, out);
            out.add(new Range(lo, lo + k));
        }
    }

    /**
     * PROOF(first, D[0:second]) of RFC 9162 §2.1.4.1 as ranges, in proof order; empty when
     * {@code first} is 0 or equals {@code second} (nothing to prove).
     */
    public static List<Range> consistencyRanges(long first, long second) {
        if (first < 0 || first > second) {
            throw new IllegalArgumentException("no consistency proof from " + first + " to " + second);
        }
        List<Range> out = new ArrayList<>(64);
        if (first > 0 && first < second) {
            subproof(first, 0, second, true, out);
        }
        return out;
    }

    private static void subproof(long m, long lo, long hi, boolean whole, List<Range> out) {
        if (m == hi) {
            if (!whole) {
                out.add(new Range(lo, hi));
            }
            return;
        }
        long k = split(hi - lo);
        if (m - lo <= k) {
            subproof(m, lo, lo + k, whole, out);
            out.add(new Range(lo + k, hi));
        } else {
            subproof(m, lo + k, hi, false, out);
            out.add(new Range(lo, lo + k));
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
