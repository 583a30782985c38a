package io.dialgate.gateway.metrics;

/**
 * The {@code outcome} label of {@code dialgate_webhook_deliveries_total}: what one sent attempt decided for its
 * delivery. Closed, so that the alerts, the dashboard and docs/operations.md can be checked against it.
 */
public enum WebhookAttemptOutcome {
    /** The endpoint answered 2xx. */
    DELIVERED("delivered"),
    /** The attempt failed and another is scheduled. */
    RETRYING("retrying"),
    /** The attempt failed and the retry schedule is used up: the delivery is {@code failed}. */
    GAVE_UP("gave_up"),
    /** The endpoint answered 410, or this failure ended a run long enough to disable it: its deliveries are parked. */
    ENDPOINT_DISABLED("endpoint_disabled"),
    /**
     * The attempt failed, but its delivery had been taken back meanwhile (a manual retry, an expired claim), so the
     * attempt is only logged and whoever holds the delivery now decides.
     */
    SUPERSEDED("superseded");

    private final String label;

    WebhookAttemptOutcome(String label) {
        this.label = label;
    }

    /** The label value as Prometheus shows it. */
    public String label() {
        return label;
    }
}
