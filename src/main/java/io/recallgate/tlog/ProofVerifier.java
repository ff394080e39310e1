package io.recallgate.tlog;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * The verification algorithm of RFC 9162 §2.1.4.2 (consistency), step by step as the RFC states
 * it: the service checks that each new checkpoint extends the last one it signed, and {@code
 * verify-log} checks the same from outside. It shares nothing with {@link Merkle}'s proof
 * generation except the two hash functions, so a bug in one is caught by the other. (Inclusion
 * proofs are verified by the clients that fetch them; the tests' verifier is in src/test.)
 */
public final class ProofVerifier {

    private ProofVerifier() {}

    /**
     * True when {@code proof} shows that the tree {@code firstRoot} of {@code first} entries is a
     * prefix of the tree {@code secondRoot} of {@code second} entries. An empty tree is a prefix of
     * every tree; equal sizes need equal roots and an empty proof.
     */
    public static boolean verifyConsistency(
            long first, long second, byte[] firstRoot, byte[] secondRoot, List<byte[]> proof) {
        if (first < 0 || second < first || !allWellFormed(proof)) {
            return false;
        }
        if (first == 0) {
            return proof.isEmpty();
        }
        if (first == second) {
            return proof.isEmpty() && MessageDigest.isEqual(firstRoot, secondRoot);
        }
        if (proof.isEmpty() || !wellFormed(firstRoot) || !wellFormed(secondRoot)) {
            return false;
        }
        List<byte[]> path = proof;
        if (Long.bitCount(first) == 1) { // first is an exact power of two: prepend first_hash
            path = new ArrayList<>(proof.size() + 1);
            path.add(firstRoot);
            path.addAll(proof);
        }
        long fn = first - 1;
        long sn = second - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (int i = 1; i < path.size(); i++) {
            byte[] c = path.get(i);
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = Merkle.nodeHash(c, fr);
                sr = Merkle.nodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = Merkle.nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(fr, firstRoot) && MessageDigest.isEqual(sr, secondRoot);
    }

    private static boolean wellFormed(byte[] h) {
        return h != null && h.length == Merkle.HASH_BYTES;
    }

    private static boolean allWellFormed(List<byte[]> proof) {
        if (proof == null) {
            return false;
        }
        for (byte[] p : proof) {
            if (!wellFormed(p)) {
                return false;
            }
        }
        return true;
    }
}
