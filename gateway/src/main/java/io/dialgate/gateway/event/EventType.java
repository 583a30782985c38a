package io.dialgate.gateway.event;

/** The event catalogue, with one example per type in docs/events.md (served as {@code GET /v1/event-types}). The JSON name is {@link #wireName()}. */
public enum EventType {
    QUEUE_LOGIN("queue.login", "user", "The user logged in to a queue"),
    QUEUE_LOGOUT("queue.logout", "user", "The user logged out of a queue"),
    PAUSE_STARTED("pause.started", "user", "The user started a pause"),
    PAUSE_ENDED("pause.ended", "user", "The user's pause ended"),
    CALL_RINGING("call.ringing", "user", "A call started ringing for the user"),
    CALL_ANSWERED("call.answered", "user", "The user's call was answered"),
    CALL_ENDED("call.ended", "user", "The user's call ended, answered or not"),
    SMS_SENT("sms.sent", "user", "The user sent a text message"),
    SMS_RECEIVED("sms.received", "user", "A text message arrived for the user"),
    TICKET_CREATED("ticket.created", "user", "A ticket assigned to the user was created"),
    TICKET_UPDATED("ticket.updated", "user", "A ticket assigned to the user changed (data.changed lists the fields)"),
    TICKET_CLOSED("ticket.closed", "user", "A ticket assigned to the user was closed"),
    USER_TOKEN_INVALID("user.token_invalid", "user", "The PBX refused the user's access token; polling stops until it is replaced"),
    USER_POLLING_FAILED("user.polling_failed", "user", "Polling the user keeps failing (once per failure run); its state is stale until a poll succeeds"),
    PBX_UNREACHABLE("pbx.unreachable", "pbx", "A PBX host stopped answering"),
    PBX_REACHABLE("pbx.reachable", "pbx", "A PBX host answers again"),
    ENDPOINT_FAILING("endpoint.failing", "endpoint", "One of the tenant's webhook endpoints keeps failing"),
    ENDPOINT_DISABLED("endpoint.disabled", "endpoint", "One of the tenant's webhook endpoints was disabled"),
    ENDPOINT_RECOVERED("endpoint.recovered", "endpoint", "A failing webhook endpoint answers again"),
    WEBHOOK_TEST("webhook.test", "endpoint", "A test event sent to one webhook endpoint on request (POST /v1/webhooks/{id}/test)");

    private final String wireName;
    private final String subject;
    private final String description;

    EventType(String wireName, String subject, String description) {
        this.wireName = wireName;
        this.subject = subject;
        this.description = description;
    }

    public String wireName() {
        return wireName;
    }

    /** What the event is about: {@code user}, {@code pbx} or {@code endpoint}. */
    public String subject() {
        return subject;
    }

    /** One line for people, served by {@code GET /v1/event-types}. */
    public String description() {
        return description;
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
