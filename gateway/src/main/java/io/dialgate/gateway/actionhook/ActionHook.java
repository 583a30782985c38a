package io.dialgate.gateway.actionhook;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * An inbound webhook: a URL another system POSTs signed commands to. Its secret is sealed like
 * tokens; {@code userId} binds it to one user (else each command names its user).
 */
@Entity
@Table(name = "action_hook")
public class ActionHook {

    @Id
    public String id;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "user_id")
    public String userId;

    public String description;

    @Column(name = "secret_key_id", nullable = false)
    public String secretKeyId;

    @Column(name = "secret_ciphertext", nullable = false)
    public byte[] secretCiphertext;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Override
    public String toString() {
        return "ActionHook[id=" + id + ", tenantId=" + tenantId + ", userId=" + userId + "]";
    }
}
