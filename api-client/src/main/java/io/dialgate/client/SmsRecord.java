package io.dialgate.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * The {@code item} of an SMS activity: an {@code activitiesSms} record.
 *
 * @param number the customer's number (Daktela's {@code sender}, whichever way the message went)
 * @param text the message
 * @param direction {@code OUT} (sent by the agent) or {@code IN} (from the customer), when given
 */
public record SmsRecord(String number, String text, Optional<String> direction) {

    /** Whether the customer sent it. */
    public boolean isInbound() {
        return direction.map("IN"::equalsIgnoreCase).orElse(false);
    }

    static SmsRecord from(JsonNode n) {
        String number = Json.text(n, "sender");
        return new SmsRecord(number != null ? number : Json.text(n, "number"), Json.text(n, "text"),
                Json.optText(n, "direction"));
    }
}
