package io.dialgate.simulator.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A PBX instance the simulator emulates; {@code cors} says whether it answers browsers' CORS requests, and
 * {@code port} is the listening port of its own (null without one), on which it answers at the root
 * ({@code http://127.0.0.1:<port>/api/v6/...}) like a real PBX host.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InstanceInfo(String name, boolean cors, Integer port) {

    /** An instance without a port of its own. */
    public InstanceInfo(String name, boolean cors) {
        this(name, cors, null);
    }
}
