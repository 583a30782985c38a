-- The feed and the SSE stream read events in commit order. Each event keeps the id of the transaction
-- that wrote it, and readers take only events of transactions older than every transaction still open
-- (pg_snapshot_xmin of the reader's snapshot): no event can commit later behind a position a reader has
-- passed, so a cursor never skips a late commit and never needs to look back.
ALTER TABLE event ADD COLUMN txid xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX event_tenant_position ON event (tenant_id, txid, id);
