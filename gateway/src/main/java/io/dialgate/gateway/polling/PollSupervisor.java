package io.dialgate.gateway.polling;

import io.dialgate.gateway.user.TokenInvalidation;
import io.dialgate.gateway.common.ReplicaName;
import io.dialgate.gateway.database.DatabaseAvailability;
import io.dialgate.gateway.pbx.PbxClients;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * Drives this replica's {@link PollingWorker} on a schedule: every tick renews leases, picks up
 * added, removed or changed users (so such changes take effect within a tick, without a restart)
 * and claims free leases. On shutdown it releases its leases at once.
 */
@ApplicationScoped
@Startup
public class PollSupervisor {

    private static final Logger LOG = Logger.getLogger(PollSupervisor.class);

    private final PollingConfig config;
    private final PollingWorker worker;
    private final DatabaseAvailability database;
    private final HostReachability hosts;
    /** Set when the application stops: a pass already running then meets a closed persistence layer, which is no fault. */
    private volatile boolean stopping;

    public PollSupervisor(PollingConfig config, LeaseStore leases, PollTargets targets, PbxClients clients, StateRecorder recorder,
            HostReachability hosts, TokenInvalidation tokens, PollMetrics metrics, DatabaseAvailability database, PollFailures failures, SeenTimes seen, Clock clock) {
        this.config = config;
        this.database = database;
        this.hosts = hosts;
        this.worker = new PollingWorker(config.replicaId().orElseGet(ReplicaName::ofThisProcess), config, leases, targets,
                clients, new PollingDependencies(recorder, hosts, tokens, metrics, database, failures, seen), clock);
        LOG.infof("Polling %s on replica %s (lease %s, tick %s)", config.enabled() ? "enabled" : "disabled", worker.replica(),
                config.lease(), config.tick());
    }

    @Scheduled(every = "${dialgate.polling.tick}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (!config.enabled() || stopping) {
            return;
        }
        try {
            worker.runOnce();
        } catch (Throwable e) {
            if (stopping) {
                LOG.debugf("Polling supervision pass interrupted by shutdown: %s", e.getMessage());
            } else if (!database.absorb(e)) {
                LOG.warnf(e, "Polling supervision pass failed; retrying next tick");
            }
        }
    }

    /** On its own schedule, so a supervision pass stuck on an unreachable database cannot delay it. */
    @Scheduled(every = "${dialgate.polling.tick}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void fence() {
        if (config.enabled()) {
            worker.fenceIfStale();
        }
    }

    /** Checks PBX hosts gone quiet (a partition), also off the supervision pass. */
    @Scheduled(every = "${dialgate.polling.tick}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void checkQuietHosts() {
        if (config.enabled()) {
            hosts.checkQuietHosts();
        }
    }

    /**
     * Drops the reachability series of PBX hosts deleted through another replica. Once a minute: a deleted host's
     * series only matters to an alert that waits five minutes, and the replica that deleted it drops it at once.
     */
    @Scheduled(every = "60s", delayed = "60s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forgetDeletedHosts() {
        try {
            hosts.forgetDeletedHosts();
        } catch (RuntimeException e) {
            if (!database.absorb(e)) {
                LOG.warnf(e, "Could not look for deleted PBX hosts; trying again in a minute");
            }
        }
    }

    void onShutdown(@Observes ShutdownEvent event) {
        stopping = true;
        try {
            worker.shutdown();
        } catch (RuntimeException e) {
            if (database.absorb(e)) {
                LOG.warnf("Could not release poll leases (database unreachable); they expire in %s", config.lease());
                return;
            }
            LOG.warnf(e, "Could not release poll leases; they expire in %s", config.lease());
        }
    }

    public PollingWorker worker() {
        return worker;
    }
}
