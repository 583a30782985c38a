package io.dialgate.simulator.fault;

/**
 * Control-API body of {@code POST /_sim/instances/{i}/faults}. Every field is optional; a fault
 * with neither token nor endpoint matches every request of the instance. {@code afterAction} lets the
 * PBX carry the request out and then loses its answer (a proxy's 502, a reset connection): the case a
 * client cannot tell from a request that never arrived.
 */
public record FaultRequest(String token, String endpoint, Integer status, Long latencyMs, Integer count,
        Double ratio, Boolean drop, Integer retryAfter, Quirk quirk, Boolean afterAction) {
}
