package io.dialgate.gateway.user;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/**
 * A Daktela user (agent) the gateway acts for. The access token is sealed (AES-256-GCM) and never
 * leaves this entity in clear except to call the PBX; {@code toString} leaves it out.
 */
@Entity
@Table(name = "pbx_user")
public class PbxUser {

    @Id
    public String id;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "pbx_host_id", nullable = false)
    public String pbxHostId;

    @Column(nullable = false)
    public String login;

    @Column(name = "token_key_id", nullable = false)
    public String tokenKeyId;

    @Column(name = "token_ciphertext", nullable = false)
    public byte[] tokenCiphertext;

    @Enumerated(EnumType.STRING)
    @Column(name = "token_status", nullable = false)
    public TokenStatus tokenStatus;

    @Column(nullable = false)
    public boolean monitored;

    @Version
    public long version;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Override
    public String toString() {
        return "PbxUser[id=" + id + ", tenantId=" + tenantId + ", login=" + login + ", tokenStatus=" + tokenStatus + "]";
    }
}
