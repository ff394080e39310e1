-- Recall Gate store, version 2: a stored decision explains and replays itself.
--   facts: everything the rules saw (the request without its text and requestId, plus held,
--          holdIds and the sensitive findings: type and span only, never the characters);
--   trace: the rules that fired, in firing order ([{rule, file}]).
-- Both are covered by the record's hash. Records written before this migration have neither
-- (null): they stay valid and verify, but cannot be replayed.
ALTER TABLE decisions
    ADD COLUMN facts jsonb,
    ADD COLUMN trace jsonb;

-- Columns the periodic reports group by, derived by PostgreSQL itself so they can never disagree
-- with the hashed content they come from.
ALTER TABLE decisions
    ADD COLUMN reason text GENERATED ALWAYS AS (reasons -> 0 ->> 'code') STORED,
    ADD COLUMN requester_role text GENERATED ALWAYS AS (facts -> 'requester' ->> 'role') STORED;
