package io.dialgate.simulator.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A seeded PBX user as the control API reports it. {@code accessToken} is the token a client sends to
 * the Daktela API for this user (the control API is the one place that shows it).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record User(String login, String title, String email, String accessToken, List<String> rights,
        List<String> queues) {
}
