package io.dialgate.gateway.user;

/**
 * Fired, synchronously and inside its transaction, when a user's token is marked invalid: observers record
 * it in the same transaction (the polling feature appends {@code user.token_invalid} to the user's events).
 * {@code detectedBy} says which request saw the PBX refuse the token.
 */
public record TokenInvalidated(String tenantId, String userId, String pbxHostId, String login, String detectedBy) {
}
