-- An Idempotency-Key whose first request may have reached the PBX without an answer is kept in the
-- state 'unknown' (never released, so the command is never sent twice); when a retry finds the call
-- on the PBX, outcome_ref names that activity, so it is never credited to a second key.
ALTER TABLE idempotency_record ADD COLUMN outcome_ref text;
CREATE INDEX idempotency_record_outcome ON idempotency_record (tenant_id, scope, outcome_ref)
    WHERE outcome_ref IS NOT NULL;
