package io.dialgate.gateway.polling;

import io.dialgate.gateway.pbx.PbxClients;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * One replica's share of the polling: {@link #runOnce()} keeps lease rows in step with the monitored
 * users, beats its heartbeat, renews this replica's leases, stops loops whose lease is gone or whose user
 * changed, hands leases over when it holds more than its fair share, and claims free leases up to that
 * share, starting a loop for each. A plain class, so tests can run several "replicas" against one database.
 *
 * <p>Fair share: the users divided by the replicas whose heartbeat is fresh, rounded up. A replica over
 * its share releases at most a tenth of its share per pass (at least one), stopping each loop before its
 * lease is freed, so a user is never polled by two replicas; the others claim what was freed on their
 * next pass. So a new replica reaches its share within a few lease periods, and a dead one's users are
 * spread over the living.
 *
 * <p>Fencing: every lease this replica holds is valid until at least its last successful renewal plus the
 * renewal margin, and the others take its leases early only once its heartbeat, written before that renewal, has
 * been silent for {@link #silentAfter()}. {@link #fenceIfStale()}, run on its own schedule, stops every loop when
 * no renewal has succeeded for {@link #fenceAfter()} (the database is cut off), before either can happen; the
 * leases are retaken when the database answers again. A pass that runs past that time starts no loops.
 */
public final class PollingWorker {

    private static final Logger LOG = Logger.getLogger(PollingWorker.class);
    /** Longest {@link #shutdown} waits for a supervision pass in progress. */
    private static final java.time.Duration SHUTDOWN_WAIT = java.time.Duration.ofSeconds(10);

    private final String replica;
    private final PollingConfig config;
    private final LeaseStore leases;
    private final PollTargets targets;
    private final PbxClients clients;
    private final PollingDependencies deps;
    private final Clock clock;
    private final AnswerBatcher answers;
    private final Map<String, UserPollLoop> loops = new ConcurrentHashMap<>();
    private volatile java.time.Instant lastRenewal;
    private volatile boolean fenced;
    private int passes;
    /**
     * A supervision pass and {@link #shutdown} never overlap: a pass still running when the replica stops would
     * otherwise claim leases after they were released, beat the heartbeat after it was forgotten and start loops
     * nobody stops (their polls then fail after the application is gone).
     */
    private final ReentrantLock passLock = new ReentrantLock();
    private volatile boolean shutDown;

    PollingWorker(String replica, PollingConfig config, LeaseStore leases, PollTargets targets, PbxClients clients,
            PollingDependencies deps, Clock clock) {
        this.replica = replica;
        this.config = config;
        this.leases = leases;
        this.targets = targets;
        this.clients = clients;
        this.deps = deps;
        this.clock = clock;
        this.answers = new AnswerBatcher(replica, deps.recorder(), config.recordBatchSize(), config.recordConcurrency(),
                Infrastructure.getDefaultWorkerPool());
    }

    public String replica() {
        return replica;
    }

    /** Users this replica polls now. */
    public Set<String> polledUsers() {
        return Set.copyOf(loops.keySet());
    }

    /** One supervision pass; returns how many loops it started (none once {@link #shutdown} began). */
    public int runOnce() {
        passLock.lock();
        try {
            return shutDown ? 0 : pass();
        } finally {
            passLock.unlock();
        }
    }

    private int pass() {
        var attempt = clock.instant();
        leases.syncWithMonitoredUsersAcrossTenants();
        LeaseStore.Census census = leases.heartbeat(replica, replicaLiveWithin(), silentAfter());
        deps.metrics().monitoredUsers(census.users());
        if (passes++ % 600 == 0) {
            leases.forgetDeadReplicas(java.time.Duration.ofHours(1));
        }
        var now = clock.instant();
        var until = now.plus(config.lease());
        // Arrays, not a copy of the map: this runs every tick over every loop.
        String[] held = new String[loops.size()];
        Long[] heldVersions = new Long[held.length];
        int n = 0;
        for (var entry : loops.entrySet()) {
            if (n == held.length) {
                break; // a loop added meanwhile waits for the next pass
            }
            held[n] = entry.getKey();
            heldVersions[n++] = entry.getValue().target().version();
        }
        if (n < held.length) { // a loop removed meanwhile
            held = java.util.Arrays.copyOf(held, n);
            heldVersions = java.util.Arrays.copyOf(heldVersions, n);
        }
        Set<String> lostOrGone = leases.renewAndFindLost(replica, held, until, now.plus(renewalMargin()));
        lastRenewal = attempt;
        if (fenced) {
            fenced = false;
            LOG.infof("Replica %s renews its leases again; resuming polling", replica);
        }
        if (!lostOrGone.isEmpty()) {
            // Only users that should still be polled count: a removed or unmonitored user's lease goes on purpose.
            int lost = targets.pollableVersionsAcrossTenants(lostOrGone).size();
            if (lost > 0) {
                LOG.warnf("Replica %s lost %d leases it expected to renew (another replica took them over)", replica, lost);
                deps.metrics().leasesLost(lost);
            }
            dropLoopsIn(lostOrGone, "lease lost or user no longer monitored");
        }
        PollTargets.VersionCheck check = targets.checkVersionsAcrossTenants(held, heldVersions);
        Set<String> changed = new HashSet<>(check.changed());
        changed.addAll(check.gone());
        loops.forEach((id, loop) -> {
            if (loop.isStopped()) {
                changed.add(id);
            }
        });
        changed.retainAll(loops.keySet()); // not those dropped above
        for (String id : changed) {
            UserPollLoop loop = loops.remove(id);
            if (loop != null) {
                loop.stop();
            }
        }
        // A changed user (new token) is restarted at once under the lease this replica still holds.
        Set<String> restart = new HashSet<>(changed);
        restart.removeAll(check.gone());
        leases.release(replica, difference(changed, restart));
        int share = census.fairShare(config.maxUsersPerReplica());
        handOverAbove(share, restart.size(), census);
        int free = share - loops.size() - restart.size();
        // The others may take this replica's leases once its heartbeat, written at the start of this pass, is
        // silentAfter() old; a loop started after this replica's fencing time could outlive that.
        var startBefore = attempt.plus(fenceAfter());
        if (clock.instant().isAfter(startBefore)) {
            LOG.warnf("Replica %s: this supervision pass took %d ms, past its fencing time; it claims and starts nothing",
                    replica, java.time.Duration.between(attempt, clock.instant()).toMillis());
            deps.metrics().leasesHeld(loops.size());
            return 0;
        }
        LeaseStore.Claim claim = leases.claimAvailableLeases(replica, free, until, loops.keySet());
        claim.takenFromSilent().forEach((silent, count) -> LOG.warnf(
                "Replica %s took over %d leases of replica %s, whose heartbeat has gone silent (it has stopped polling by now)",
                replica, count, silent));
        Set<String> toStart = new HashSet<>(claim.userIds());
        toStart.addAll(restart);
        int started = 0;
        for (PollTargets.Loaded loaded : targets.loadPollableAcrossTenants(toStart).values()) {
            if (loops.containsKey(loaded.target().userId())) {
                continue;
            }
            if (clock.instant().isAfter(startBefore)) {
                break; // the leases stay this replica's, and its next pass starts their loops
            }
            UserPollLoop loop = new UserPollLoop(loaded.target(),
                    clients.forLongPoll(loaded.target().baseUrl(), targets.usableToken(loaded)), answers, deps);
            loops.put(loaded.target().userId(), loop);
            loop.start();
            started++;
        }
        deps.metrics().leasesHeld(loops.size());
        if (started > 0) {
            LOG.infof("Replica %s started %d poll loops (%d running, fair share %d of %d users on %d replicas)", replica,
                    started, loops.size(), share, census.users(), census.liveReplicas());
        }
        return started;
    }

    /**
     * Stops every loop when the leases could not be renewed for too long (the database is unreachable), so
     * that no user is polled here after another replica may have taken its lease. Returns true when it
     * stopped them now.
     */
    public boolean fenceIfStale() {
        java.time.Instant last = lastRenewal;
        if (last == null || loops.isEmpty() || !clock.instant().isAfter(last.plus(fenceAfter()))) {
            return false;
        }
        int stopped = loops.size();
        abandon();
        fenced = true;
        deps.metrics().leasesHeld(0);
        LOG.warnf("Replica %s could not renew its leases for %d ms; stopped its %d poll loops so that no user is polled"
                + " twice (they resume when its leases can be renewed)", replica,
                java.time.Duration.between(last, clock.instant()).toMillis(), stopped);
        return true;
    }

    /** Releases leases above the fair share, a tenth of the share per pass at most, stopping each loop first. */
    private void handOverAbove(int share, int restarting, LeaseStore.Census census) {
        int excess = loops.size() + restarting - share;
        if (excess <= 0) {
            return;
        }
        int step = Math.min(excess, Math.max(1, (share + 9) / 10));
        List<String> handed = loops.keySet().stream().sorted(java.util.Comparator.reverseOrder()).limit(step).toList();
        for (String id : handed) {
            UserPollLoop loop = loops.remove(id);
            if (loop != null) {
                loop.stop();
            }
        }
        leases.release(replica, handed);
        LOG.infof("Replica %s handed over %d users (now %d; fair share %d of %d users on %d replicas)", replica,
                handed.size(), loops.size(), share, census.users(), census.liveReplicas());
    }

    /**
     * A lease is renewed once it has less than the larger of half its length and "lease - 5 ticks" left
     * (10 s by default): a fifth of the row writes, still seconds of margin against a late tick.
     */
    private java.time.Duration renewalMargin() {
        java.time.Duration margin = config.lease().minus(config.tick().multipliedBy(5));
        return margin.compareTo(config.lease().dividedBy(2)) < 0 ? config.lease().dividedBy(2) : margin;
    }

    /**
     * Stop polling this long after the start of the last good renewal: the earliest a lease can end is the
     * renewal margin later, and a tick (at least half a second) is kept in hand for a late check and clocks.
     * Never less than two ticks, or a pass that merely runs late would stop every loop.
     */
    java.time.Duration fenceAfter() {
        java.time.Duration fence = renewalMargin().minus(timeInHand());
        java.time.Duration twoTicks = config.tick().multipliedBy(2);
        return fence.compareTo(twoTicks) < 0 ? twoTicks : fence;
    }

    /**
     * A replica whose heartbeat is this old has stopped polling by itself: its last renewal started before its
     * last heartbeat, and it fences {@link #fenceAfter()} after that renewal. The same time is kept in hand as when a
     * lease runs out (10 s with the defaults). The survivors take its leases then, instead of waiting for them
     * to run out, which can take a whole lease after a renewal just before it died. Each replica writes its own with
     * its heartbeat: one with a longer lease than the others stops polling later, and is waited for that long.
     */
    java.time.Duration silentAfter() {
        return fenceAfter().plus(timeInHand());
    }

    /** Kept in hand for a late check and clocks: a tick, at least half a second. */
    private java.time.Duration timeInHand() {
        return config.tick().compareTo(java.time.Duration.ofMillis(500)) < 0 ? java.time.Duration.ofMillis(500) : config.tick();
    }

    /**
     * A replica counts as live while its heartbeat is younger than half a lease: a dead replica stops
     * counting before its leases expire, so the survivors' share already covers its users when they come free.
     */
    private java.time.Duration replicaLiveWithin() {
        java.time.Duration half = config.lease().dividedBy(2);
        java.time.Duration threeTicks = config.tick().multipliedBy(3);
        return half.compareTo(threeTicks) < 0 ? threeTicks : half;
    }

    /** Stops every loop and frees its lease at once, so another replica resumes without waiting for expiry. */
    public void shutdown() {
        shutDown = true;
        // A pass in progress finishes first, and any later one does nothing; a pass stuck on an unreachable
        // database is waited for only so long, and then its leases expire instead of being released.
        boolean locked = false;
        try {
            locked = passLock.tryLock(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!locked) {
            LOG.warnf("Replica %s stops polling while a supervision pass still runs", replica);
        }
        try {
            stopLoopsAndRelease();
        } finally {
            if (locked) {
                passLock.unlock();
            }
        }
    }

    private void stopLoopsAndRelease() {
        Set<String> ids = stopAllLoops();
        int released = leases.release(replica, ids);
        leases.forgetReplica(replica);
        LOG.infof("Replica %s stopped polling and released %d leases", replica, released);
    }

    /** Stops loops without releasing leases, as a crashed replica would (tests, and fencing). */
    void abandon() {
        stopAllLoops();
    }

    /**
     * Stops every loop, each removed from the map before it is stopped. Fencing runs beside a supervision pass:
     * stopping all and then clearing the map lost any loop the pass added in between, still polling but no longer
     * supervised (its user then got a second loop, and it outlived the application).
     */
    private Set<String> stopAllLoops() {
        Set<String> stopped = new HashSet<>();
        for (String id : loops.keySet()) {
            UserPollLoop loop = loops.remove(id);
            if (loop != null) {
                loop.stop();
                stopped.add(id);
            }
        }
        return stopped;
    }

    private void dropLoopsIn(Set<String> dropped, String why) {
        for (String id : dropped) {
            UserPollLoop loop = loops.remove(id);
            if (loop != null) {
                loop.stop();
                LOG.debugf("Stopped polling user %s: %s", id, why);
            }
        }
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> d = new HashSet<>(a);
        d.removeAll(b);
        return d;
    }
}
