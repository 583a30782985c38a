-- Tenants: the SaaS vendors' customers. Every tenant-owned table references this one.
CREATE TABLE tenant (
    id          text        PRIMARY KEY,
    name        text        NOT NULL,
    suspended   boolean     NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
