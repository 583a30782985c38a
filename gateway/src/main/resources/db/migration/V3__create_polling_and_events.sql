-- One lease per monitored user: which replica long-polls it, until when. Claimed with
-- FOR UPDATE SKIP LOCKED; an expired lease is free for any replica.
CREATE TABLE poll_lease (
    user_id      text        PRIMARY KEY REFERENCES pbx_user (id) ON DELETE CASCADE,
    tenant_id    text        NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    locked_by    text,
    locked_until timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX poll_lease_locked_until ON poll_lease (locked_until);

-- The last full state seen by polling (deltas merged in), and the user's event sequence.
CREATE TABLE user_state (
    user_id       text        PRIMARY KEY REFERENCES pbx_user (id) ON DELETE CASCADE,
    tenant_id     text        NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    hash          text,
    state         jsonb       NOT NULL DEFAULT '{}'::jsonb,
    last_sequence bigint      NOT NULL DEFAULT 0,
    seen_at       timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

-- Events derived from state changes; ids sort by time, so the feed's cursor is the last id.
CREATE TABLE event (
    id           text        PRIMARY KEY,
    tenant_id    text        NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    user_id      text,
    pbx_host_id  text,
    type         text        NOT NULL,
    sequence     bigint      NOT NULL,
    occurred_at  timestamptz NOT NULL,
    data         jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX event_tenant_id ON event (tenant_id, id);
CREATE INDEX event_created_at ON event (created_at);
CREATE UNIQUE INDEX event_user_sequence ON event (user_id, sequence) WHERE user_id IS NOT NULL;

-- Per PBX host reachability, so pbx.unreachable / pbx.reachable fire once per change.
CREATE TABLE pbx_host_status (
    pbx_host_id  text        PRIMARY KEY REFERENCES pbx_host (id) ON DELETE CASCADE,
    tenant_id    text        NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    reachable    boolean     NOT NULL DEFAULT true,
    changed_at   timestamptz NOT NULL DEFAULT now(),
    sequence     bigint      NOT NULL DEFAULT 0
);
