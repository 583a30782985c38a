package io.dialgate.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * Answer of {@code whoim.json}: the PBX version and the token's user. A cheap way to check that a
 * token is valid and to learn its login.
 *
 * @param version the PBX version string
 * @param user the token's user; empty when the PBX answered without one (no or bad token on some versions)
 */
public record WhoAmI(String version, Optional<User> user) {

    static WhoAmI from(JsonNode n) {
        JsonNode u = n.get("user");
        return new WhoAmI(Json.text(n, "version"),
                u == null || !u.isObject() ? Optional.empty() : Optional.of(User.from(u)));
    }
}
