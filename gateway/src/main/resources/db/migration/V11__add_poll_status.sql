-- The outcome of a user's polls, so every replica (and the API) can tell a user that is polled from one whose
-- PBX keeps answering errors: poll_failures counts failed polls since the last answered one, poll_error is the
-- last error, poll_failing_since starts the failure run, and poll_failure_event_sent records that
-- user.polling_failed went out for the run (it is sent once per run).
ALTER TABLE user_state ADD COLUMN poll_failures integer NOT NULL DEFAULT 0;
ALTER TABLE user_state ADD COLUMN poll_error text;
ALTER TABLE user_state ADD COLUMN poll_error_at timestamptz;
ALTER TABLE user_state ADD COLUMN poll_failing_since timestamptz;
ALTER TABLE user_state ADD COLUMN poll_failure_event_sent boolean NOT NULL DEFAULT false;

-- A tenant's deliveries across its endpoints, newest or oldest first, and an endpoint's recent attempts for its
-- health figures.
CREATE INDEX webhook_delivery_tenant ON webhook_delivery (tenant_id, id);
CREATE INDEX delivery_attempt_tenant_attempted ON delivery_attempt (tenant_id, attempted_at);
