package io.dialgate.gateway.webhook.dispatch;

/**
 * A claimed delivery ready to be written back: the attempt's outcome, or no outcome when the job was
 * parked without sending ({@link DeliveryJob#parked()}), and the trace id of the attempt's span (null when
 * tracing is off).
 */
record DeliveryResult(DeliveryJob job, DeliveryOutcome outcome, String traceId) {

    DeliveryResult(DeliveryJob job, DeliveryOutcome outcome) {
        this(job, outcome, null);
    }

    static DeliveryResult parked(DeliveryJob job) {
        return new DeliveryResult(job, null);
    }

    boolean sent() {
        return outcome != null;
    }
}
