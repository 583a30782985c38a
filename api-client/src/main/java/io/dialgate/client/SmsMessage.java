package io.dialgate.client;

import java.util.Objects;

/**
 * An SMS to send.
 *
 * @param number the recipient's phone number
 * @param text the message
 * @param queue the SMS queue to send through (a queue of type {@code sms})
 * @param name the activity name to create, or null to let the PBX choose; a name already taken is refused,
 *     so a caller that picks one can tell a retried send from a new one
 * @param user the login to send for, when the token's user has rights over it; null for the token's user
 * @param ticket the ticket the SMS belongs to, or null
 */
public record SmsMessage(String number, String text, String queue, String name, String user, String ticket) {

    public SmsMessage {
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(queue, "queue");
    }

    /** A message from the token's user, with a PBX-chosen name. */
    public static SmsMessage of(String number, String text, String queue) {
        return new SmsMessage(number, text, queue, null, null, null);
    }

    /** This message with the given activity name. */
    public SmsMessage withName(String activityName) {
        return new SmsMessage(number, text, queue, activityName, user, ticket);
    }

    /** This message sent for another user. */
    public SmsMessage forUser(String login) {
        return new SmsMessage(number, text, queue, name, login, ticket);
    }

    /** This message linked to a ticket. */
    public SmsMessage onTicket(String ticketName) {
        return new SmsMessage(number, text, queue, name, user, ticketName);
    }
}
