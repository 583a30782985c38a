-- Each replica that runs poll loops beats here once a tick, so every replica can count the live ones
-- and poll about its fair share of the users (an over-full replica hands leases over, a new one takes them).
CREATE TABLE poll_replica (
    replica_id   text        PRIMARY KEY,
    heartbeat_at timestamptz NOT NULL DEFAULT now()
);
