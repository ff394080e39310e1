-- Recall Gate store, version 6: cheaper decision rows (issue 12).
--
-- A decision's four JSON parts (reasons, sensitive, facts, trace) are the canonical JSON its leaf
-- hashed, written by the decision log and always read whole; no query looks inside them. As jsonb
-- (or json) PostgreSQL parses (or checks) every part of every decision inserted: ~10 µs of its CPU
-- per decision, a third of what it spends on a decision in a batch (bench/RowFloorBench.java, shapes
-- "ours" and "text"; json instead of jsonb saves ~1 µs of it). From this version they are stored as
-- text, as the log sends them. They stay covered by the leaf: the verifier parses them and
-- recomputes it, so a part that is not the JSON that was hashed shows as a broken log.
--
-- Only the catalog changes (no row is rewritten, the start after an upgrade takes no time whatever
-- the table's size): the jsonb columns keep the parts of the decisions recorded before, renamed
-- *_v5; the decisions recorded from now have theirs in new text columns under the old names, and
-- readers take whichever is there (DecisionRows, ReplayScan).
--
-- The report's columns reason and requester_role were generated from the jsonb parts; they are now
-- plain columns, written by the decision log from the same record in the same statement (the first
-- reason's code; the facts' requester.role), with the values the generation gave.
ALTER TABLE decisions
    ALTER COLUMN reason DROP EXPRESSION,
    ALTER COLUMN requester_role DROP EXPRESSION;

ALTER TABLE decisions RENAME COLUMN reasons TO reasons_v5;
ALTER TABLE decisions RENAME COLUMN sensitive TO sensitive_v5;
ALTER TABLE decisions RENAME COLUMN facts TO facts_v5;
ALTER TABLE decisions RENAME COLUMN trace TO trace_v5;

ALTER TABLE decisions
    ALTER COLUMN reasons_v5 DROP NOT NULL,
    ALTER COLUMN sensitive_v5 DROP NOT NULL,
    ADD COLUMN reasons text,
    ADD COLUMN sensitive text,
    ADD COLUMN facts text,
    ADD COLUMN trace text,
    -- every decision has its reasons and sensitive findings in one of the two forms (NOT VALID:
    -- checked for the rows written from now, without reading the table)
    ADD CONSTRAINT decisions_reasons_stored CHECK (reasons IS NOT NULL OR reasons_v5 IS NOT NULL) NOT VALID,
    ADD CONSTRAINT decisions_sensitive_stored CHECK (sensitive IS NOT NULL OR sensitive_v5 IS NOT NULL) NOT VALID;
