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
 * @param state {@code ringing}, {@code answered} or {@code ended}; empty when the PBX does not say
 */
public record CallRecord(String idCall, String direction, boolean answered, Optional<String> clid, Optional<String> did,
        long ringingTime, long duration, Optional<String> dispositionCause, Optional<String> state) {

    static CallRecord from(JsonNode n) {
        return new CallRecord(Json.text(n, "id_call"), Json.text(n, "direction"), Json.bool(n, "answered"),
                Json.optText(n, "clid"), Json.optText(n, "did"), Json.longValue(n, "ringing_time"),
                Json.longValue(n, "duration"), Json.optText(n, "disposition_cause"), Json.optText(n, "state"));
    }
}
