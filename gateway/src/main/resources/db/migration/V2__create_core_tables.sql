-- Tenant API keys: only a SHA-256 hash is kept; the key is shown once.
CREATE TABLE api_key (
    id          text        PRIMARY KEY,
    tenant_id   text        NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    key_hash    text        NOT NULL UNIQUE,
    key_hint    text        NOT NULL,
    revoked_at  timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX api_key_tenant ON api_key (tenant_id);

-- A Daktela PBX (or simulator instance) a tenant's users live on.
CREATE TABLE pbx_host (
    id          text        PRIMARY KEY,
    tenant_id   text        NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    name        text        NOT NULL,
    base_url    text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, name)
);

-- A Daktela user the gateway acts for; the access token is sealed with AES-256-GCM.
CREATE TABLE pbx_user (
    id               text        PRIMARY KEY,
    tenant_id        text        NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    pbx_host_id      text        NOT NULL REFERENCES pbx_host (id) ON DELETE CASCADE,
    login            text        NOT NULL,
    token_key_id     text        NOT NULL,
    token_ciphertext bytea       NOT NULL,
    token_status     text        NOT NULL,
    monitored        boolean     NOT NULL DEFAULT true,
    version          bigint      NOT NULL DEFAULT 0,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, pbx_host_id, login)
);
CREATE INDEX pbx_user_token_key ON pbx_user (token_key_id);

-- Idempotency-Key records of call creation: the first request's response is replayed to retries.
CREATE TABLE idempotency_record (
    tenant_id     text        NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    scope         text        NOT NULL,
    idem_key      text        NOT NULL,
    request_hash  text        NOT NULL,
    state         text        NOT NULL,
    status        integer,
    response_body text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, scope, idem_key)
);
CREATE INDEX idempotency_record_created ON idempotency_record (created_at);

-- Inbound webhooks that run operations; the secret is sealed like tokens.
CREATE TABLE action_hook (
    id                text        PRIMARY KEY,
    tenant_id         text        NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    user_id           text        REFERENCES pbx_user (id) ON DELETE CASCADE,
    description       text,
    secret_key_id     text        NOT NULL,
    secret_ciphertext bytea       NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX action_hook_tenant ON action_hook (tenant_id);
