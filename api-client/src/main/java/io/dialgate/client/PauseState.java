package io.dialgate.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDateTime;
import java.util.Optional;

/**
 * A pause a user is in now.
 *
 * @param name the pause's key
 * @param title the pause's display name
 * @param since when it began (PBX local time), when the PBX says
 */
public record PauseState(String name, String title, Optional<LocalDateTime> since) {

    static PauseState from(JsonNode n) {
        return new PauseState(Json.text(n, "name"), Json.text(n, "title"), Json.time(n, "since"));
    }
}
