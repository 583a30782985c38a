package io.dialgate.simulator.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Optional;

/** An instance's live state: held long polls and each user's state. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InstanceState(String instance, boolean cors, int heldPolls, List<AgentState> users) {

    public Optional<AgentState> user(String login) {
        return users.stream().filter(u -> u.login().equals(login)).findFirst();
    }
}
