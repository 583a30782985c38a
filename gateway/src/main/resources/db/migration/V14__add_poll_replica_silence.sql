-- How long a replica's heartbeat may be silent before the others take its poll leases without waiting for them
-- to run out: its own fencing time plus a tick, from its own lease and tick settings, so that it has stopped
-- polling by then whatever the others' settings are. Null for a replica of an earlier release, whose leases
-- are taken only when they run out.
ALTER TABLE poll_replica ADD COLUMN silent_after_ms bigint;
