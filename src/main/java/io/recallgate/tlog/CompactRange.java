package io.recallgate.tlog;

import java.util.ArrayList;
import java.util.List;

/**
 * The right edge of a Merkle tree over {@code [0, size)}: the hashes of its
 * {@link Merkle#rangeNodes(long, long) complete subtrees} from the left, one per set bit of
 * {@code size} (at most 63). That is all an appender needs: appending a leaf combines it with the
 * edge like a binary counter's carry, which yields every complete subtree the leaf completes
 * (to be stored for proofs) and the new root, without reading anything else of the tree.
 *
 * <p>Not thread-safe; the decision log keeps one per tenant inside the append transaction.
 */
public final class CompactRange {

    /** Receives each complete subtree that an append completes, leaf first. */
    @FunctionalInterface
    public interface NodeSink {
        void node(int level, long index, byte[] hash);
    }

    private long size;
    private final List<byte[]> hashes;

    public CompactRange() {
        this(0, List.of());
    }

    /** The edge of a tree of {@code size} leaves: exactly {@code bitCount(size)} hashes, left to right. */
    public CompactRange(long size, List<byte[]> hashes) {
        if (size < 0 || Long.bitCount(size) != hashes.size()) {
            throw new IllegalArgumentException(
                    "a tree of " + size + " leaves has " + Long.bitCount(size) + " edge hashes, not " + hashes.size());
        }
        this.size = size;
        this.hashes = new ArrayList<>(hashes);
    }

    /** Reads {@link #encode()}d edge hashes. */
    public static CompactRange decode(long size, byte[] packed) {
        int n = Long.bitCount(size);
        if (packed == null ? n != 0 : packed.length != n * Merkle.HASH_BYTES) {
            throw new IllegalArgumentException("the stored edge does not fit a tree of " + size + " leaves");
        }
        List<byte[]> hashes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] h = new byte[Merkle.HASH_BYTES];
            System.arraycopy(packed, i * Merkle.HASH_BYTES, h, 0, Merkle.HASH_BYTES);
            hashes.add(h);
        }
        return new CompactRange(size, hashes);
    }

    /** The edge hashes concatenated, left to right. */
    public byte[] encode() {
        byte[] out = new byte[hashes.size() * Merkle.HASH_BYTES];
        for (int i = 0; i < hashes.size(); i++) {
            System.arraycopy(hashes.get(i), 0, out, i * Merkle.HASH_BYTES, Merkle.HASH_BYTES);
        }
        return out;
    }

    public long size() {
        return size;
    }

    /** Appends leaf {@code size}; the sink gets the leaf and every subtree it completes. */
    public void append(byte[] leafHash, NodeSink sink) {
        long index = size;
        byte[] h = leafHash;
        sink.node(0, index, h);
        int level = 0;
        while (((index >> level) & 1) == 1) { // this subtree is a right child: merge with its left sibling
            byte[] left = hashes.remove(hashes.size() - 1);
            h = Merkle.nodeHash(left, h);
            level++;
            sink.node(level, index >> level, h);
        }
        hashes.add(h);
        size++;
    }

    /** The tree's root: the right fold of the edge (the empty tree's root for size 0). */
    public byte[] root() {
        return Merkle.foldRight(hashes);
    }

    /** An independent range of the same tree: the decision log predicts the head a transaction leaves behind. */
    public CompactRange copy() {
        return new CompactRange(size, hashes);
    }
}
