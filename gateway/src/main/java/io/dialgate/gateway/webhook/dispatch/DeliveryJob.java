package io.dialgate.gateway.webhook.dispatch;

import java.util.List;

/**
 * What one claimed delivery needs for sending, read in the claim transaction so that sending needs no
 * database: the attempt row written by the claim ({@code attemptId}, null when parked) and the endpoint's
 * rate limit ({@code rateLimit} per second, or null), and the event's trace context ({@code traceparent}, null when
 * tracing was off), which the attempt's span continues. {@code toString} names
 * the delivery only: the secrets must never reach a log.
 */
record DeliveryJob(String deliveryId, String tenantId, String endpointId, String eventId, boolean manual,
        boolean endpointEnabled, String url, List<String> secrets, String body, String attemptId,
        Integer rateLimit, String traceparent) {

    /** A scheduled attempt to an endpoint disabled since the delivery was queued is not sent; it is parked. */
    boolean parked() {
        return !endpointEnabled && !manual;
    }

    @Override
    public String toString() {
        return "DeliveryJob[" + deliveryId + "]";
    }
}
