package io.dialgate.simulator.control;

import java.util.List;

/**
 * {@code POST /_sim/instances/{i}/users}. A token is generated when {@code accessToken} is absent.
 * {@code rights} lists logins this user may act for; {@code queues}, when given, limits the
 * queues it may use (default: all).
 */
public record UserRequest(String login, String password, String accessToken, String title, String email,
        List<String> rights, List<String> queues) {
}
