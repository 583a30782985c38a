package io.dialgate.simulator.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A registered fault as the simulator lists it (never with its token). {@code remaining} counts down
 * when the fault was added with a count, and is null otherwise.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Fault(String id, String endpoint, Integer status, Long latencyMs, Double ratio, boolean drop,
        boolean afterAction, Integer retryAfter, String quirk, Integer remaining) {
}
