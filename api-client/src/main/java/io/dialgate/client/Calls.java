package io.dialgate.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import java.util.Objects;

/**
 * Dialling: creates CALL activities, like Daktela's browser helper {@code cli.activities.call.dial}.
 *
 * <p>A dial is never retried automatically, whatever fails: the PBX may have placed the call even
 * though its answer was lost, and dialling a customer twice is worse than reporting an error.
 * The user must be logged in to an outgoing queue.
 */
public final class Calls {

    private final Transport transport;
    private final AccessToken token;

    Calls(Transport transport, AccessToken token) {
        this.transport = transport;
        this.token = token;
    }

    /** Calls {@code number} from the token's user through {@code queue}; returns the new CALL activity. */
    public Activity dial(String number, String queue) {
        return dialAsync(number, queue).await().indefinitely();
    }

    /** {@link #dial(String, String)} without blocking; never retried. */
    public Uni<Activity> dialAsync(String number, String queue) {
        return send(body(number, queue));
    }

    /**
     * Calls {@code number} for another user, over whom the token's user has rights.
     *
     * @throws DaktelaForbiddenException when the token's user has no rights over {@code userLogin}
     */
    public Activity dialFor(String userLogin, String number, String queue) {
        return dialForAsync(userLogin, number, queue).await().indefinitely();
    }

    /** {@link #dialFor(String, String, String)} without blocking; never retried. */
    public Uni<Activity> dialForAsync(String userLogin, String number, String queue) {
        ObjectNode body = body(number, queue);
        body.put("user", Objects.requireNonNull(userLogin, "userLogin"));
        return send(body);
    }

    private static ObjectNode body(String number, String queue) {
        ObjectNode body = Json.object();
        body.put("number", Objects.requireNonNull(number, "number"));
        body.put("type", "CALL");
        body.put("queue", Objects.requireNonNull(queue, "queue"));
        return body;
    }

    private Uni<Activity> send(ObjectNode body) {
        return transport.send(Request.create("activities", body), token).map(Activity::from);
    }
}
