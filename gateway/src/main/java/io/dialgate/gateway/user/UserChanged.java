package io.dialgate.gateway.user;

/**
 * Fired inside the transaction that changed or deleted a user (token, its status, its seal, monitoring),
 * so caches of the user drop it once that transaction commits.
 */
public record UserChanged(String tenantId, String userId) {
}
