package io.dialgate.gateway.operator;

import io.dialgate.gateway.common.SqlTimes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts for the operator, read with SQL across the features' tables: one statement per view, so a tenant list
 * with counts costs one round trip per tenant and the replica view two in all.
 */
@ApplicationScoped
public class OperatorOverviewRepository {

    private final EntityManager em;

    public OperatorOverviewRepository(EntityManager em) {
        this.em = em;
    }

    /** A tenant's counts. */
    public record TenantCounts(long users, long invalidTokens, long webhooks, long disabledWebhooks, long failingDeliveries,
            long activeApiKeys) {
    }

    public TenantCounts countsForTenant(String tenantId) {
        Object[] r = (Object[]) em.createNativeQuery("""
                SELECT (SELECT count(*) FROM pbx_user WHERE tenant_id = ?1),
                       (SELECT count(*) FROM pbx_user WHERE tenant_id = ?1 AND token_status = 'invalid'),
                       (SELECT count(*) FROM webhook_endpoint WHERE tenant_id = ?1),
                       (SELECT count(*) FROM webhook_endpoint WHERE tenant_id = ?1 AND NOT enabled),
                       (SELECT count(*) FROM webhook_delivery WHERE tenant_id = ?1 AND state IN ('failed', 'endpoint_disabled')),
                       (SELECT count(*) FROM api_key WHERE tenant_id = ?1 AND revoked_at IS NULL)""")
                .setParameter(1, tenantId).getSingleResult();
        return new TenantCounts(n(r[0]), n(r[1]), n(r[2]), n(r[3]), n(r[4]), n(r[5]));
    }

    /** A replica that polls: its last heartbeat and the poll leases it holds now, in all and per tenant. */
    public record PollReplica(String replicaId, Instant heartbeatAt, long leases, Map<String, Long> leasesByTenant) {
    }

    /** A replica that dispatches webhooks: its last heartbeat and the deliveries it is sending now. */
    public record DispatchReplica(String replicaId, Instant heartbeatAt, long sending) {
    }

    /** Replicas that beat, across tenants, with their leases held at {@code now}. */
    @SuppressWarnings("unchecked")
    public List<PollReplica> pollReplicasAcrossTenants(Instant now) {
        Map<String, Instant> beats = new LinkedHashMap<>();
        for (Object[] r : (List<Object[]>) em.createNativeQuery("SELECT replica_id, heartbeat_at FROM poll_replica ORDER BY replica_id")
                .getResultList()) {
            beats.put((String) r[0], SqlTimes.instant(r[1]));
        }
        Map<String, Map<String, Long>> held = new LinkedHashMap<>();
        for (Object[] r : (List<Object[]>) em.createNativeQuery("""
                SELECT locked_by, tenant_id, count(*) FROM poll_lease
                WHERE locked_by IS NOT NULL AND locked_until > ?1 GROUP BY locked_by, tenant_id ORDER BY locked_by, tenant_id""")
                .setParameter(1, now).getResultList()) {
            held.computeIfAbsent((String) r[0], k -> new LinkedHashMap<>()).put((String) r[1], n(r[2]));
        }
        // A replica can hold leases after its heartbeat row went (or before its first beat): it is listed too.
        held.keySet().forEach(replica -> beats.putIfAbsent(replica, null));
        List<PollReplica> replicas = new ArrayList<>();
        beats.forEach((replica, beat) -> {
            Map<String, Long> byTenant = held.getOrDefault(replica, Map.of());
            replicas.add(new PollReplica(replica, beat, byTenant.values().stream().mapToLong(Long::longValue).sum(), byTenant));
        });
        return replicas;
    }

    @SuppressWarnings("unchecked")
    public List<DispatchReplica> dispatchReplicasAcrossTenants() {
        List<DispatchReplica> replicas = new ArrayList<>();
        for (Object[] r : (List<Object[]>) em.createNativeQuery("""
                SELECT r.replica_id, r.heartbeat_at,
                       (SELECT count(*) FROM webhook_delivery d WHERE d.state = 'sending' AND d.locked_by = r.replica_id)
                FROM webhook_dispatcher_replica r ORDER BY r.replica_id""").getResultList()) {
            replicas.add(new DispatchReplica((String) r[0], SqlTimes.instant(r[1]), n(r[2])));
        }
        return replicas;
    }

    /** The API keys of a tenant, newest first; only their hints, never a key. */
    public record KeyRow(String id, String hint, Instant createdAt, Instant revokedAt) {
    }

    @SuppressWarnings("unchecked")
    public List<KeyRow> keysForTenant(String tenantId) {
        List<KeyRow> keys = new ArrayList<>();
        for (Object[] r : (List<Object[]>) em.createNativeQuery("""
                SELECT id, key_hint, created_at, revoked_at FROM api_key WHERE tenant_id = ?1 ORDER BY id DESC""")
                .setParameter(1, tenantId).getResultList()) {
            keys.add(new KeyRow((String) r[0], (String) r[1], SqlTimes.instant(r[2]), SqlTimes.instant(r[3])));
        }
        return keys;
    }

    private static long n(Object value) {
        return ((Number) value).longValue();
    }
}
