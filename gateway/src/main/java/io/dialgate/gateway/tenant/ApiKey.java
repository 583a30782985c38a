package io.dialgate.gateway.tenant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A tenant's API key, stored only as a SHA-256 hash (the key is shown once, at creation). */
@Entity
@Table(name = "api_key")
public class ApiKey {

    @Id
    public String id;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "key_hash", nullable = false)
    public String keyHash;

    /** Last four characters, so an operator can tell keys apart without seeing them. */
    @Column(name = "key_hint", nullable = false)
    public String keyHint;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Override
    public String toString() {
        return "ApiKey[id=" + id + ", tenantId=" + tenantId + ", hint=..." + keyHint + "]";
    }
}
