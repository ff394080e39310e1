package io.recallgate.tlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * For random tree sizes: proofs built from stored complete subtrees verify with RFC 9162's
 * algorithms against a root computed from the RFC's recursive definition, and every alteration
 * of a proof (a flipped bit, a dropped, added or swapped element, a wrong leaf, index, root or height) fails.
 */
class MerkleProofPropertiesTest {

    /** MTH(D[lo:hi]) straight from RFC 9162 §2.1.1, independent of the node store. */
    static byte[] mth(List<byte[]> leafHashes, int lo, int hi) {
        if (hi - lo == 0) {
            return Merkle.emptyRoot();
        }
        if (hi - lo == 1) {
            return leafHashes.get(lo);
        }
        int k = Integer.highestOneBit(hi - lo - 1);
        return Merkle.nodeHash(mth(leafHashes, lo, lo + k), mth(leafHashes, lo + k, hi));
    }

    static List<byte[]> leafHashes(int n) {
        List<byte[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(Merkle.leafHash(ByteBuffer.allocate(4).putInt(i * 7919).array()));
        }
        return out;
    }

    static NodeStore store(List<byte[]> leafHashes) {
        NodeStore s = new NodeStore();
        leafHashes.forEach(s::append);
        return s;
    }

    @Provide
    Arbitrary<int[]> indexInTree() {
        return Arbitraries.integers()
                .between(1, 600)
                .flatMap(size -> Arbitraries.integers().between(0, size - 1).map(i -> new int[] {i, size}));
    }

    @Provide
    Arbitrary<int[]> twoSizes() {
        return Combinators.combine(
                        Arbitraries.integers().between(1, 600),
                        Arbitraries.integers().between(0, 600))
                .as((a, b) -> new int[] {Math.min(a, b), Math.max(a, b)});
    }

    @Property(tries = 300)
    void rootsMatchTheRfcDefinition(@ForAll @IntRange(min = 0, max = 700) int size) {
        List<byte[]> leaves = leafHashes(size);
        NodeStore s = store(leaves);
        assertArrayEquals(mth(leaves, 0, size), s.edge.root());
        assertArrayEquals(mth(leaves, 0, size), s.root(size));
        CompactRange decoded = CompactRange.decode(size, s.edge.encode());
        assertArrayEquals(s.edge.root(), decoded.root());
    }

    @Property(tries = 400)
    void everyInclusionProofVerifiesAndEveryAlterationFails(@ForAll("indexInTree") int[] v) {
        int index = v[0];
        int size = v[1];
        List<byte[]> leaves = leafHashes(size);
        NodeStore s = store(leaves);
        byte[] root = mth(leaves, 0, size);
        byte[] leaf = leaves.get(index);
        List<byte[]> proof = s.inclusion(index, size);
        assertTrue(proof.size() <= 64 - Long.numberOfLeadingZeros(size), "O(log n) elements");
        assertTrue(InclusionProofs.verify(index, size, leaf, proof, root));

        for (List<byte[]> bad : alterations(proof)) {
            assertFalse(InclusionProofs.verify(index, size, leaf, bad, root));
        }
        byte[] otherLeaf = Merkle.leafHash(new byte[] {9});
        assertFalse(InclusionProofs.verify(index, size, otherLeaf, proof, root));
        if (size > 1) {
            assertFalse(InclusionProofs.verify((index + 1) % size, size, leaf, proof, root));
        }
        assertFalse(InclusionProofs.verify(index, size * 2L, leaf, proof, root));
        assertFalse(InclusionProofs.verify(index, size, leaf, proof, Merkle.emptyRoot()));
    }

    @Property(tries = 400)
    void everyConsistencyProofVerifiesAndEveryAlterationFails(@ForAll("twoSizes") int[] v) {
        int first = v[0];
        int second = v[1];
        List<byte[]> leaves = leafHashes(second);
        NodeStore s = store(leaves);
        byte[] r1 = mth(leaves, 0, first);
        byte[] r2 = mth(leaves, 0, second);
        List<byte[]> proof = s.consistency(first, second);
        assertTrue(proof.size() <= 2 * (64 - Long.numberOfLeadingZeros(second)), "O(log n) elements");
        assertTrue(ProofVerifier.verifyConsistency(first, second, r1, r2, proof));
        if (first == 0 || first == second) {
            return; // nothing to prove: an empty tree is a prefix of every tree
        }
        for (List<byte[]> bad : alterations(proof)) {
            assertFalse(ProofVerifier.verifyConsistency(first, second, r1, r2, bad));
        }
        assertFalse(ProofVerifier.verifyConsistency(first, second, r2, r2, proof));
        assertFalse(ProofVerifier.verifyConsistency(first, second, r1, r1, proof));
        assertFalse(ProofVerifier.verifyConsistency(first, second * 2L, r1, r2, proof));
        assertFalse(ProofVerifier.verifyConsistency(first, second, r2, r1, proof));
        // a rewritten prefix: the same sizes but one leaf of the first tree changed
        List<byte[]> rewritten = new ArrayList<>(leaves);
        rewritten.set(first - 1, Merkle.leafHash(new byte[] {1, 2, 3}));
        NodeStore forged = store(rewritten);
        assertFalse(ProofVerifier.verifyConsistency(
                first, second, r1, mth(rewritten, 0, second), forged.consistency(first, second)));
    }

    /** Every single-bit flip, each element dropped, one element added front and back, neighbours swapped. */
    static List<List<byte[]>> alterations(List<byte[]> proof) {
        List<List<byte[]>> out = new ArrayList<>();
        for (int i = 0; i < proof.size(); i++) {
            for (int bit : new int[] {0, 77, 255}) {
                List<byte[]> p = new ArrayList<>(proof);
                byte[] x = p.get(i).clone();
                x[bit / 8] ^= (byte) (1 << (bit % 8));
                p.set(i, x);
                out.add(p);
            }
            List<byte[]> dropped = new ArrayList<>(proof);
            dropped.remove(i);
            out.add(dropped);
            if (i + 1 < proof.size() && !java.util.Arrays.equals(proof.get(i), proof.get(i + 1))) {
                List<byte[]> swapped = new ArrayList<>(proof);
                swapped.set(i, proof.get(i + 1));
                swapped.set(i + 1, proof.get(i));
                out.add(swapped);
            }
        }
        byte[] extra = Merkle.leafHash(new byte[] {42});
        List<byte[]> appended = new ArrayList<>(proof);
        appended.add(extra);
        out.add(appended);
        List<byte[]> prepended = new ArrayList<>(proof);
        prepended.add(0, extra);
        out.add(prepended);
        return out;
    }
}
