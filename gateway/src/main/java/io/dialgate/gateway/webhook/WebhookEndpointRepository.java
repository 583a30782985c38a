package io.dialgate.gateway.webhook;

import io.dialgate.gateway.common.SqlTimes;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
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

    /** Every endpoint of the tenant, enabled or not (fan-out records skipped deliveries for disabled ones). */
    public List<WebhookEndpoint> allForTenant(String tenantId) {
        return list("tenantId = ?1", tenantId);
    }

    /**
     * The endpoints of these ids, of any tenant (dispatcher). One statement whatever the number of ids: a query with
     * {@code id in (...)} is translated again for every new list length, which was most of a claim's cost.
     */
    @SuppressWarnings("unchecked")
    public List<WebhookEndpoint> byIdsAcrossTenants(Collection<String> ids) {
        return getEntityManager().createNativeQuery("SELECT * FROM webhook_endpoint WHERE id = ANY(CAST(?1 AS text[]))",
                WebhookEndpoint.class).setParameter(1, ids.toArray(String[]::new)).getResultList();
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
        return new FailureRun(((Number) row[0]).intValue(), SqlTimes.instant(row[1]));
    }

    /*
     * The run's length and whether endpoint.failing went out are read from the rows as they were before the
     * reset (the CTE's snapshot), in the same statement that resets them.
     */
    private static final String END_FAILURE_RUNS = """
            WITH ended AS (
                SELECT id, tenant_id, consecutive_failures, failure_event_sent FROM webhook_endpoint
                WHERE id IN (?1) AND consecutive_failures <> 0
                FOR UPDATE)
            UPDATE webhook_endpoint e SET consecutive_failures = 0, failing_since = NULL, failure_event_sent = false
            FROM ended WHERE e.id = ended.id
            RETURNING e.id, ended.tenant_id, ended.consecutive_failures, ended.failure_event_sent
            """;

    /** A failure run ended by a success: its length, and whether the tenant was told the endpoint was failing. */
    public record EndedRun(String endpointId, String tenantId, int failures, boolean failureEventSent) {
    }

    /**
     * Ends the failure run of each endpoint after a success and returns the runs that ended; writes only rows
     * that had one, so the hot path stays read-only.
     */
    @SuppressWarnings("unchecked")
    public List<EndedRun> recordSuccessAcrossTenants(java.util.Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<Object[]> rows = getEntityManager().createNativeQuery(END_FAILURE_RUNS)
                .setParameter(1, List.copyOf(ids)).getResultList();
        return rows.stream().map(r -> new EndedRun((String) r[0], (String) r[1], ((Number) r[2]).intValue(), (Boolean) r[3])).toList();
    }

    /** Notes that {@code endpoint.failing} went out for the endpoint's current failure run. */
    public void markFailureEventSentAcrossTenants(String id) {
        update("failureEventSent = true where id = ?1", id);
    }

    /** Takes the next sequence number of the endpoint's operational events. */
    public long nextEventSequenceAcrossTenants(String id) {
        return ((Number) getEntityManager().createNativeQuery(
                "UPDATE webhook_endpoint SET event_sequence = event_sequence + 1 WHERE id = ?1 RETURNING event_sequence")
                .setParameter(1, id).getSingleResult()).longValue();
    }

    /** Disables an enabled endpoint, giving the reason; false when it was already disabled. */
    public boolean disableAcrossTenants(String id, String reason, java.time.Instant now) {
        return update("enabled = false, disabledReason = ?2, updatedAt = ?3 where id = ?1 and enabled = true", id, reason, now) > 0;
    }

    /** The current run of consecutive failures of an endpoint. */
    public record FailureRun(int failures, java.time.Instant since) {
    }

    /** For the dispatcher, which works for every tenant. */
    public Optional<WebhookEndpoint> findByIdAcrossTenants(String id) {
        return findByIdOptional(id);
    }
}
