package io.dialgate.simulator.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A user to add. {@code accessToken} null: the simulator generates one. {@code rights} lists the logins
 * this user may act for; {@code queues} null: the user may use every queue.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NewUser(String login, String password, String accessToken, String title, String email,
        List<String> rights, List<String> queues) {

    public NewUser {
        rights = rights == null ? List.of() : List.copyOf(rights);
        title = title == null ? login : title;
    }

    /** A user with a password and a fixed token, no rights over others, every queue allowed. */
    public static NewUser of(String login, String password, String accessToken) {
        return new NewUser(login, password, accessToken, login, null, List.of(), null);
    }

    public NewUser withRights(List<String> logins) {
        return new NewUser(login, password, accessToken, title, email, logins, queues);
    }

    public NewUser withQueues(List<String> names) {
        return new NewUser(login, password, accessToken, title, email, rights, names);
    }
}
