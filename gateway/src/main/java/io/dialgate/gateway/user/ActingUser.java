package io.dialgate.gateway.user;

/**
 * What an operation needs to act as a user on its PBX: the user's token in clear (never log or return
 * it; {@code toString} leaves it out), where the PBX is, and the user version the token was read at,
 * so a 401 for this token cannot condemn a newer one.
 */
public record ActingUser(String tenantId, String userId, long version, TokenStatus tokenStatus, String pbxHostId,
        String pbxBaseUrl, String accessToken) {

    @Override
    public String toString() {
        return "ActingUser[userId=" + userId + ", pbxHostId=" + pbxHostId + ", tokenStatus=" + tokenStatus + "]";
    }
}
