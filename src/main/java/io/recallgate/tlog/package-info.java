/**
 * Transparency-log primitives, independent of the rest of Recall Gate (no database, no Vert.x):
 * what a service needs to keep a verifiable log and what an outside monitor needs to check it.
 *
 * <ul>
 *   <li>{@link io.recallgate.tlog.Merkle} — RFC 9162 hashing (leaf = SHA-256(0x00 ‖ entry),
 *       node = SHA-256(0x01 ‖ left ‖ right)) and the shape of proofs: which subtrees an inclusion
 *       or consistency proof consists of;</li>
 *   <li>{@link io.recallgate.tlog.ProofVerifier} — the RFC 9162 verification algorithms, written
 *       from the RFC's text rather than from the proof generator so that each checks the other;</li>
 *   <li>{@link io.recallgate.tlog.CompactRange} — the right edge of a tree: appending leaves
 *       yields every new complete subtree and the new root without reading the tree;</li>
 *   <li>{@link io.recallgate.tlog.NoteKeys}, {@link io.recallgate.tlog.SignedNote},
 *       {@link io.recallgate.tlog.Checkpoint} — C2SP {@code signed-note} with Ed25519 keys and
 *       C2SP {@code tlog-checkpoint};</li>
 * </ul>
 */
package io.recallgate.tlog;
