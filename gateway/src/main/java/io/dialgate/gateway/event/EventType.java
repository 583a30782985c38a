package io.dialgate.gateway.event;

/** The event catalogue, with one example per type in docs/webhooks.md. The JSON name is {@link #wireName()}. */
public enum EventType {
    QUEUE_LOGIN("queue.login"),
    QUEUE_LOGOUT("queue.logout"),
    PAUSE_STARTED("pause.started"),
    PAUSE_ENDED("pause.ended"),
    CALL_RINGING("call.ringing"),
    CALL_ANSWERED("call.answered"),
    CALL_ENDED("call.ended"),
    SMS_SENT("sms.sent"),
    SMS_RECEIVED("sms.received"),
    TICKET_CREATED("ticket.created"),
    TICKET_UPDATED("ticket.updated"),
    TICKET_CLOSED("ticket.closed"),
    USER_TOKEN_INVALID("user.token_invalid"),
    PBX_UNREACHABLE("pbx.unreachable"),
    PBX_REACHABLE("pbx.reachable"),
    ENDPOINT_FAILING("endpoint.failing"),
    ENDPOINT_DISABLED("endpoint.disabled"),
    ENDPOINT_RECOVERED("endpoint.recovered");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Events about one of the tenant's own webhook endpoints ({@code data.webhookId}), not about a user or a host. */
    public static boolean isEndpointEvent(String wireName) {
        return wireName.startsWith("endpoint.");
    }

    public static java.util.Optional<EventType> fromWireName(String name) {
        for (EventType t : values()) {
            if (t.wireName.equals(name)) {
                return java.util.Optional.of(t);
            }
        }
        return java.util.Optional.empty();
    }
}
