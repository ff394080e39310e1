/**
 * The PostgreSQL half of Recall Gate.
 *
 * <ul>
 *   <li>{@link io.recallgate.store.Database} — embedded (files in {@code dataDir/pg}, kept across
 *       restarts) or external PostgreSQL; Flyway migrations over JDBC at start-up only; a
 *       read-only opening for {@code verify-audit}.</li>
 *   <li>The embedded server: {@code EmbeddedCluster} (its files, lock and left-overs of a crash),
 *       {@code PostmasterPid} (PostgreSQL's lock file), {@code PostmasterProcess} (one running
 *       server), {@code PostgresSupervisor} (restarts it when it dies), {@code PostgresBinaries}
 *       (the server programs, unpacked into the data directory), {@code RootWrapper}.</li>
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
