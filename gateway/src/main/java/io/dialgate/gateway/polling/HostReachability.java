package io.dialgate.gateway.polling;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.dialgate.client.DaktelaException;
import io.dialgate.client.DaktelaUnavailableException;
import io.dialgate.gateway.database.DatabaseAvailability;
import io.dialgate.gateway.event.EventService;
import io.dialgate.gateway.event.EventType;
import io.dialgate.gateway.metrics.GatewayMetrics;
import io.dialgate.gateway.pbx.PbxHostDeleted;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * A circuit per PBX host. While a host answers, every user polls on its own and backs off on its own.
 * When a request sent while the circuit was closed fails because the host cannot be reached, the
 * circuit opens: the failing loops park instead of retrying, and one probe at a time (an empty-hash
 * {@code appPullData}, answered at once, with a parked user's token) asks the host, backing off up to {@code probeIntervalMax}.
 * When the probe gets any answer, the circuit closes and every parked loop resumes, spread over
 * {@code resumeSpread}, so users are polled again within seconds of the host coming back, without a storm.
 *
 * <p>Only requests sent after a change decide: a poll that was sent before the outage and fails
 * after the circuit closed again does not reopen it. So one outage opens and closes each replica's circuit
 * once. {@code pbx.unreachable} and {@code pbx.reachable} are emitted once per change across all
 * replicas: a conditional update on {@code pbx_host_status} decides.
 */
@ApplicationScoped
public class HostReachability {

    private static final Logger LOG = Logger.getLogger(HostReachability.class);

    /** A loop of a host: it can ask the host once, give up its held poll and wait, and be told to poll again. */
    interface Parked {
        /** One cheap request to the host; fails with a {@link DaktelaUnavailableException} while it is down. */
        Uni<?> probe();

        /** A request answered at once ({@code whoim}), to check that a quiet host still answers. */
        Uni<?> livenessCheck();

        /** Abandons the poll in flight (a partitioned host will not answer it) and waits to be resumed. */
        void suspend();

        /** Polls again (does nothing if the loop has stopped meanwhile). */
        void resume();
    }

    private final EntityManager em;
    private final EventService events;
    private final PollingConfig config;
    private final Clock clock;
    private final GatewayMetrics metrics;
    private final DatabaseAvailability database;
    private final ConcurrentHashMap<String, Circuit> circuits = new ConcurrentHashMap<>();
    /**
     * Hosts deleted while this process runs. Their loops stop only at the next supervision pass, and a poll that
     * fails meanwhile would open a new circuit and bring the deleted host's series back; a few ids per deletion.
     */
    private final java.util.Set<String> deleted = ConcurrentHashMap.newKeySet();

    public HostReachability(EntityManager em, EventService events, PollingConfig config, Clock clock, GatewayMetrics metrics,
            DatabaseAvailability database) {
        this.metrics = metrics;
        this.em = em;
        this.events = events;
        this.config = config;
        this.clock = clock;
        this.database = database;
    }

    /** One host's circuit; guarded by its own monitor. */
    private static final class Circuit {
        final String tenantId;
        final String pbxHostId;
        boolean open;
        boolean everChanged;
        long changedAtNanos;
        int probes;
        boolean probing;
        boolean checking;
        volatile long lastAnswerNanos = System.nanoTime();
        final List<Parked> parked = new ArrayList<>();
        final java.util.Set<Parked> active = ConcurrentHashMap.newKeySet();

        Circuit(String tenantId, String pbxHostId) {
            this.tenantId = tenantId;
            this.pbxHostId = pbxHostId;
        }
    }

    /**
     * A request sent at {@code sentAtNanos} ({@link System#nanoTime()}) got an answer. Closes the circuit
     * only when the request was sent after it opened; cheap when the host is up.
     */
    public void succeeded(String tenantId, String pbxHostId, long sentAtNanos) {
        Circuit circuit = circuits.get(pbxHostId);
        if (circuit == null) {
            return;
        }
        circuit.lastAnswerNanos = System.nanoTime();
        synchronized (circuit) {
            if (!circuit.open || sentAtNanos - circuit.changedAtNanos < 0) {
                return;
            }
        }
        close(circuit);
    }

    /**
     * A request sent at {@code sentAtNanos} could not reach the host. Returns true when the loop has been
     * parked (it is resumed when the host answers again); false when the failure belongs to an earlier
     * outage and the loop should simply retry after its own back-off.
     */
    public boolean failed(String tenantId, String pbxHostId, String reason, long sentAtNanos, Parked loop) {
        if (deleted.contains(pbxHostId)) {
            return false; // the loop retries after its back-off, and stops at the next pass
        }
        Circuit circuit = circuits.computeIfAbsent(pbxHostId, id -> new Circuit(tenantId, id));
        boolean opened;
        synchronized (circuit) {
            if (circuit.open) {
                circuit.parked.add(loop);
                return true;
            }
            if (!openLocked(circuit, sentAtNanos)) {
                return false;
            }
            circuit.parked.add(loop);
            opened = true;
        }
        if (opened) {
            LOG.warnf("PBX host %s unreachable (%s); its users wait while one probe at a time checks it", pbxHostId, reason);
            recordOnWorker(circuit, false);
            scheduleProbe(circuit);
        }
        return true;
    }

    /** A loop starts polling the host: it is checked on with the others when the host falls silent. */
    void register(String tenantId, String pbxHostId, Parked loop) {
        if (deleted.contains(pbxHostId)) {
            return;
        }
        Circuit circuit = circuits.computeIfAbsent(pbxHostId, id -> new Circuit(tenantId, id));
        circuit.active.add(loop);
        synchronized (circuit) {
            if (!circuit.open) {
                metrics.setPbxReachable(pbxHostId, true);
            }
        }
    }

    /**
     * A deleted host's circuit and reachability series go at once on the replica that deleted it, so a host
     * removed while unreachable cannot keep the alert firing; {@link #forgetDeletedHosts()} catches up the others.
     */
    void onHostDeleted(@Observes(during = TransactionPhase.AFTER_SUCCESS) PbxHostDeleted deleted) {
        forget(deleted.pbxHostId());
    }

    /** Drops the circuits and reachability series of hosts deleted on other replicas; returns how many went. */
    @SuppressWarnings("unchecked")
    public int forgetDeletedHosts() {
        java.util.Set<String> known = new java.util.HashSet<>(metrics.pbxHostsWithReachability());
        known.addAll(circuits.keySet());
        if (known.isEmpty()) {
            return 0;
        }
        List<String> gone = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                SELECT h FROM unnest(CAST(?1 AS text[])) AS h WHERE NOT EXISTS (SELECT 1 FROM pbx_host WHERE id = h)""")
                .setParameter(1, known.toArray(String[]::new)).getResultList());
        gone.forEach(this::forget);
        return gone.size();
    }

    private void forget(String pbxHostId) {
        deleted.add(pbxHostId);
        Circuit circuit = circuits.remove(pbxHostId);
        if (circuit != null) {
            synchronized (circuit) {
                // Its loops have stopped with their users: a probe still scheduled finds the circuit closed and ends.
                circuit.open = false;
                circuit.parked.clear();
            }
        }
        metrics.forgetPbxHost(pbxHostId);
    }

    /** A loop stopped for good. */
    void unregister(String pbxHostId, Parked loop) {
        Circuit circuit = circuits.get(pbxHostId);
        if (circuit != null) {
            circuit.active.remove(loop);
        }
    }

    /**
     * Checks every host whose polls have all gone quiet for {@code livenessCheckAfter}: a held poll gets no
     * answer from a partitioned network until its read time-out (30 s), so one {@code whoim}, which a live
     * PBX answers at once, is sent with a short deadline. When it gets no answer the host's circuit opens and
     * its held polls are abandoned. Runs each supervision tick; at most one check per host is in flight.
     */
    public void checkQuietHosts() {
        long quietNanos = config.livenessCheckAfter().toNanos();
        for (Circuit circuit : circuits.values()) {
            Parked checker;
            synchronized (circuit) {
                if (circuit.open || circuit.checking || circuit.active.isEmpty()
                        || System.nanoTime() - circuit.lastAnswerNanos < quietNanos) {
                    continue;
                }
                circuit.checking = true;
                checker = circuit.active.iterator().next();
            }
            long sent = System.nanoTime();
            checker.livenessCheck().ifNoItem().after(config.livenessTimeout()).fail()
                    .subscribe().with(answered -> checked(circuit, true, sent), failure -> checked(circuit,
                            failure instanceof DaktelaException daktela && !(daktela instanceof DaktelaUnavailableException), sent));
        }
    }

    private void checked(Circuit circuit, boolean answered, long sentAtNanos) {
        List<Parked> suspended;
        synchronized (circuit) {
            circuit.checking = false;
            if (answered) {
                circuit.lastAnswerNanos = System.nanoTime();
                return;
            }
            if (circuit.open || !openLocked(circuit, sentAtNanos)) {
                return;
            }
            suspended = new ArrayList<>(circuit.active);
            circuit.parked.addAll(suspended);
        }
        suspended.forEach(Parked::suspend);
        LOG.warnf("PBX host %s does not answer (no answer to any poll for %d s, and none to a check within %d ms); its %d users wait"
                + " while one probe at a time checks it", circuit.pbxHostId, config.livenessCheckAfter().toSeconds(),
                config.livenessTimeout().toMillis(), suspended.size());
        recordOnWorker(circuit, false);
        scheduleProbe(circuit);
    }

    /**
     * Opens a closed circuit for a request sent at {@code sentAtNanos}, unless that request is older than the
     * last change (it belongs to an outage already over). Call holding the circuit's monitor.
     */
    private boolean openLocked(Circuit circuit, long sentAtNanos) {
        if (circuit.everChanged && sentAtNanos - circuit.changedAtNanos < 0) {
            return false;
        }
        // The series follows this replica's circuit, whichever replica records the event: Prometheus takes the max.
        metrics.setPbxReachable(circuit.pbxHostId, false);
        circuit.open = true;
        circuit.everChanged = true;
        circuit.changedAtNanos = System.nanoTime();
        circuit.probes = 0;
        return true;
    }

    /** Whether this replica's circuit for the host is open (for tests and the console). */
    public boolean isOpen(String pbxHostId) {
        Circuit circuit = circuits.get(pbxHostId);
        if (circuit == null) {
            return false;
        }
        synchronized (circuit) {
            return circuit.open;
        }
    }

    /** How many of this replica's loops wait for the host to answer again (tests). */
    int waitingUsers(String pbxHostId) {
        Circuit circuit = circuits.get(pbxHostId);
        if (circuit == null) {
            return 0;
        }
        synchronized (circuit) {
            return circuit.parked.size();
        }
    }

    long resumeSpreadMillis() {
        return config.resumeSpread().toMillis();
    }

    /** Exponential back-off with jitter: uniform in [ceiling/2, ceiling], ceiling = min(max, initial * 2^(n-1)). */
    public long jittered(int consecutiveFailures) {
        return jittered(consecutiveFailures, config.backoffMax());
    }

    private long jittered(int consecutiveFailures, Duration max) {
        long ceiling = Math.min(max.toMillis(),
                config.backoffInitial().toMillis() << Math.min(20, Math.max(0, consecutiveFailures - 1)));
        return ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1);
    }

    private void scheduleProbe(Circuit circuit) {
        long delay;
        synchronized (circuit) {
            if (!circuit.open || circuit.probing) {
                return;
            }
            circuit.probing = true;
            delay = jittered(++circuit.probes, config.probeIntervalMax());
        }
        Later.run(delay, () -> probe(circuit));
    }

    private void probe(Circuit circuit) {
        Parked prober;
        synchronized (circuit) {
            if (!circuit.open) {
                circuit.probing = false;
                return;
            }
            if (circuit.parked.isEmpty()) {
                // Nobody waits any more (users removed or moved): forget the circuit without an event.
                circuit.open = false;
                circuit.probing = false;
                circuits.remove(circuit.pbxHostId, circuit);
                metrics.forgetPbxHost(circuit.pbxHostId);
                return;
            }
            prober = circuit.parked.get(ThreadLocalRandom.current().nextInt(circuit.parked.size()));
        }
        long sent = System.nanoTime();
        prober.probe().ifNoItem().after(config.livenessTimeout()).fail()
                .subscribe().with(answered -> probed(circuit, sent, true), failure -> probed(circuit, sent,
                // Any answer of the PBX itself (401, 403, 404...) shows that it is up again.
                failure instanceof DaktelaException daktela && !(daktela instanceof DaktelaUnavailableException)));
    }

    private void probed(Circuit circuit, long sentAtNanos, boolean answered) {
        synchronized (circuit) {
            circuit.probing = false;
        }
        if (answered) {
            succeeded(circuit.tenantId, circuit.pbxHostId, sentAtNanos);
        } else {
            scheduleProbe(circuit);
        }
    }

    private void close(Circuit circuit) {
        List<Parked> waiting;
        synchronized (circuit) {
            if (!circuit.open) {
                return;
            }
            circuit.open = false;
            circuit.changedAtNanos = System.nanoTime();
            metrics.setPbxReachable(circuit.pbxHostId, true);
            waiting = new ArrayList<>(circuit.parked);
            circuit.parked.clear();
        }
        LOG.infof("PBX host %s answers again; resuming %d waiting users over %d ms", circuit.pbxHostId, waiting.size(),
                config.resumeSpread().toMillis());
        long spread = Math.max(1, config.resumeSpread().toMillis());
        for (Parked loop : waiting) {
            Later.run(ThreadLocalRandom.current().nextLong(spread), loop::resume);
        }
        recordOnWorker(circuit, true);
    }

    private void recordOnWorker(Circuit circuit, boolean reachable) {
        Uni.createFrom().item(() -> transition(circuit.tenantId, circuit.pbxHostId, reachable))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .subscribe().with(changed -> { }, e -> {
                    if (!database.absorb(e)) {
                        LOG.warnf(e, "Could not record that PBX host %s is %s", circuit.pbxHostId,
                                reachable ? "reachable" : "unreachable");
                    }
                });
    }

    /** Records the change once across replicas and emits its event; true when this call recorded it. */
    @SuppressWarnings("unchecked")
    boolean transition(String tenantId, String pbxHostId, boolean reachable) {
        return QuarkusTransaction.requiringNew().call(() -> {
            em.createNativeQuery("""
                    INSERT INTO pbx_host_status (pbx_host_id, tenant_id, reachable) VALUES (?1, ?2, true)
                    ON CONFLICT DO NOTHING""").setParameter(1, pbxHostId).setParameter(2, tenantId).executeUpdate();
            List<Number> sequence = em.createNativeQuery("""
                    UPDATE pbx_host_status SET reachable = ?2, changed_at = now(), sequence = sequence + 1
                    WHERE pbx_host_id = ?1 AND reachable <> ?2
                    RETURNING sequence""").setParameter(1, pbxHostId).setParameter(2, reachable).getResultList();
            if (sequence.isEmpty()) {
                return false; // another replica already recorded this change
            }
            events.append(tenantId, null, pbxHostId, reachable ? EventType.PBX_REACHABLE : EventType.PBX_UNREACHABLE,
                    sequence.get(0).longValue(), clock.instant(), JsonNodeFactory.instance.objectNode().put("pbxHostId", pbxHostId));
            return true;
        });
    }
}
