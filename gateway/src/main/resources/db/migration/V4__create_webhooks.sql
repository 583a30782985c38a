-- Outgoing webhook endpoints of a tenant. Secrets are sealed with AES-256-GCM (context = endpoint id);
-- during a rotation the previous secret is kept until previous_secret_expires_at and deliveries are
-- signed with both.
CREATE TABLE webhook_endpoint (
    id                           text        PRIMARY KEY,
    tenant_id                    text        NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    url                          text        NOT NULL,
    description                  text,
    event_types                  text[]      NOT NULL DEFAULT '{}',
    enabled                      boolean     NOT NULL DEFAULT true,
    disabled_reason              text,
    secret_key_id                text        NOT NULL,
    secret_ciphertext            bytea       NOT NULL,
    previous_secret_key_id       text,
    previous_secret_ciphertext   bytea,
    previous_secret_expires_at   timestamptz,
    consecutive_failures         integer     NOT NULL DEFAULT 0,
    failing_since                timestamptz,
    created_at                   timestamptz NOT NULL DEFAULT now(),
    updated_at                   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_endpoint_tenant ON webhook_endpoint (tenant_id, id);
CREATE INDEX webhook_endpoint_secret_key ON webhook_endpoint (secret_key_id);

-- The outbox: one row per (event, endpoint). ordering_key is the event's user (or PBX host for host
-- events): a row is claimable only when no row of the same endpoint and key with a lower sequence is
-- still pending or sending. Deleting an event (retention) deletes its deliveries and their attempts.
CREATE TABLE webhook_delivery (
    id                  text        PRIMARY KEY,
    tenant_id           text        NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    endpoint_id         text        NOT NULL REFERENCES webhook_endpoint (id) ON DELETE CASCADE,
    event_id            text        NOT NULL REFERENCES event (id) ON DELETE CASCADE,
    event_type          text        NOT NULL,
    ordering_key        text        NOT NULL,
    sequence            bigint      NOT NULL,
    state               text        NOT NULL,
    attempts            integer     NOT NULL DEFAULT 0,
    scheduled_attempts  integer     NOT NULL DEFAULT 0,
    manual              boolean     NOT NULL DEFAULT false,
    next_attempt_at     timestamptz,
    last_status         integer,
    last_error          text,
    last_attempt_at     timestamptz,
    locked_by           text,
    locked_until        timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    UNIQUE (endpoint_id, event_id)
);
CREATE INDEX webhook_delivery_due ON webhook_delivery (next_attempt_at) WHERE state = 'pending';
CREATE INDEX webhook_delivery_lease ON webhook_delivery (locked_until) WHERE state = 'sending';
CREATE INDEX webhook_delivery_open_key ON webhook_delivery (endpoint_id, ordering_key, sequence)
    WHERE state IN ('pending', 'sending');
CREATE INDEX webhook_delivery_endpoint ON webhook_delivery (endpoint_id, id);
CREATE INDEX webhook_delivery_event ON webhook_delivery (event_id);

-- Every HTTP attempt of a delivery, for the delivery log and replay decisions.
CREATE TABLE delivery_attempt (
    id             text        PRIMARY KEY,
    tenant_id      text        NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    delivery_id    text        NOT NULL REFERENCES webhook_delivery (id) ON DELETE CASCADE,
    trigger        text        NOT NULL,
    status_code    integer,
    error          text,
    duration_ms    integer     NOT NULL,
    response_body  text,
    attempted_at   timestamptz NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX delivery_attempt_delivery ON delivery_attempt (delivery_id, id);
