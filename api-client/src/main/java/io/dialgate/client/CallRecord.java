package io.dialgate.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * A call ({@code activitiesCall.json}, or the {@code item} of a CALL activity).
 *
 * @param idCall the call's id
 * @param direction {@code in}, {@code out} or {@code internal}
 * @param answered whether anyone answered
 * @param clid the calling number
 * @param did the called number
 * @param ringingTime seconds spent ringing
 * @param duration seconds of talk
 * @param dispositionCause who ended it: {@code caller}, {@code agent}, {@code transfer}, {@code system}; empty while live
 * @param state {@code ringing}, {@code answered} or {@code ended}: a {@code state} field when the record has one,
 *     else read from the causes (Daktela's call records carry no state, but a live call has neither a
 *     {@code disposition_cause} nor a {@code disconnection_cause})
 */
public record CallRecord(String idCall, String direction, boolean answered, Optional<String> clid, Optional<String> did,
        long ringingTime, long duration, Optional<String> dispositionCause, Optional<String> state) {

    static CallRecord from(JsonNode n) {
        return new CallRecord(Json.text(n, "id_call"), Json.text(n, "direction"), Json.bool(n, "answered"),
                Json.optText(n, "clid"), Json.optText(n, "did"), Json.longValue(n, "ringing_time"),
                Json.longValue(n, "duration"), Json.optText(n, "disposition_cause"), state(n));
    }

    private static Optional<String> state(JsonNode n) {
        Optional<String> given = Json.optText(n, "state");
        if (given.isPresent()) {
            return given;
        }
        if (Json.optText(n, "disposition_cause").isPresent() || Json.optText(n, "disconnection_cause").isPresent()) {
            return Optional.of("ended");
        }
        return Optional.of(Json.bool(n, "answered") ? "answered" : "ringing");
    }
}
