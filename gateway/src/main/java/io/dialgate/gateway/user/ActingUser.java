package io.dialgate.gateway.user;

import io.dialgate.client.DaktelaClient;

/**
 * What an operation needs to act as a user on its PBX: a client for the user's PBX holding the user's
 * token in clear (never log or return it; {@code toString} leaves it out), built once per cache entry
 * rather than per command, and the user version the token was read at, so a 401 for this token cannot
 * condemn a newer one.
 */
public record ActingUser(String tenantId, String userId, long version, TokenStatus tokenStatus, String pbxHostId,
        DaktelaClient client) {

    @Override
    public String toString() {
        return "ActingUser[userId=" + userId + ", pbxHostId=" + pbxHostId + ", tokenStatus=" + tokenStatus + "]";
    }
}
