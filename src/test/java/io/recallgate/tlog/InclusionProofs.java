package io.recallgate.tlog;

import java.security.MessageDigest;
import java.util.List;

/**
 * The verification algorithm of RFC 9162 §2.1.3.2 (inclusion), step by step as the RFC states
 * it, for the tests that check the inclusion proofs the service hands out. It shares nothing with
 * {@link Merkle}'s proof generation except the two hash functions, so a bug in one is caught by
 * the other.
 */
public final class InclusionProofs {

    private InclusionProofs() {}

    /** True when {@code proof} shows that {@code leafHash} is entry {@code index} of the tree {@code root} of {@code size}. */
    public static boolean verify(long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root) {
        byte[] computed = rootFromInclusion(index, size, leafHash, proof);
        return computed != null && MessageDigest.isEqual(computed, root);
    }

    /** The root the proof leads to, or null when the proof has the wrong shape. */
    static byte[] rootFromInclusion(long index, long size, byte[] leafHash, List<byte[]> proof) {
        if (index < 0 || index >= size || !wellFormed(leafHash) || !allWellFormed(proof)) {
            return null;
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (sn == 0) {
                return null;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = Merkle.nodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = Merkle.nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 ? r : null;
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
