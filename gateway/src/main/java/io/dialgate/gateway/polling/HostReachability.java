package io.dialgate.gateway.polling;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.dialgate.gateway.event.EventService;
import io.dialgate.gateway.event.EventType;
import io.dialgate.gateway.metrics.GatewayMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Whether each PBX host answers, and the host-wide back-off while it does not. The first failure
 * after success emits {@code pbx.unreachable} and the first success after failure
 * {@code pbx.reachable}, once per change across all replicas (a conditional update on
 * {@code pbx_host_status} decides). The back-off is per host, with full jitter per user, so the
 * users of a PBX that comes back return spread out rather than as a storm.
 */
@ApplicationScoped
public class HostReachability {

    private static final Logger LOG = Logger.getLogger(HostReachability.class);

    private final EntityManager em;
    private final EventService events;
    private final PollingConfig config;
    private final Clock clock;
    private final GatewayMetrics metrics;
    private final ConcurrentHashMap<String, AtomicInteger> failures = new ConcurrentHashMap<>();

    public HostReachability(EntityManager em, EventService events, PollingConfig config, Clock clock, GatewayMetrics metrics) {
        this.metrics = metrics;
        this.em = em;
        this.events = events;
        this.config = config;
        this.clock = clock;
    }

    /** Records a success; emits {@code pbx.reachable} if the host was down. Cheap when nothing changed. */
    public void succeeded(String tenantId, String pbxHostId) {
        AtomicInteger count = failures.get(pbxHostId);
        if (count != null && count.getAndSet(0) > 0) {
            transition(tenantId, pbxHostId, true);
        }
    }

    /** Records a failure and returns how long this user should wait before trying the host again. */
    public long failedBackoffMillis(String tenantId, String pbxHostId, String reason) {
        int n = failures.computeIfAbsent(pbxHostId, id -> new AtomicInteger()).incrementAndGet();
        if (n == 1) {
            LOG.warnf("PBX host %s unreachable: %s", pbxHostId, reason);
            transition(tenantId, pbxHostId, false);
        }
        return jittered(n);
    }

    /** Exponential back-off with full jitter: uniform in [0, min(max, initial * 2^(n-1))]. */
    public long jittered(int consecutiveFailures) {
        long ceiling = Math.min(config.backoffMax().toMillis(),
                config.backoffInitial().toMillis() << Math.min(20, Math.max(0, consecutiveFailures - 1)));
        return ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1);
    }

    @Transactional
    @SuppressWarnings("unchecked")
    void transition(String tenantId, String pbxHostId, boolean reachable) {
        em.createNativeQuery("""
                INSERT INTO pbx_host_status (pbx_host_id, tenant_id, reachable) VALUES (?1, ?2, true)
                ON CONFLICT DO NOTHING""").setParameter(1, pbxHostId).setParameter(2, tenantId).executeUpdate();
        List<Number> sequence = em.createNativeQuery("""
                UPDATE pbx_host_status SET reachable = ?2, changed_at = now(), sequence = sequence + 1
                WHERE pbx_host_id = ?1 AND reachable <> ?2
                RETURNING sequence""").setParameter(1, pbxHostId).setParameter(2, reachable).getResultList();
        if (sequence.isEmpty()) {
            return; // another replica already recorded this change
        }
        events.append(tenantId, null, pbxHostId, reachable ? EventType.PBX_REACHABLE : EventType.PBX_UNREACHABLE,
                sequence.get(0).longValue(), clock.instant(), JsonNodeFactory.instance.objectNode().put("pbxHostId", pbxHostId));
        metrics.setPbxReachable(pbxHostId, reachable);
        if (reachable) {
            LOG.infof("PBX host %s reachable again", pbxHostId);
        }
    }
}
