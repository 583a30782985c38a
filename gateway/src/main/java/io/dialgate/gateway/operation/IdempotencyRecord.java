package io.dialgate.gateway.operation;

/**
 * What an {@code Idempotency-Key} has seen: the hash of the first request's body, whether it is done,
 * and the response to replay.
 */
record IdempotencyRecord(String requestHash, boolean done, Integer status, String responseBody) {
}
