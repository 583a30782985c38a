package io.dialgate.gateway.webhook;

import io.dialgate.gateway.common.ColumnArrays;
import io.dialgate.gateway.common.SqlTimes;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hibernate.Session;

/**
 * The delivery outbox. Tenant-facing queries take the tenant first; {@link #claimDueDeliveries} and the
 * other worker queries cross tenants and say so.
 */
@ApplicationScoped
public class WebhookDeliveryRepository implements PanacheRepositoryBase<WebhookDelivery, String> {

    /*
     * A row is due when pending and its time has come (a claim whose replica died is made pending again by
     * reclaimOrphans). The sequence test keeps one user's events in order per endpoint: a row is claimable
     * only while it is the lowest-sequence open row of its (endpoint, key). A concurrent claimer sees that
     * earlier row as open too (it is at least pending in its snapshot), so two replicas can never send two
     * rows of one key at once.
     *
     * Each endpoint gets at most its max_in_flight rows 'sending' at a time, across replicas: endpoints
     * already full are left out before the LIMIT (so a slow endpoint's backlog, due earlier, cannot fill
     * the scan), and row_number() caps what one claim takes from each of the others. Two replicas claiming
     * at the same moment can each fill an endpoint's room once; the next claims see the sum and wait.
     *
     * The sequence test is a scalar subquery on purpose, not NOT EXISTS: PostgreSQL turns NOT EXISTS into an
     * anti join, and while a burst of events outruns autoanalyze the statistics say "no open rows", so the
     * planner picked a nested loop that re-read the whole open-key index for every due row (4.3 s for 3,000
     * due rows, EngineBenchmark). The subquery stays a per-row lookup on webhook_delivery_open_key (14 ms for
     * the same rows, stale statistics or not).
     */
    private static final String CLAIM = """
            WITH busy AS (
                SELECT s.endpoint_id, coalesce(e.max_in_flight, :defaultMaxInFlight) - count(*) AS room
                FROM webhook_delivery s JOIN webhook_endpoint e ON e.id = s.endpoint_id
                WHERE s.state = 'sending'
                GROUP BY s.endpoint_id, e.max_in_flight
            ), candidates AS (
                SELECT c.id, c.endpoint_id, c.next_attempt_at FROM webhook_delivery c
                WHERE c.state = 'pending' AND c.next_attempt_at <= :now
                  AND c.endpoint_id NOT IN (SELECT b.endpoint_id FROM busy b WHERE b.room <= 0)
                  AND c.sequence = (
                      SELECT min(p.sequence) FROM webhook_delivery p
                      WHERE p.endpoint_id = c.endpoint_id AND p.ordering_key = c.ordering_key
                        AND p.state IN ('pending', 'sending'))
                ORDER BY c.next_attempt_at
                LIMIT :scan
                FOR UPDATE SKIP LOCKED
            ), picked AS (
                SELECT ranked.id FROM (
                    SELECT k.id, k.next_attempt_at,
                           row_number() OVER (PARTITION BY k.endpoint_id ORDER BY k.next_attempt_at) AS n,
                           coalesce(b.room, e.max_in_flight, :defaultMaxInFlight) AS room
                    FROM candidates k JOIN webhook_endpoint e ON e.id = k.endpoint_id
                    LEFT JOIN busy b ON b.endpoint_id = k.endpoint_id) ranked
                WHERE ranked.n <= ranked.room
                ORDER BY ranked.next_attempt_at
                LIMIT :limit
            )
            UPDATE webhook_delivery d SET state = 'sending', locked_by = :replica, locked_until = :lockedUntil, updated_at = :now
            FROM picked WHERE d.id = picked.id
            RETURNING d.id, d.tenant_id, d.endpoint_id, d.event_id, d.manual, d.traceparent
            """;

    /**
     * A claimed delivery: what the dispatcher needs of the row, returned by the claim itself; {@code traceparent}
     * is the event's trace context (null when tracing was off).
     */
    public record Claimed(String id, String tenantId, String endpointId, String eventId, boolean manual, String traceparent) {
    }

    /**
     * Locks up to {@code limit} due deliveries of any tenant for {@code replica}, no more per endpoint than its
     * room under its in-flight cap; the caller must commit before sending.
     */
    @SuppressWarnings("unchecked")
    public List<Claimed> claimDueDeliveries(String replica, Instant now, Duration lease, int limit, int defaultMaxInFlight) {
        List<Object[]> rows = getEntityManager().createNativeQuery(CLAIM)
                .setParameter("replica", replica).setParameter("lockedUntil", now.plus(lease))
                .setParameter("now", now).setParameter("limit", limit).setParameter("scan", Math.max(256, limit * 4))
                .setParameter("defaultMaxInFlight", defaultMaxInFlight).getResultList();
        List<Claimed> claimed = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            claimed.add(new Claimed((String) row[0], (String) row[1], (String) row[2], (String) row[3], (Boolean) row[4],
                    (String) row[5]));
        }
        return claimed;
    }

    /**
     * Inserts new deliveries, as the fan-out makes them (no attempt yet: attempts, scheduled attempts, manual and
     * the lock keep their defaults), in one statement: a burst of events makes hundreds per transaction.
     */
    public void insertAll(List<WebhookDelivery> rows) {
        ColumnArrays.of(rows)
                .column(String[]::new, d -> d.id).column(String[]::new, d -> d.tenantId).column(String[]::new, d -> d.endpointId)
                .column(String[]::new, d -> d.eventId).column(String[]::new, d -> d.eventType)
                .column(String[]::new, d -> d.orderingKey).column(Long[]::new, d -> d.sequence).column(String[]::new, d -> d.state)
                .column(Timestamp[]::new, d -> SqlTimes.parameter(d.nextAttemptAt))
                .column(Timestamp[]::new, d -> SqlTimes.parameter(d.createdAt))
                .column(Timestamp[]::new, d -> SqlTimes.parameter(d.updatedAt)).column(String[]::new, d -> d.traceparent)
                .bind(getEntityManager().createNativeQuery("""
                        INSERT INTO webhook_delivery (id, tenant_id, endpoint_id, event_id, event_type, ordering_key, sequence,
                                                      state, next_attempt_at, created_at, updated_at, traceparent)
                        SELECT * FROM unnest(CAST(?1 AS text[]), CAST(?2 AS text[]), CAST(?3 AS text[]), CAST(?4 AS text[]),
                                             CAST(?5 AS text[]), CAST(?6 AS text[]), CAST(?7 AS bigint[]), CAST(?8 AS text[]),
                                             CAST(?9 AS timestamptz[]), CAST(?10 AS timestamptz[]), CAST(?11 AS timestamptz[]),
                                             CAST(?12 AS text[]))"""))
                .executeUpdate();
    }

    /*
     * Claims of replicas that stopped beating (or that outlived their lease) go back to pending, due now.
     * Their attempt may have reached the receiver, so it counts as one; the caller marks its unfinished row.
     */
    private static final String RECLAIM_ORPHANS = """
            WITH orphaned AS (
                SELECT d.id FROM webhook_delivery d
                WHERE d.state = 'sending'
                  AND (d.locked_until < :now OR NOT EXISTS (
                      SELECT 1 FROM webhook_dispatcher_replica r
                      WHERE r.replica_id = d.locked_by AND r.heartbeat_at >= :liveSince))
                FOR UPDATE SKIP LOCKED
            )
            UPDATE webhook_delivery d SET state = 'pending', attempts = d.attempts + 1, last_status = NULL,
                   last_error = :error, last_attempt_at = coalesce(d.last_attempt_at, d.updated_at), locked_by = NULL,
                   locked_until = NULL, next_attempt_at = :now, updated_at = :now
            FROM orphaned WHERE d.id = orphaned.id
            RETURNING d.id
            """;

    /**
     * Makes the claims of dead replicas (no heartbeat since {@code liveSince}) and of expired leases due again;
     * returns their ids (dispatcher; crosses tenants).
     */
    @SuppressWarnings("unchecked")
    public List<String> reclaimOrphansAcrossTenants(Instant now, Instant liveSince, String error) {
        return getEntityManager().createNativeQuery(RECLAIM_ORPHANS).setParameter("now", now)
                .setParameter("liveSince", liveSince).setParameter("error", error).getResultList();
    }

    /** The delivery, if {@code replica} still holds it: results of an attempt are written only through this. */
    public Optional<WebhookDelivery> findLockedBy(String id, String replica) {
        return find("id = ?1 and lockedBy = ?2 and state = 'sending'", id, replica).firstResultOptional();
    }

    /*
     * Every success of a round in one statement: the per-row values go as arrays, unnest() pairs them up. The
     * guard is that of findLockedBy, so a delivery taken back meanwhile (manual retry, expired lease) is left
     * alone; RETURNING says which ones were not.
     */
    private static final String MARK_DELIVERED = """
            UPDATE webhook_delivery d SET state = 'delivered', attempts = d.attempts + 1,
                   scheduled_attempts = d.scheduled_attempts + r.scheduled, manual = false, last_status = r.status,
                   last_error = NULL, last_attempt_at = r.attempted_at, locked_by = NULL, locked_until = NULL,
                   next_attempt_at = NULL, updated_at = ?
            FROM unnest(?::text[], ?::int[], ?::int[], ?::timestamptz[]) AS r(id, scheduled, status, attempted_at)
            WHERE d.id = r.id AND d.locked_by = ? AND d.state = 'sending'
            RETURNING d.id
            """;

    /** A successful attempt to write: {@code manual} attempts do not count against the retry schedule. */
    public record Success(String id, boolean manual, int status, Instant attemptedAt) {
    }

    /**
     * Records successful attempts in one statement, for those deliveries {@code replica} still holds (what
     * {@link #findLockedBy} and the entity's changes do on the general path). Returns the ids it changed: the
     * others were taken back during the attempt. Runs on the session's connection, before any entity change
     * of the transaction, so it needs no flush.
     */
    public Set<String> markDeliveredIfLockedBy(String replica, List<Success> successes, Instant now) {
        if (successes.isEmpty()) {
            return Set.of();
        }
        int n = successes.size();
        String[] ids = new String[n];
        Integer[] scheduled = new Integer[n];
        Integer[] statuses = new Integer[n];
        String[] attemptedAt = new String[n];
        for (int i = 0; i < n; i++) {
            Success s = successes.get(i);
            ids[i] = s.id();
            scheduled[i] = s.manual() ? 0 : 1;
            statuses[i] = s.status();
            attemptedAt[i] = s.attemptedAt().toString();
        }
        return getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
            Set<String> changed = new HashSet<>();
            try (PreparedStatement update = connection.prepareStatement(MARK_DELIVERED)) {
                update.setObject(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
                update.setArray(2, connection.createArrayOf("text", ids));
                update.setArray(3, connection.createArrayOf("int4", scheduled));
                update.setArray(4, connection.createArrayOf("int4", statuses));
                update.setArray(5, connection.createArrayOf("text", attemptedAt));
                update.setString(6, replica);
                try (ResultSet rs = update.executeQuery()) {
                    while (rs.next()) {
                        changed.add(rs.getString(1));
                    }
                }
            }
            return changed;
        });
    }

    /** Marks every open delivery of an endpoint {@code endpoint_disabled} (dispatcher; crosses tenants by endpoint id). */
    public int disableOpenForEndpoint(String endpointId, Instant now) {
        return update("state = 'endpoint_disabled', lockedBy = null, lockedUntil = null, nextAttemptAt = null, updatedAt = ?2 "
                + "where endpointId = ?1 and state in ('pending', 'sending')", endpointId, now);
    }

    /*
     * The waiting retries of an endpoint that answers again, made due now and spread over the window in
     * their events' order (a user's own order is kept by the claim's sequence test anyway).
     */
    private static final String PULL_FORWARD = """
            UPDATE webhook_delivery d
            SET next_attempt_at = CAST(:now AS timestamptz) + (w.n - 1) * (:spreadMillis / w.total) * interval '1 millisecond',
                updated_at = :now
            FROM (SELECT id, row_number() OVER (ORDER BY sequence, id) AS n, count(*) OVER ()::double precision AS total
                  FROM webhook_delivery WHERE endpoint_id = :endpoint AND state = 'pending' AND next_attempt_at > :now) w
            WHERE d.id = w.id
            """;

    /** Makes the endpoint's waiting retries due within {@code spread} (dispatcher; crosses tenants by endpoint id). */
    public int pullForwardForEndpointAcrossTenants(String endpointId, Instant now, Duration spread) {
        return getEntityManager().createNativeQuery(PULL_FORWARD).setParameter("now", now)
                .setParameter("spreadMillis", (double) spread.toMillis()).setParameter("endpoint", endpointId).executeUpdate();
    }

    public Optional<WebhookDelivery> findByIdForTenant(String tenantId, String id) {
        return find("tenantId = ?1 and id = ?2", tenantId, id).firstResultOptional();
    }

    /**
     * Up to {@code fetch} of the tenant's deliveries after the cursor that pass the filter, in id order (ids sort by
     * creation time) or its reverse. A user's deliveries are found by their ordering key, which is the user id
     * for every user event (and a host or endpoint id, never a user id, otherwise).
     */
    public List<WebhookDelivery> pageForTenant(String tenantId, DeliveryQuery.Filter filter, String after, int fetch) {
        StringBuilder query = new StringBuilder("tenantId = :tenant");
        Map<String, Object> params = new HashMap<>();
        params.put("tenant", tenantId);
        filter.endpointId().ifPresent(v -> condition(query, params, "endpointId = :endpoint", "endpoint", v));
        filter.state().ifPresent(v -> condition(query, params, "state = :state", "state", v));
        filter.eventType().ifPresent(v -> condition(query, params, "eventType = :eventType", "eventType", v));
        filter.userId().ifPresent(v -> condition(query, params, "orderingKey = :user", "user", v));
        filter.from().ifPresent(v -> condition(query, params, "createdAt >= :from", "from", v));
        filter.to().ifPresent(v -> condition(query, params, "createdAt < :to", "to", v));
        if (!after.isEmpty()) {
            condition(query, params, filter.newestFirst() ? "id < :after" : "id > :after", "after", after);
        }
        query.append(filter.newestFirst() ? " order by id desc" : " order by id");
        return find(query.toString(), params).range(0, fetch - 1).list();
    }

    private static void condition(StringBuilder query, Map<String, Object> params, String clause, String name, Object value) {
        query.append(" and ").append(clause);
        params.put(name, value);
    }

    /** Re-queues failed and endpoint_disabled deliveries created since {@code since}, with a fresh schedule. */
    public int requeueForEndpointForTenant(String tenantId, String endpointId, Instant since, Instant now) {
        return update("state = 'pending', nextAttemptAt = ?4, scheduledAttempts = 0, manual = false, lockedBy = null, "
                + "lockedUntil = null, updatedAt = ?4 where tenantId = ?1 and endpointId = ?2 and createdAt >= ?3 "
                + "and state in ('failed', 'endpoint_disabled')", tenantId, endpointId, since, now);
    }
}
