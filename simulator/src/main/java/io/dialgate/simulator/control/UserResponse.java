package io.dialgate.simulator.control;

import java.util.List;

/** A seeded user. The control API is the one place that shows a token: tests need it to call the PBX. */
public record UserResponse(String login, String title, String email, String accessToken, List<String> rights,
        List<String> queues) {
}
