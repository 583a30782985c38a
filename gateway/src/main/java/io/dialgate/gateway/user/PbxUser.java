package io.dialgate.gateway.user;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import org.hibernate.annotations.DynamicUpdate;

/**
 * A Daktela user (agent) the gateway acts for. The access token (and the refresh token, when the PBX issued
 * one) is sealed (AES-256-GCM) and never leaves this entity in clear except to call the PBX; {@code toString}
 * leaves it out.
 */
@Entity
@Table(name = "pbx_user")
// Only changed columns are written: a renewal stores the user's new token pair without a version change (which
// would restart its poll loop), and an update of other fields that loaded the row before must not write the
// spent pair back.
@DynamicUpdate
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

    /** The sealed refresh token of a user registered with a password on a PBX that issues one; null otherwise. */
    @Column(name = "refresh_key_id")
    public String refreshKeyId;

    @Column(name = "refresh_ciphertext")
    public byte[] refreshCiphertext;

    /** When the stored access token expires, when the PBX said; null: never, or unknown. */
    @Column(name = "token_expires_at")
    public Instant tokenExpiresAt;

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
