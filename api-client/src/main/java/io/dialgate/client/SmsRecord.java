package io.dialgate.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The {@code item} of an SMS activity.
 *
 * @param number the other party's number
 * @param text the message
 */
public record SmsRecord(String number, String text) {

    static SmsRecord from(JsonNode n) {
        return new SmsRecord(Json.text(n, "number"), Json.text(n, "text"));
    }
}
