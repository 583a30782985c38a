package io.dialgate.simulator.pbx;

import java.util.List;
import java.util.Set;

/**
 * A PBX user. {@code queues} null means the user may use every queue of the instance.
 * {@link #toString()} leaves out the password and token on purpose.
 */
public record User(String login, String password, String title, String email, String accessToken,
        Set<String> rights, List<String> queues) {

    /** A copy with another static access token (null revokes it). */
    public User withAccessToken(String token) {
        return new User(login, password, title, email, token, rights, queues);
    }

    /** True when this user may act for {@code other} (always for itself). */
    public boolean hasRightsOver(String other) {
        return login.equals(other) || rights.contains(other);
    }

    @Override
    public String toString() {
        return "User[" + login + "]";
    }
}
