package io.dialgate.gateway.webhook;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One HTTP attempt of a delivery: the status (null when no response came), error, duration and a truncated body.
 * It is written before the request leaves and finished when the outcome is in, so a send whose outcome was
 * lost (the sending replica died) still shows in the history.
 */
@Entity
@Table(name = "delivery_attempt")
public class DeliveryAttempt {

    public static final String SCHEDULED = "scheduled";
    public static final String MANUAL = "manual";

    @Id
    public String id;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "delivery_id", nullable = false)
    public String deliveryId;

    /** {@link #SCHEDULED} or {@link #MANUAL}. */
    @Column(nullable = false)
    public String trigger;

    @Column(name = "status_code")
    public Integer statusCode;

    public String error;

    @Column(name = "duration_ms", nullable = false)
    public int durationMs;

    @Column(name = "response_body")
    public String responseBody;

    @Column(name = "attempted_at", nullable = false)
    public Instant attemptedAt;

    /** When the answer (or the failure) was recorded; null while in flight, or forever if the sender stopped. */
    @Column(name = "finished_at")
    public Instant finishedAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** The trace of the attempt's span; null when tracing was off or the outcome was lost. */
    @Column(name = "trace_id")
    public String traceId;

    /** An attempt about to be sent: no outcome yet. */
    public static DeliveryAttempt startedAt(String id, String tenantId, String deliveryId, boolean manual, Instant now) {
        DeliveryAttempt attempt = new DeliveryAttempt();
        attempt.id = id;
        attempt.tenantId = tenantId;
        attempt.deliveryId = deliveryId;
        attempt.trigger = manual ? MANUAL : SCHEDULED;
        attempt.attemptedAt = now;
        attempt.createdAt = now;
        return attempt;
    }
}
