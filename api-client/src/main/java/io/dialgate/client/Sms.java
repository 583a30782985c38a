package io.dialgate.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import java.util.Objects;

/**
 * Sending SMS: {@code POST activities.json {type: SMS, queue, number, text}} with the agent's token,
 * through a queue of type {@code sms}. Never retried automatically: a lost answer retried could text a
 * customer twice. A caller that must retry chooses the activity {@link SmsMessage#name() name}: the PBX
 * refuses a name it already has, and {@link Activities#get(String)} then shows what the first try did.
 */
public final class Sms {

    private final Transport transport;
    private final AccessToken token;

    Sms(Transport transport, AccessToken token) {
        this.transport = transport;
        this.token = token;
    }

    /**
     * Sends an SMS; returns the new SMS activity, whose {@link Activity#sms()} holds the message.
     *
     * @throws DaktelaValidationException for a bad number or text, a queue that is not an SMS queue, a queue
     *     the user is not logged in to, or an activity name already taken
     * @throws DaktelaForbiddenException when the token's user has no rights over {@link SmsMessage#user()}
     */
    public Activity send(SmsMessage message) {
        return sendAsync(message).await().indefinitely();
    }

    /** {@link #send(SmsMessage)} without blocking; never retried. */
    public Uni<Activity> sendAsync(SmsMessage message) {
        Objects.requireNonNull(message, "message");
        ObjectNode body = Json.object();
        body.put("type", "SMS");
        body.put("queue", message.queue());
        body.put("number", message.number());
        body.put("text", message.text());
        if (message.name() != null) {
            body.put("name", message.name());
        }
        if (message.user() != null) {
            body.put("user", message.user());
        }
        if (message.ticket() != null) {
            body.put("ticket", message.ticket());
        }
        return transport.send(Request.create("activities", body), token).map(Activity::from);
    }
}
