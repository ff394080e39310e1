-- Recall Gate store, version 4 (analysis): the policy version archive and the report index.

-- Every rule set that became active, so that any decision's policy_version resolves to the exact
-- files that decided it. A version is a digest over its files' paths and digests (RuleFolder), so
-- a version's files never change once written: every write below is INSERT ... ON CONFLICT DO
-- NOTHING, and replicas activating the same version at the same moment write it once.
CREATE TABLE policy_versions (
    version     text        PRIMARY KEY,
    archived_at timestamptz NOT NULL DEFAULT now()
);

-- File contents by their SHA-256: most files are the same from one version to the next, so each
-- distinct content is kept once.
CREATE TABLE policy_file_contents (
    sha256  text  PRIMARY KEY,
    content bytea NOT NULL
);

-- The files of a version: path relative to the rules folder, and the content's digest.
CREATE TABLE policy_version_files (
    version text NOT NULL REFERENCES policy_versions (version) ON DELETE CASCADE,
    path    text NOT NULL,
    sha256  text NOT NULL REFERENCES policy_file_contents (sha256),
    PRIMARY KEY (version, path)
);
CREATE INDEX policy_version_files_sha256 ON policy_version_files (sha256);

-- Each time a replica activated a version (at start and on every successful reload). A version's
-- activatedAt is its first activation; it is retired by the first activation of another version
-- after its own last one. Derived when read, so late writes (after a database outage) and
-- replicas writing in any order give the same answer.
CREATE TABLE policy_activations (
    version      text        NOT NULL REFERENCES policy_versions (version) ON DELETE CASCADE,
    activated_at timestamptz NOT NULL,
    PRIMARY KEY (version, activated_at)
);
CREATE INDEX policy_activations_at ON policy_activations (activated_at);

-- GET /v1/reports/decisions: one tenant's enforce decisions in [from, to) by evaluated_at,
-- counted by time bucket and any of the report's dimensions. Every column the report reads is in
-- the index, so PostgreSQL answers from the index alone (an index-only scan of the range; the
-- table is append-only, so its pages are all-visible once vacuumed) and groups in SQL.
CREATE INDEX decisions_report ON decisions (tenant, evaluated_at)
    INCLUDE (scenario, outcome, reason, requester_role, policy_version)
    WHERE mode = 'enforce';

-- How many buckets a range holds, for the planner: without these it takes the number of distinct
-- evaluated_at values (one per decision) as the number of groups, expects a group per row, and
-- sorts every row of the range (spilling to disk) instead of hashing into the few groups there
-- are. Statistics on the bucket expressions (PostgreSQL 14+) let it pick the hash aggregate.
CREATE STATISTICS decisions_report_hour ON (date_trunc('hour', evaluated_at, 'UTC')) FROM decisions;
CREATE STATISTICS decisions_report_day ON (date_trunc('day', evaluated_at, 'UTC')) FROM decisions;
CREATE STATISTICS decisions_report_week ON (date_trunc('week', evaluated_at, 'UTC')) FROM decisions;
CREATE STATISTICS decisions_report_month ON (date_trunc('month', evaluated_at, 'UTC')) FROM decisions;
