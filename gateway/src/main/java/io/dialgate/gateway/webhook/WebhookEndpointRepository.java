package io.dialgate.gateway.webhook;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** Webhook endpoints; tenant-facing queries take the tenant first, the dispatcher's say they cross tenants. */
@ApplicationScoped
public class WebhookEndpointRepository implements PanacheRepositoryBase<WebhookEndpoint, String> {

    public Optional<WebhookEndpoint> findByIdForTenant(String tenantId, String id) {
        return find("tenantId = ?1 and id = ?2", tenantId, id).firstResultOptional();
    }

    public List<WebhookEndpoint> pageForTenant(String tenantId, String after, int fetch) {
        return find("tenantId = ?1 and id > ?2 order by id", tenantId, after).range(0, fetch - 1).list();
    }

    public List<WebhookEndpoint> enabledForTenant(String tenantId) {
        return list("tenantId = ?1 and enabled = true", tenantId);
    }

    /**
     * Counts one more failed attempt of the endpoint (dispatcher; by endpoint id). Returns the new count and
     * the start of the failure run, read atomically so parallel senders never lose a count.
     */
    public FailureRun recordFailureAcrossTenants(String id, java.time.Instant now) {
        Object[] row = (Object[]) getEntityManager().createNativeQuery(
                "UPDATE webhook_endpoint SET consecutive_failures = consecutive_failures + 1, "
                        + "failing_since = coalesce(failing_since, ?2) WHERE id = ?1 RETURNING consecutive_failures, failing_since")
                .setParameter(1, id).setParameter(2, now).getSingleResult();
        return new FailureRun(((Number) row[0]).intValue(), toInstant(row[1]));
    }

    /**
     * Ends the failure run of each endpoint after a success; writes only rows that had one, so the hot path
     * stays read-only.
     */
    public void recordSuccessAcrossTenants(java.util.Collection<String> ids) {
        if (!ids.isEmpty()) {
            update("consecutiveFailures = 0, failingSince = null where id in ?1 and consecutiveFailures <> 0", ids);
        }
    }

    /** Disables an enabled endpoint, giving the reason; false when it was already disabled. */
    public boolean disableAcrossTenants(String id, String reason, java.time.Instant now) {
        return update("enabled = false, disabledReason = ?2, updatedAt = ?3 where id = ?1 and enabled = true", id, reason, now) > 0;
    }

    /** The current run of consecutive failures of an endpoint. */
    public record FailureRun(int failures, java.time.Instant since) {
    }

    private static java.time.Instant toInstant(Object value) {
        if (value instanceof java.time.Instant i) {
            return i;
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + value);
    }

    /** For the dispatcher, which works for every tenant. */
    public Optional<WebhookEndpoint> findByIdAcrossTenants(String id) {
        return findByIdOptional(id);
    }
}
