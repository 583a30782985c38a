package io.dialgate.gateway.webhook;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The delivery outbox. Tenant-facing queries take the tenant first; {@link #claimDueDeliveries} and the
 * other worker queries cross tenants and say so.
 */
@ApplicationScoped
public class WebhookDeliveryRepository implements PanacheRepositoryBase<WebhookDelivery, String> {

    /*
     * A row is due when pending and its time has come, or when 'sending' under an expired lock (its
     * replica died). The NOT EXISTS keeps one user's events in order per endpoint: nothing is claimable
     * while an earlier-sequence row of the same (endpoint, key) is still open. A concurrent claimer sees
     * that earlier row as open too (it is at least pending in its snapshot), so two replicas can never
     * send two rows of one key at once.
     */
    private static final String CLAIM = """
            UPDATE webhook_delivery SET state = 'sending', locked_by = :replica, locked_until = :lockedUntil, updated_at = :now
            WHERE id IN (
                SELECT c.id FROM webhook_delivery c
                WHERE ((c.state = 'pending' AND c.next_attempt_at <= :now) OR (c.state = 'sending' AND c.locked_until < :now))
                  AND NOT EXISTS (
                      SELECT 1 FROM webhook_delivery p
                      WHERE p.endpoint_id = c.endpoint_id AND p.ordering_key = c.ordering_key
                        AND p.sequence < c.sequence AND p.state IN ('pending', 'sending'))
                ORDER BY c.next_attempt_at
                LIMIT :limit
                FOR UPDATE SKIP LOCKED)
            RETURNING id
            """;

    /** Locks up to {@code limit} due deliveries of any tenant for {@code replica}; the caller must commit before sending. */
    @SuppressWarnings("unchecked")
    public List<WebhookDelivery> claimDueDeliveries(String replica, Instant now, Duration lease, int limit) {
        List<String> ids = getEntityManager().createNativeQuery(CLAIM)
                .setParameter("replica", replica).setParameter("lockedUntil", now.plus(lease))
                .setParameter("now", now).setParameter("limit", limit).getResultList();
        if (ids.isEmpty()) {
            return List.of();
        }
        return list("id in ?1", ids);
    }

    /** The delivery, if {@code replica} still holds it: results of an attempt are written only through this. */
    public Optional<WebhookDelivery> findLockedBy(String id, String replica) {
        return find("id = ?1 and lockedBy = ?2 and state = 'sending'", id, replica).firstResultOptional();
    }

    /**
     * Records a successful attempt in one statement, if {@code replica} still holds the delivery (what
     * {@link #findLockedBy} and the entity's changes do on the general path); returns the rows changed, 0 when
     * the delivery was taken back meanwhile.
     */
    public int markDeliveredIfLockedBy(String id, String replica, boolean manual, int status, Instant attemptedAt, Instant now) {
        return update("state = 'delivered', attempts = attempts + 1, scheduledAttempts = scheduledAttempts + ?3, manual = false, "
                + "lastStatus = ?4, lastError = null, lastAttemptAt = ?5, lockedBy = null, lockedUntil = null, nextAttemptAt = null, "
                + "updatedAt = ?6 where id = ?1 and lockedBy = ?2 and state = 'sending'",
                id, replica, manual ? 0 : 1, status, attemptedAt, now);
    }

    /** Marks every open delivery of an endpoint {@code endpoint_disabled} (dispatcher; crosses tenants by endpoint id). */
    public int disableOpenForEndpoint(String endpointId, Instant now) {
        return update("state = 'endpoint_disabled', lockedBy = null, lockedUntil = null, nextAttemptAt = null, updatedAt = ?2 "
                + "where endpointId = ?1 and state in ('pending', 'sending')", endpointId, now);
    }

    public Optional<WebhookDelivery> findByIdForTenant(String tenantId, String id) {
        return find("tenantId = ?1 and id = ?2", tenantId, id).firstResultOptional();
    }

    public List<WebhookDelivery> pageForEndpointForTenant(String tenantId, String endpointId, String after, int fetch) {
        return find("tenantId = ?1 and endpointId = ?2 and id > ?3 order by id", tenantId, endpointId, after)
                .range(0, fetch - 1).list();
    }

    /** Re-queues failed and endpoint_disabled deliveries created since {@code since}, with a fresh schedule. */
    public int requeueForEndpointForTenant(String tenantId, String endpointId, Instant since, Instant now) {
        return update("state = 'pending', nextAttemptAt = ?4, scheduledAttempts = 0, manual = false, lockedBy = null, "
                + "lockedUntil = null, updatedAt = ?4 where tenantId = ?1 and endpointId = ?2 and createdAt >= ?3 "
                + "and state in ('failed', 'endpoint_disabled')", tenantId, endpointId, since, now);
    }
}
