/**
 * The PostgreSQL half of Recall Gate.
 *
 * <ul>
 *   <li>{@link io.recallgate.store.Database} — embedded (files in {@code dataDir/pg}, kept across
 *       restarts) or external PostgreSQL; Flyway migrations over JDBC at start-up only.</li>
 *   <li>{@link io.recallgate.store.DecisionLog} — group-commit, hash-chained, idempotent audit log.</li>
 *   <li>{@link io.recallgate.store.AuditVerifier} — re-derives the chain; {@code verify-audit}.</li>
 *   <li>{@link io.recallgate.store.Retention} — removes old entries behind a checkpoint.</li>
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
