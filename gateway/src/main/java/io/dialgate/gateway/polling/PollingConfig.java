package io.dialgate.gateway.polling;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The long-poll engine: leases shared by replicas, loop pacing and back-off. */
@ConfigMapping(prefix = "dialgate.polling")
public interface PollingConfig {

    /** Run poll loops on this replica (a replica with false only serves the API). */
    @WithDefault("true")
    boolean enabled();

    /** How long a claimed lease lasts without renewal; a dead replica's users resume within this period. */
    @WithDefault("15s")
    Duration lease();

    /** How often leases are renewed, new users claimed and changed users picked up. */
    @WithDefault("1s")
    Duration tick();

    /** Most users one replica polls at once. */
    @WithDefault("5000")
    int maxUsersPerReplica();

    /** First back-off after an error (doubled per consecutive error, with jitter). */
    @WithDefault("1s")
    Duration backoffInitial();

    /** Longest back-off after repeated errors. */
    @WithDefault("60s")
    Duration backoffMax();

    /** Connections per PBX host for long polls (opened lazily, so a host uses as many as it has users). */
    @WithDefault("2000")
    int longPollPoolSize();

    /** This replica's name in lease rows; default host name plus a random suffix. */
    Optional<String> replicaId();
}
