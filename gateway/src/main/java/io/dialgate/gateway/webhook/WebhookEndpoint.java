package io.dialgate.gateway.webhook;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A tenant's webhook endpoint. The secret is sealed ({@code SecretCipher}, context = id); during a rotation
 * the previous secret stays until {@link #previousSecretExpiresAt}. {@code toString} leaves secrets out.
 */
@Entity
@Table(name = "webhook_endpoint")
public class WebhookEndpoint {

    @Id
    public String id;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(nullable = false)
    public String url;

    public String description;

    /** Wire names of the event types delivered; empty means every type. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "event_types", nullable = false)
    public String[] eventTypes;

    @Column(nullable = false)
    public boolean enabled;

    /** Why the gateway disabled the endpoint ({@code gone}, {@code failing}, {@code manual}); null while enabled. */
    @Column(name = "disabled_reason")
    public String disabledReason;

    @Column(name = "secret_key_id", nullable = false)
    public String secretKeyId;

    @Column(name = "secret_ciphertext", nullable = false)
    public byte[] secretCiphertext;

    @Column(name = "previous_secret_key_id")
    public String previousSecretKeyId;

    @Column(name = "previous_secret_ciphertext")
    public byte[] previousSecretCiphertext;

    @Column(name = "previous_secret_expires_at")
    public Instant previousSecretExpiresAt;

    @Column(name = "consecutive_failures", nullable = false)
    public int consecutiveFailures;

    @Column(name = "failing_since")
    public Instant failingSince;

    /** Most attempts in flight to this endpoint across replicas; null means {@code dialgate.webhook.endpoint-max-in-flight}. */
    @Column(name = "max_in_flight")
    public Integer maxInFlight;

    /** Most attempts a second to this endpoint (per replica); null means no limit. */
    @Column(name = "rate_limit")
    public Integer rateLimit;

    /** Whether {@code endpoint.failing} went out for the current failure run (its end then sends {@code endpoint.recovered}). */
    @Column(name = "failure_event_sent", nullable = false)
    public boolean failureEventSent;

    /** The sequence of the endpoint's last operational event ({@code endpoint.*}). */
    @Column(name = "event_sequence", nullable = false)
    public long eventSequence;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** True when events of this wire type go to this endpoint. */
    public boolean accepts(String type) {
        if (eventTypes == null || eventTypes.length == 0) {
            return true;
        }
        for (String t : eventTypes) {
            if (t.equals(type)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "WebhookEndpoint[id=" + id + ", tenantId=" + tenantId + ", enabled=" + enabled + "]";
    }
}
