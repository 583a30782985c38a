package io.dialgate.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * A user's session after a {@code usersSession.json} command: queue memberships and pause.
 *
 * @param user the login
 * @param queues every queue the user belongs to, logged in or not
 * @param pause the current pause; empty when not paused
 */
public record UserSession(String user, List<QueueMembership> queues, Optional<PauseState> pause) {

    public UserSession {
        queues = List.copyOf(queues);
    }

    /** Whether the user is logged in to the named queue. */
    public boolean isLoggedIn(String queue) {
        return queues.stream().anyMatch(q -> q.loggedIn() && q.name().equals(queue));
    }

    static UserSession from(JsonNode n) {
        JsonNode p = n.get("pause");
        return new UserSession(Json.text(n, "user"), Json.list(n.get("queues"), QueueMembership::from),
                p == null || !p.isObject() ? Optional.empty() : Optional.of(PauseState.from(p)));
    }
}
