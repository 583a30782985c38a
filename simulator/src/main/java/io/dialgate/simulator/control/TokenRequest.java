package io.dialgate.simulator.control;

/** {@code PUT /_sim/instances/{i}/users/{login}/token}: a new token, or null to revoke. */
public record TokenRequest(String accessToken) {
}
