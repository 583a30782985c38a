package io.dialgate.simulator.control;

/**
 * {@code POST /_sim/instances}: an instance name, whether it answers CORS (default off), and its profile:
 * {@code relations} ({@code nested} or {@code flat}), {@code timezone} (an IANA zone) and
 * {@code tokenLifetimeSeconds} of tokens issued by login.json (0: never expire). Each profile field left
 * out keeps the instance's current value, or the setting's default for a new instance. {@code port} gives the
 * instance a listening port of its own besides the shared one (0: any free port, shown in the answer).
 */
public record InstanceRequest(String name, Boolean cors, String relations, String timezone,
        Long tokenLifetimeSeconds, Integer port) {

    /** Name and CORS only. */
    public InstanceRequest(String name, Boolean cors) {
        this(name, cors, null, null, null, null);
    }
}
