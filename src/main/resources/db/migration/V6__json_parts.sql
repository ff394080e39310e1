-- Recall Gate store, version 6: cheaper decision rows (issue 12).
--
-- The four JSON parts of a decision (reasons, sensitive, facts, trace) are stored as json (the text,
-- checked to be JSON) instead of jsonb (parsed into PostgreSQL's binary form on every insert): no
-- query looks inside them any more, the service always reads them whole, and they are the canonical
-- JSON the decision's leaf hashed. jsonb cost PostgreSQL ~3-4 us of CPU per decision inserted
-- (measured with pg_stat_statements and EXPLAIN ANALYZE on a table of 500,000 decisions), a tenth of
-- what it spends on a decision.
--
-- The report's columns reason and requester_role were generated from the jsonb; they are now plain
-- columns, written by the decision log from the same record in the same statement (DecisionLog
-- Rows: the first reason's code, the facts' requester.role), with the values they have.
--
-- Rewrites the table and its indexes once, under an exclusive lock, in one transaction (a crash
-- leaves the table as it was, at version 5): on a large table this start takes a while and needs
-- the table's size again in free disk space.
ALTER TABLE decisions
    ALTER COLUMN reason DROP EXPRESSION,
    ALTER COLUMN requester_role DROP EXPRESSION;

ALTER TABLE decisions
    ALTER COLUMN reasons TYPE json USING reasons::json,
    ALTER COLUMN sensitive TYPE json USING sensitive::json,
    ALTER COLUMN facts TYPE json USING facts::json,
    ALTER COLUMN trace TYPE json USING trace::json;
