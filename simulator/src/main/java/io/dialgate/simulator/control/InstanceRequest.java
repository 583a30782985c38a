package io.dialgate.simulator.control;

/**
 * {@code POST /_sim/instances}: an instance name, whether it answers CORS (default off), and its profile:
 * {@code relations} ({@code nested} or {@code flat}), {@code timezone} (an IANA zone) and
 * {@code tokenLifetimeSeconds} of tokens issued by login.json (0: never expire). Each profile field left
 * out keeps the instance's current value, or the setting's default for a new instance.
 */
public record InstanceRequest(String name, Boolean cors, String relations, String timezone,
        Long tokenLifetimeSeconds) {

    /** Name and CORS only, as the seed file gives them. */
    public InstanceRequest(String name, Boolean cors) {
        this(name, cors, null, null, null);
    }
}
