package io.dialgate.simulator.control;

/** {@code POST /_sim/instances}: an instance name and whether it answers CORS (default off). */
public record InstanceRequest(String name, Boolean cors) {
}
