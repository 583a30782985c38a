package io.dialgate.gateway.polling;

import io.dialgate.gateway.pbx.PbxClients;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * One replica's share of the polling (STYLE 14): {@link #runOnce()} keeps lease rows in step with
 * the monitored users, renews this replica's leases, stops loops whose lease is gone or whose user
 * changed, and claims free leases up to capacity, starting a loop for each. A plain class, so tests
 * can run two "replicas" against one database.
 */
public final class PollingWorker {

    private static final Logger LOG = Logger.getLogger(PollingWorker.class);

    private final String replica;
    private final PollingConfig config;
    private final LeaseStore leases;
    private final PollTargets targets;
    private final PbxClients clients;
    private final PollingDependencies deps;
    private final Clock clock;
    private final Map<String, UserPollLoop> loops = new ConcurrentHashMap<>();

    PollingWorker(String replica, PollingConfig config, LeaseStore leases, PollTargets targets, PbxClients clients,
            PollingDependencies deps, Clock clock) {
        this.replica = replica;
        this.config = config;
        this.leases = leases;
        this.targets = targets;
        this.clients = clients;
        this.deps = deps;
        this.clock = clock;
    }

    public String replica() {
        return replica;
    }

    /** Users this replica polls now. */
    public Set<String> polledUsers() {
        return Set.copyOf(loops.keySet());
    }

    /** One supervision pass; returns how many loops it started. */
    public int runOnce() {
        leases.syncWithMonitoredUsersAcrossTenants();
        var now = clock.instant();
        var until = now.plus(config.lease());
        Set<String> held = Set.copyOf(loops.keySet());
        // A lease is renewed once it has less than the larger of half its length and "lease - 5 ticks" left
        // (10 s by default): a fifth of the row writes, still seconds of margin against a late tick.
        java.time.Duration margin = config.lease().minus(config.tick().multipliedBy(5));
        if (margin.compareTo(config.lease().dividedBy(2)) < 0) {
            margin = config.lease().dividedBy(2);
        }
        Set<String> renewed = leases.renew(replica, held, until, now.plus(margin));
        if (renewed.size() < held.size()) {
            // Only users that should still be polled count: a removed or unmonitored user's lease goes on purpose.
            int lost = targets.pollableVersionsAcrossTenants(difference(held, renewed)).size();
            if (lost > 0) {
                LOG.warnf("Replica %s lost %d leases it expected to renew (another replica took them over)", replica, lost);
                deps.metrics().leasesLost(lost);
            }
        }
        dropLoopsNotIn(renewed, "lease lost or user no longer monitored");
        Map<String, Long> versions = targets.pollableVersionsAcrossTenants(loops.keySet());
        Set<String> changed = new HashSet<>();
        loops.forEach((id, loop) -> {
            Long version = versions.get(id);
            if (version == null || version != loop.target().version() || loop.isStopped()) {
                changed.add(id);
            }
        });
        for (String id : changed) {
            UserPollLoop loop = loops.remove(id);
            if (loop != null) {
                loop.stop();
            }
        }
        // A changed user (new token) is restarted at once under the lease this replica still holds.
        Set<String> restart = new HashSet<>(changed);
        restart.retainAll(versions.keySet());
        leases.release(replica, difference(changed, restart));
        List<String> claimed = leases.claimExpiredLeases(replica, config.maxUsersPerReplica() - loops.size() - restart.size(), until);
        Set<String> toStart = new HashSet<>(claimed);
        toStart.addAll(restart);
        int started = 0;
        for (PollTargets.Loaded loaded : targets.loadPollableAcrossTenants(toStart).values()) {
            UserPollLoop loop = new UserPollLoop(loaded.target(), clients.forLongPoll(loaded.target().baseUrl(), loaded.accessToken()),
                    replica, deps);
            loops.put(loaded.target().userId(), loop);
            loop.start();
            started++;
        }
        deps.metrics().leasesHeld(loops.size());
        if (started > 0) {
            LOG.infof("Replica %s started %d poll loops (%d running)", replica, started, loops.size());
        }
        return started;
    }

    /** Stops every loop and frees its lease at once, so another replica resumes without waiting for expiry. */
    public void shutdown() {
        Set<String> ids = Set.copyOf(loops.keySet());
        loops.values().forEach(UserPollLoop::stop);
        loops.clear();
        int released = leases.release(replica, ids);
        LOG.infof("Replica %s stopped polling and released %d leases", replica, released);
    }

    /** Stops loops without releasing leases, as a crashed replica would (tests). */
    void abandon() {
        loops.values().forEach(UserPollLoop::stop);
        loops.clear();
    }

    private void dropLoopsNotIn(Set<String> kept, String why) {
        for (String id : Set.copyOf(loops.keySet())) {
            if (!kept.contains(id)) {
                UserPollLoop loop = loops.remove(id);
                if (loop != null) {
                    loop.stop();
                    LOG.debugf("Stopped polling user %s: %s", id, why);
                }
            }
        }
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> d = new HashSet<>(a);
        d.removeAll(b);
        return d;
    }
}
