package io.dialgate.simulator.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A PBX instance the simulator emulates; {@code cors} says whether it answers browsers' CORS requests. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InstanceInfo(String name, boolean cors) {
}
