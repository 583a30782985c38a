package io.dialgate.simulator.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One user's live state, as its {@code appPullData} long poll would show it. The sections keep the JSON
 * shape the PBX sends ({@code queues}, {@code pause}, {@code activities}, {@code device}); the helper
 * methods read the parts tests assert on most. {@code heldPolls} above 1 means two clients poll this user.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AgentState(String login, String hash, long version, int heldPolls, JsonNode queues, JsonNode pause,
        JsonNode activities, JsonNode device, JsonNode notifications) {

    /** Names of the queues the user is logged in to (the section lists every queue the user may use). */
    public List<String> loggedInQueues() {
        List<String> names = new ArrayList<>();
        if (queues != null) {
            queues.forEach(q -> {
                if (q.path("logged_in").asBoolean(false)) {
                    names.add(q.path("name").asText());
                }
            });
        }
        return names;
    }

    /** The current pause's name, or null when the user is not on a pause. */
    public String pauseName() {
        return pause == null || pause.isNull() ? null : pause.path("name").asText(null);
    }

    /** The phone's state: {@code idle}, {@code ringing} or {@code busy}. */
    public String deviceState() {
        return device == null ? null : device.path("state").asText(null);
    }
}
