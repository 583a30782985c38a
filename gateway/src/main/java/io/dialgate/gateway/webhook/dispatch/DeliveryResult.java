package io.dialgate.gateway.webhook.dispatch;

/**
 * A claimed delivery ready to be written back: the attempt's outcome, or no outcome when the job was
 * parked without sending ({@link DeliveryJob#parked()}).
 */
record DeliveryResult(DeliveryJob job, DeliveryOutcome outcome) {

    static DeliveryResult parked(DeliveryJob job) {
        return new DeliveryResult(job, null);
    }

    boolean sent() {
        return outcome != null;
    }
}
