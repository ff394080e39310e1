/**
 * The PostgreSQL half of Recall Gate.
 *
 * <ul>
 *   <li>{@link io.recallgate.store.Database} — the entry point: embedded (files in {@code dataDir/pg},
 *       kept across restarts) or external PostgreSQL; Flyway migrations over JDBC at start-up
 *       only; a read-only opening for {@code verify-audit}.</li>
 *   <li>The embedded server is its own package, {@link io.recallgate.store.embedded}, used only by
 *       {@code Database}.</li>
 *   <li>{@link io.recallgate.store.DecisionLog} — group-commit, idempotent decision log: one
 *       Merkle tree log per tenant, appended under that tenant's own lock.</li>
 *   <li>{@link io.recallgate.store.LogEntry} — a stored decision's log entry (its API JSON, RFC 8785)
 *       and leaf.</li>
 *   <li>{@link io.recallgate.store.TenantLogs} — signed checkpoints, inclusion and consistency
 *       proofs; {@link io.recallgate.store.LogSigning} — the signing key.</li>
 *   <li>{@link io.recallgate.store.AuditVerifier} — recomputes a tenant's log and compares it with
 *       its signed checkpoint; {@code verify-audit}.</li>
 *   <li>{@link io.recallgate.store.Retention} — removes old decisions, keeping the tree.</li>
 *   <li>{@link io.recallgate.store.LegacyLogMigration} — migration V3 from the old global chain
 *       ({@link io.recallgate.store.ChainCodec}, still used to check the decisions it hashed).</li>
 *   <li>{@link io.recallgate.store.HoldStore} — dispute holds, read from the database per decision.</li>
 *   <li>{@link io.recallgate.store.TextDigester} — keyed digest of the message text.</li>
 * </ul>
 *
 * Rules: every run-time call goes through the Vert.x pool and returns a Future; failures of the
 * database surface as {@link io.recallgate.store.StoreUnavailableException}, a full write queue as
 * {@link io.recallgate.store.StoreBusyException} (both HTTP 503). Message text is never stored or
 * logged: only its keyed digest; the masked text is not stored either.
 */
package io.recallgate.store;
