package io.dialgate.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import java.util.Objects;

/**
 * The token user's session ({@code usersSession.json}): queue login and logout, pause start and
 * end, like Daktela's browser helper {@code cli.userSessions}. Each command returns the session
 * as it is afterwards. Commands are retried only after a 429 (the PBX did not act on them).
 */
public final class UserSessions {

    private static final String ENDPOINT = "usersSession";

    private final Transport transport;
    private final AccessToken token;

    UserSessions(Transport transport, AccessToken token) {
        this.transport = transport;
        this.token = token;
    }

    /**
     * Logs the user in to ({@code login} true) or out of a queue.
     *
     * @param penalty the user's penalty in the queue (lower rings first); ignored on logout
     */
    public UserSession queue(String queue, boolean login, int penalty) {
        return queueAsync(queue, login, penalty).await().indefinitely();
    }

    public Uni<UserSession> queueAsync(String queue, boolean login, int penalty) {
        ObjectNode body = Json.object();
        ObjectNode entry = body.putArray("queues").addObject();
        entry.put("login", login);
        entry.put("name", Objects.requireNonNull(queue, "queue"));
        entry.put("penalty", penalty);
        return send(body);
    }

    /** Starts the named pause (ending any other). */
    public UserSession pause(String pauseName) {
        return pauseAsync(pauseName).await().indefinitely();
    }

    public Uni<UserSession> pauseAsync(String pauseName) {
        ObjectNode body = Json.object();
        body.put("pause", Objects.requireNonNull(pauseName, "pauseName"));
        return send(body);
    }

    /** Ends the current pause, if any. */
    public UserSession unpause() {
        return unpauseAsync().await().indefinitely();
    }

    public Uni<UserSession> unpauseAsync() {
        ObjectNode body = Json.object();
        body.putNull("pause");
        return send(body);
    }

    private Uni<UserSession> send(ObjectNode body) {
        return transport.send(Request.command("POST", ENDPOINT, null, body), token).map(UserSession::from);
    }
}
