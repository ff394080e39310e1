package io.recallgate.tlog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-memory stand-in for the node table: every complete subtree an append produced, and proofs
 * assembled from them exactly as the service assembles them from its table.
 */
final class NodeStore {
    final Map<Merkle.Node, byte[]> nodes = new HashMap<>();
    final CompactRange edge = new CompactRange();

    static NodeStore of(List<byte[]> entries) {
        NodeStore s = new NodeStore();
        entries.forEach(e -> s.append(Merkle.leafHash(e)));
        return s;
    }

    void append(byte[] leafHash) {
        edge.append(leafHash, (level, index, hash) -> nodes.put(new Merkle.Node(level, index), hash));
    }

    byte[] rangeHash(Merkle.Range r) {
        List<byte[]> hashes = new ArrayList<>();
        for (Merkle.Node n : Merkle.rangeNodes(r.start(), r.end())) {
            byte[] h = nodes.get(n);
            if (h == null) {
                throw new IllegalStateException("missing node " + n);
            }
            hashes.add(h);
        }
        return Merkle.foldRight(hashes);
    }

    byte[] root(long size) {
        return size == 0 ? Merkle.emptyRoot() : rangeHash(new Merkle.Range(0, size));
    }

    List<byte[]> inclusion(long index, long size) {
        List<byte[]> out = new ArrayList<>();
        Merkle.inclusionRanges(index, size).forEach(r -> out.add(rangeHash(r)));
        return out;
    }

    List<byte[]> consistency(long first, long second) {
        List<byte[]> out = new ArrayList<>();
        Merkle.consistencyRanges(first, second).forEach(r -> out.add(rangeHash(r)));
        return out;
    }
}
