/**
 * The embedded PostgreSQL: a real PostgreSQL server that the service runs itself when no database
 * URL is set, with everything it needs under the data directory, so that one volume holds the
 * whole service. {@link io.recallgate.store.Database} is the only entry point; nothing else uses
 * this package.
 *
 * <ul>
 *   <li>{@link io.recallgate.store.embedded.EmbeddedCluster} — the database files ({@code
 *       dataDir/pg}), the lock that lets one process at a time run a server on them, {@code
 *       initdb} on first use, and what a process that died left behind (a server still running, a
 *       stale {@code postmaster.pid}).</li>
 *   <li>{@link io.recallgate.store.embedded.PostgresSupervisor} — starts the server and starts it
 *       again when it dies while the service runs.</li>
 *   <li>{@code PostmasterProcess} — one running server, a child of this process, whose output goes
 *       to the log (logger {@code io.recallgate.store.postgres}).</li>
 *   <li>{@link io.recallgate.store.embedded.PostmasterPid} — PostgreSQL's own lock file, and
 *       whether the process it names really is a server of these files.</li>
 *   <li>{@code PostgresBinaries} — the server programs, shipped in the jar (zonky's archive) and
 *       unpacked into {@code dataDir/pg-binaries}; {@code RootWrapper} — runs them under {@code
 *       unshare -U} when the service runs as root, which PostgreSQL refuses.</li>
 * </ul>
 *
 * Everything here blocks (processes, files, JDBC while a server starts) and runs only while the
 * database is opened or closed, or on the supervisor's own thread; never on an event loop.
 */
package io.recallgate.store.embedded;
