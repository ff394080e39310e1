-- Recall Gate store, version 1.
-- Message text is never stored: only text_digest, a keyed HMAC of it (TextDigester).
-- maskedText is not stored either, because it contains most of the text.

-- The tamper-evident decision log. seq is gapless and assigned under an advisory lock by
-- DecisionLog; hash = SHA-256(prev_hash || canonical encoding of the row), see ChainCodec.
CREATE TABLE decisions (
    seq             bigint      PRIMARY KEY,
    decision_id     uuid        NOT NULL UNIQUE,
    tenant          text        NOT NULL,
    request_id      text,
    mode            text        NOT NULL,
    outcome         text        NOT NULL,
    scenario        text        NOT NULL,
    conversation_id text        NOT NULL,
    message_id      text        NOT NULL,
    requester_id    text        NOT NULL,
    text_digest     text,
    reasons         jsonb       NOT NULL,
    sensitive       jsonb       NOT NULL,   -- [{type,start,end}] only, never the matched characters
    allowed_until   timestamptz,
    policy_version  text        NOT NULL,
    evaluated_at    timestamptz NOT NULL,
    recorded_at     timestamptz NOT NULL,
    prev_hash       text        NOT NULL,
    hash            text        NOT NULL
);

-- Idempotency backstop: DecisionLog dedupes under the chain lock; this catches anything else.
CREATE UNIQUE INDEX decisions_tenant_request_id ON decisions (tenant, request_id)
    WHERE request_id IS NOT NULL;
CREATE INDEX decisions_by_message ON decisions (tenant, conversation_id, message_id, seq);

-- One row: the head of the chain (last appended seq/hash) and the retention checkpoint
-- (last removed seq/hash). The head lets verification notice rows cut off the end.
CREATE TABLE audit_chain (
    id              int         PRIMARY KEY CHECK (id = 1),
    head_seq        bigint      NOT NULL,
    head_hash       text        NOT NULL,
    checkpoint_seq  bigint      NOT NULL,
    checkpoint_hash text        NOT NULL,
    checkpoint_at   timestamptz
);
INSERT INTO audit_chain (id, head_seq, head_hash, checkpoint_seq, checkpoint_hash)
VALUES (1, 0, repeat('0', 64), 0, repeat('0', 64));

-- Dispute holds. message_ids empty = the whole conversation.
CREATE TABLE holds (
    hold_id         uuid        PRIMARY KEY,
    tenant          text        NOT NULL,
    conversation_id text        NOT NULL,
    message_ids     text[]      NOT NULL,
    reason          text,
    placed_by       text,
    placed_at       timestamptz NOT NULL,
    released_at     timestamptz,
    released_by     text,
    release_reason  text
);
-- isHeld() runs once per decision: only active holds are indexed for it.
CREATE INDEX holds_active ON holds (tenant, conversation_id) WHERE released_at IS NULL;
CREATE INDEX holds_history ON holds (tenant, conversation_id, placed_at);
