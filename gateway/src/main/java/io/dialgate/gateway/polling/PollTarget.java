package io.dialgate.gateway.polling;

/**
 * Everything a poll loop needs about its user, read once when the loop starts; {@code version}
 * tells the supervisor when the user changed (token replaced) and the loop must restart.
 */
public record PollTarget(String userId, String tenantId, String pbxHostId, String baseUrl, long version, String hash) {

    /** Never shows a token (it holds none), but keep the shape explicit for logs. */
    @Override
    public String toString() {
        return "PollTarget[user=" + userId + ", host=" + pbxHostId + "]";
    }
}
