package io.dialgate.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A user's membership of a queue, as seen in a user session or a pull-data snapshot.
 *
 * @param name the queue's key
 * @param title the queue's display name
 * @param loggedIn whether the user is currently logged in to it
 * @param penalty the user's penalty in it (lower rings first)
 */
public record QueueMembership(String name, String title, boolean loggedIn, int penalty) {

    static QueueMembership from(JsonNode n) {
        return new QueueMembership(Json.text(n, "name"), Json.text(n, "title"), Json.bool(n, "logged_in"),
                (int) Json.longValue(n, "penalty"));
    }
}
