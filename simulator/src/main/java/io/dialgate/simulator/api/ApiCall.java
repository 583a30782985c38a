package io.dialgate.simulator.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dialgate.simulator.pbx.PbxInstance;
import io.dialgate.simulator.pbx.User;

/**
 * One parsed Daktela API request as an endpoint sees it. {@code record} is the name in
 * {@code /{endpoint}/{record}.json}, or null for the collection. {@code user} is the token's user,
 * null only for endpoints that allow anonymous calls. {@code relation} is the last segment of
 * {@code /{endpoint}/{record}/{relation}.json} (a user's {@code activities}), or null.
 */
public record ApiCall(PbxInstance instance, String method, String endpoint, String record, ObjectNode query,
        ObjectNode body, String token, User user, String relation) {

    /** True for {@code GET} (and {@code HEAD}). */
    public boolean isRead() {
        return "GET".equals(method) || "HEAD".equals(method);
    }
}
