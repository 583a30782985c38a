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

    /**
     * How long a claimed lease lasts without renewal. A dead replica's users are taken over on the survivors' next
     * tick after its heartbeat has been silent for its fencing time (when a replica that cannot renew its leases
     * stops polling by itself) plus a tick, from its own settings: 10 s with the defaults. Or after the lease runs
     * out, if that comes first.
     */
    @WithDefault("15s")
    Duration lease();

    /** How often leases are renewed, new users claimed and changed users picked up. */
    @WithDefault("1s")
    Duration tick();

    /** Most users one replica polls at once. */
    @WithDefault("5000")
    int maxUsersPerReplica();

    /** First back-off after an error of one user's poll, and the first probe delay of a host that does not answer (doubled per consecutive error, with jitter). */
    @WithDefault("1s")
    Duration backoffInitial();

    /**
     * Failed polls in a row of one user (the PBX answered with an error other than 401 or unavailability) after
     * which the user counts as failing: its state is served as stale and {@code user.polling_failed} is sent once.
     */
    @WithDefault("3")
    int failingAfter();

    /** Longest back-off after repeated errors of one user's poll. */
    @WithDefault("60s")
    Duration backoffMax();

    /** Longest wait between two probes of a PBX host that does not answer (one probe at a time per replica). */
    @WithDefault("3s")
    Duration probeIntervalMax();

    /**
     * A PBX host none of whose polls has been answered for this long is checked with one {@code whoim}: a
     * partitioned network answers a held poll only when its read time-out ends, this notices it sooner.
     */
    @WithDefault("10s")
    Duration livenessCheckAfter();

    /** How long a host's {@code whoim} check, or a probe of a host that is down, may take before it counts as no answer. */
    @WithDefault("5s")
    Duration livenessTimeout();

    /** When a PBX host answers again, its waiting users resume spread over this long. */
    @WithDefault("2s")
    Duration resumeSpread();

    /**
     * How often tokens marked invalid are checked again with {@code whoim}: a token the PBX accepts again
     * (a glitch, a PBX restored from backup) is marked valid and polled again without anyone replacing it.
     */
    @WithDefault("10m")
    Duration invalidTokenRecheck();

    /**
     * Most poll answers recorded in one transaction: the answers that arrive while earlier ones are being
     * written are written together, so a burst of changes shares commits instead of paying one each.
     */
    @WithDefault("200")
    int recordBatchSize();

    /** Transactions recording poll answers at once on this replica (each holds a database connection meanwhile). */
    @WithDefault("2")
    int recordConcurrency();

    /** Connections per PBX host for long polls (opened lazily, so a host uses as many as it has users). */
    @WithDefault("2000")
    int longPollPoolSize();

    /** This replica's name in lease rows; default host name plus a random suffix. */
    Optional<String> replicaId();
}
