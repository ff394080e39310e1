-- Recall Gate store, version 3: one append-only Merkle tree log per tenant (RFC 9162).
-- Run by the Java migration db.migration.V3__tenant_logs, which also moves the decisions stored so
-- far into their tenants' logs (LegacyLogMigration). Every key below starts with the tenant, so each
-- table can be partitioned by tenant (PARTITION BY HASH (tenant)) or distributed by it (Citus).

-- A decision's place: its tenant's log, from 0, in the order it was recorded. The old global chain
-- columns (seq, prev_hash, hash) stay on the decisions recorded before this migration (their
-- "legacyChain") and are null on every later one.
ALTER TABLE decisions ADD COLUMN log_index bigint;
ALTER TABLE decisions DROP CONSTRAINT decisions_pkey;
ALTER TABLE decisions DROP CONSTRAINT decisions_decision_id_key;
ALTER TABLE decisions
    ALTER COLUMN seq DROP NOT NULL,
    ALTER COLUMN prev_hash DROP NOT NULL,
    ALTER COLUMN hash DROP NOT NULL,
    ALTER COLUMN recorded_at SET DEFAULT now();
DROP INDEX decisions_by_message;

-- Each tenant's log: its size, the right edge of its tree (the hashes of the complete subtrees
-- that cover [0, tree_size), concatenated, see CompactRange) and its root. Appends lock this row
-- (SELECT ... FOR UPDATE): one lock per tenant, so tenants commit in parallel.
CREATE TABLE tlog_heads (
    tenant    text   PRIMARY KEY,
    tree_size bigint NOT NULL CHECK (tree_size >= 0),
    edge      bytea  NOT NULL,
    root      bytea  NOT NULL
);

-- Every complete subtree of every tenant's tree: level 0 holds the leaf hashes
-- (SHA-256(0x00 || entry)), level L node i covers leaves [i * 2^L, (i + 1) * 2^L). An inclusion or
-- consistency proof is O(log n) of these rows, read with one query. Retention never removes them.
CREATE TABLE tlog_nodes (
    tenant text     NOT NULL,
    level  smallint NOT NULL CHECK (level BETWEEN 0 AND 62),
    idx    bigint   NOT NULL CHECK (idx >= 0),
    hash   bytea    NOT NULL,
    PRIMARY KEY (tenant, level, idx)
);

-- The latest signed checkpoint of each tenant's log (a C2SP signed note), shared by the replicas
-- so that a checkpoint is signed at most once a second per tenant and verification compares the
-- tree with the last one signed. The signing key itself is never stored in the database.
CREATE TABLE tlog_checkpoints (
    tenant    text        PRIMARY KEY,
    tree_size bigint      NOT NULL,
    note      text        NOT NULL,
    signed_at timestamptz NOT NULL
);

-- Retention: decisions before retained_from have been removed (their leaves stay in tlog_nodes).
CREATE TABLE tlog_retention (
    tenant        text        PRIMARY KEY,
    retained_from bigint      NOT NULL CHECK (retained_from >= 0),
    removed_at    timestamptz NOT NULL
);

-- The verifier key (public) the logs are signed with, so that a replica started with another key
-- notices (see LogSigning). Not a secret, and not trusted for verification.
CREATE TABLE tlog_signing_key (
    id            int         PRIMARY KEY CHECK (id = 1),
    vkey          text        NOT NULL,
    registered_at timestamptz NOT NULL
);

-- The old global hash chain as it was when this migration verified it and closed it (its head and
-- its retention checkpoint); audit_chain is kept unchanged beside it and no longer written.
CREATE TABLE tlog_legacy_chain (
    id              int         PRIMARY KEY CHECK (id = 1),
    head_seq        bigint      NOT NULL,
    head_hash       text        NOT NULL,
    checkpoint_seq  bigint      NOT NULL,
    checkpoint_hash text        NOT NULL,
    decisions       bigint      NOT NULL,
    migrated_at     timestamptz NOT NULL
);
