package io.dialgate.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDateTime;
import java.util.Optional;

/**
 * An agent's live state ({@code realtimeSessions.json}).
 *
 * @param user the login (Daktela may send the user as an object; its name is taken)
 * @param state {@code Session}, {@code Idle} or {@code Paused}
 * @param pause the current pause's name, when paused
 * @param onPause when the current pause began (PBX local time)
 * @param extenStatus device state: {@code Unavailable}, {@code Idle}, {@code Busy}...
 */
public record RealtimeSession(String user, String state, Optional<String> pause, Optional<LocalDateTime> onPause,
        Optional<String> extenStatus) {

    static RealtimeSession from(JsonNode n) {
        String user = Json.text(n, "user");
        if (user == null) {
            user = Json.text(n, "id_agent");
        }
        if (user == null) {
            user = Json.text(n, "name");
        }
        return new RealtimeSession(user, Json.text(n, "state"), Json.optText(n, "id_pause"), Json.time(n, "onpause"),
                Json.optText(n, "exten_status"));
    }
}
