package io.recallgate.store;

import java.time.Instant;

/**
 * Where a decision recorded before the per-tenant logs (migration V3) stood in the old global hash
 * chain. Such a decision keeps these fields and shows them as {@code legacyChain} (with its
 * {@code requestId} and {@code scenario}, the other inputs of the old hash), so its log entry — and
 * therefore its leaf in the signed tree — covers everything the old chain covered, and anyone can
 * recompute the old hash ({@code ChainCodec}) from the answer.
 *
 * @param seq        position in the old global chain
 * @param prevHash   the previous entry's chain hash (hex)
 * @param hash       this entry's chain hash (hex)
 * @param recordedAt when the old log committed it (database clock)
 */
public record LegacyChain(long seq, String prevHash, String hash, Instant recordedAt) {}
