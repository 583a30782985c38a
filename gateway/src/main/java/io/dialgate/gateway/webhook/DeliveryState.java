package io.dialgate.gateway.webhook;

/** States of a {@link WebhookDelivery}, stored and shown as {@link #wireName()}. */
public enum DeliveryState {
    PENDING("pending"),
    SENDING("sending"),
    DELIVERED("delivered"),
    FAILED("failed"),
    ENDPOINT_DISABLED("endpoint_disabled");

    private final String wireName;

    DeliveryState(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
