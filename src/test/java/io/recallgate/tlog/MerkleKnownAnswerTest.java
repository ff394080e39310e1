package io.recallgate.tlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Known answers published with the RFC 6962/9162 reference implementations. Sources (test data only;
 * none of their code is used):
 *
 * <ul>
 *   <li>github.com/transparency-dev/merkle, {@code rfc6962/rfc6962_test.go} (commit 78493b07): the
 *       empty root, an empty leaf, leaf "L123456", node ("N123", "N456");</li>
 *   <li>github.com/transparency-dev/merkle, {@code proof/verify_test.go} (commit 02194e9a): the
 *       eight leaves of the RFC 6962 test tree, the roots of its first 1..8 leaves, and inclusion
 *       and consistency proofs (originally from certificate-transparency's C++ merkle tree tests).
 *       There leaf numbers are 1-based; here indexes are 0-based.</li>
 * </ul>
 */
class MerkleKnownAnswerTest {
    private static final HexFormat HEX = HexFormat.of();

    static final List<byte[]> LEAVES = List.of(
            h(""),
            h("00"),
            h("10"),
            h("2021"),
            h("3031"),
            h("40414243"),
            h("5051525354555657"),
            h("606162636465666768696a6b6c6d6e6f"));

    static final List<byte[]> ROOTS = List.of(
            h("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
            h("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"),
            h("aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77"),
            h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
            h("4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4"),
            h("76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef"),
            h("ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c"),
            h("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"));

    record Inclusion(long index, long size, List<byte[]> proof) {}

    record Consistency(long first, long second, List<byte[]> proof) {}

    static final List<Inclusion> INCLUSION = List.of(
            new Inclusion(0, 1, List.of()),
            new Inclusion(
                    0,
                    8,
                    List.of(
                            h("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
                            h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
                            h("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"))),
            new Inclusion(
                    5,
                    8,
                    List.of(
                            h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
                            h("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
                            h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"))),
            new Inclusion(2, 3, List.of(h("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"))),
            new Inclusion(
                    1,
                    5,
                    List.of(
                            h("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
                            h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
                            h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"))));

    static final List<Consistency> CONSISTENCY = List.of(
            new Consistency(1, 1, List.of()),
            new Consistency(
                    1,
                    8,
                    List.of(
                            h("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
                            h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
                            h("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"))),
            new Consistency(
                    6,
                    8,
                    List.of(
                            h("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
                            h("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
                            h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"))),
            new Consistency(
                    2,
                    5,
                    List.of(
                            h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
                            h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"))),
            new Consistency(
                    6,
                    7,
                    List.of(
                            h("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
                            h("b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f"),
                            h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"))));

    @Test
    void hashFunctions() {
        assertArrayEquals(h("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"), Merkle.emptyRoot());
        assertArrayEquals(
                h("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"), Merkle.leafHash(new byte[0]));
        assertArrayEquals(
                h("395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56"),
                Merkle.leafHash("L123456".getBytes(StandardCharsets.US_ASCII)));
        assertArrayEquals(
                h("aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb"),
                Merkle.nodeHash(
                        "N123".getBytes(StandardCharsets.US_ASCII), "N456".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void rootsOfTheFirstOneToEightLeaves() {
        CompactRange tree = new CompactRange();
        assertArrayEquals(Merkle.emptyRoot(), tree.root());
        for (int n = 1; n <= 8; n++) {
            tree.append(Merkle.leafHash(LEAVES.get(n - 1)), (l, i, x) -> {});
            assertEquals(HEX.formatHex(ROOTS.get(n - 1)), HEX.formatHex(tree.root()), "root of " + n);
        }
    }

    @Test
    void inclusionProofsAreGeneratedAndVerifiedAsPublished() {
        NodeStore store = NodeStore.of(LEAVES);
        for (Inclusion v : INCLUSION) {
            List<byte[]> proof = store.inclusion(v.index(), v.size());
            assertEquals(hexes(v.proof()), hexes(proof), "inclusion " + v.index() + " in " + v.size());
            byte[] leaf = Merkle.leafHash(LEAVES.get((int) v.index()));
            assertTrue(InclusionProofs.verify(v.index(), v.size(), leaf, v.proof(), ROOTS.get((int) v.size() - 1)));
            assertFalse(InclusionProofs.verify(v.index(), v.size(), leaf, v.proof(), ROOTS.get((int) (v.size() % 8))));
        }
    }

    @Test
    void consistencyProofsAreGeneratedAndVerifiedAsPublished() {
        NodeStore store = NodeStore.of(LEAVES);
        for (Consistency v : CONSISTENCY) {
            List<byte[]> proof = store.consistency(v.first(), v.second());
            assertEquals(hexes(v.proof()), hexes(proof), "consistency " + v.first() + " to " + v.second());
            byte[] r1 = ROOTS.get((int) v.first() - 1);
            byte[] r2 = ROOTS.get((int) v.second() - 1);
            assertTrue(ProofVerifier.verifyConsistency(v.first(), v.second(), r1, r2, v.proof()));
            if (!v.proof().isEmpty()) {
                assertFalse(ProofVerifier.verifyConsistency(v.first(), v.second(), r2, r1, v.proof()));
            }
        }
    }

    @Test
    void trivialConsistency() {
        byte[] r = ROOTS.get(2);
        assertTrue(ProofVerifier.verifyConsistency(0, 3, Merkle.emptyRoot(), r, List.of()));
        assertFalse(ProofVerifier.verifyConsistency(0, 3, Merkle.emptyRoot(), r, List.of(r)));
        assertTrue(ProofVerifier.verifyConsistency(3, 3, r, r, List.of()));
        assertFalse(ProofVerifier.verifyConsistency(3, 3, r, ROOTS.get(1), List.of()));
        assertFalse(ProofVerifier.verifyConsistency(3, 2, r, ROOTS.get(1), List.of()));
        assertFalse(ProofVerifier.verifyConsistency(1, 2, ROOTS.get(0), ROOTS.get(1), List.of()));
    }

    static List<String> hexes(List<byte[]> hashes) {
        List<String> out = new ArrayList<>();
        hashes.forEach(x -> out.add(HEX.formatHex(x)));
        return out;
    }

    static byte[] h(String hex) {
        return HEX.parseHex(hex);
    }
}
