-- Each endpoint gets its own share of the dispatcher: at most max_in_flight attempts in flight across all
-- replicas (null: dialgate.webhook.endpoint-max-in-flight) and, if set, at most rate_limit attempts a second.
-- failure_event_sent records that endpoint.failing went out for the current failure run, so the run's end
-- sends endpoint.recovered; event_sequence numbers the endpoint's own operational events.
ALTER TABLE webhook_endpoint ADD COLUMN max_in_flight integer CHECK (max_in_flight BETWEEN 1 AND 256);
ALTER TABLE webhook_endpoint ADD COLUMN rate_limit integer CHECK (rate_limit BETWEEN 1 AND 10000);
ALTER TABLE webhook_endpoint ADD COLUMN failure_event_sent boolean NOT NULL DEFAULT false;
ALTER TABLE webhook_endpoint ADD COLUMN event_sequence bigint NOT NULL DEFAULT 0;

-- Counting an endpoint's attempts in flight reads only its rows being sent.
CREATE INDEX webhook_delivery_sending_endpoint ON webhook_delivery (endpoint_id) WHERE state = 'sending';

-- Every dispatching replica beats here; a delivery claimed by a replica whose heartbeat stopped is due again
-- within seconds instead of at the end of its claim's lease.
CREATE TABLE webhook_dispatcher_replica (
    replica_id   text        PRIMARY KEY,
    heartbeat_at timestamptz NOT NULL
);

-- An attempt is written when its delivery is claimed, before the request leaves, and finished when the answer
-- (or the failure) is in. An attempt that never finishes was sent by a replica that stopped or lost the
-- database: the receiver may have got it, and the delivery's history says so.
ALTER TABLE delivery_attempt ADD COLUMN finished_at timestamptz;
UPDATE delivery_attempt SET finished_at = attempted_at;
