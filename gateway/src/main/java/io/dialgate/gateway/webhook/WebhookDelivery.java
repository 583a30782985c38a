package io.dialgate.gateway.webhook;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One event to one endpoint: the outbox row the dispatcher claims. {@code state} is a
 * {@link DeliveryState} wire name; {@code orderingKey} is the event's user (or host) so one user's events
 * reach an endpoint in {@code sequence} order.
 */
@Entity
@Table(name = "webhook_delivery")
public class WebhookDelivery {

    @Id
    public String id;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "endpoint_id", nullable = false)
    public String endpointId;

    @Column(name = "event_id", nullable = false)
    public String eventId;

    @Column(name = "event_type", nullable = false)
    public String eventType;

    @Column(name = "ordering_key", nullable = false)
    public String orderingKey;

    @Column(nullable = false)
    public long sequence;

    @Column(nullable = false)
    public String state;

    /** Attempts made, whatever triggered them. */
    @Column(nullable = false)
    public int attempts;

    /** Attempts made by the schedule; indexes the retry schedule. */
    @Column(name = "scheduled_attempts", nullable = false)
    public int scheduledAttempts;

    /** The next attempt was asked for by a person (retry), so it is logged as {@code manual}. */
    @Column(nullable = false)
    public boolean manual;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    @Column(name = "last_status")
    public Integer lastStatus;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "last_attempt_at")
    public Instant lastAttemptAt;

    @Column(name = "locked_by")
    public String lockedBy;

    @Column(name = "locked_until")
    public Instant lockedUntil;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** The event's W3C trace context, which each attempt's span continues; null when tracing was off. */
    public String traceparent;
}
