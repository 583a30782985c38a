package io.dialgate.gateway.webhook;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.util.List;
import org.hibernate.Session;

/** The attempt log of deliveries. */
@ApplicationScoped
public class DeliveryAttemptRepository implements PanacheRepositoryBase<DeliveryAttempt, String> {

    /** Attempts of the given deliveries (of one tenant), oldest first. */
    public List<DeliveryAttempt> forDeliveriesForTenant(String tenantId, List<String> deliveryIds) {
        if (deliveryIds.isEmpty()) {
            return List.of();
        }
        return list("tenantId = ?1 and deliveryId in ?2 order by id", tenantId, deliveryIds);
    }

    /** An endpoint's finished attempts in a window: how many, how many got a 2xx, and the median duration. */
    public record Figures(long attempts, long succeeded, Double p50DurationMs) {
    }

    /**
     * The figures of the endpoint's attempts that finished and started at or after {@code since}; attempts still
     * in flight (or lost with their replica) have no outcome and are left out.
     */
    public Figures figuresForEndpointForTenant(String tenantId, String endpointId, java.time.Instant since) {
        Object[] row = (Object[]) getEntityManager().createNativeQuery("""
                SELECT count(*), count(*) FILTER (WHERE a.status_code BETWEEN 200 AND 299),
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY a.duration_ms)
                FROM delivery_attempt a JOIN webhook_delivery d ON d.id = a.delivery_id
                WHERE a.tenant_id = ?1 AND d.endpoint_id = ?2 AND a.attempted_at >= ?3 AND a.finished_at IS NOT NULL""")
                .setParameter(1, tenantId).setParameter(2, endpointId).setParameter(3, since).getSingleResult();
        return new Figures(((Number) row[0]).longValue(), ((Number) row[1]).longValue(),
                row[2] == null ? null : ((Number) row[2]).doubleValue());
    }

    /*
     * One statement for a whole round of attempts: each column goes as one array and unnest() turns them back
     * into rows, so a round of 100 attempts costs one round trip instead of 100 INSERTs.
     */
    private static final String INSERT_ALL = """
            INSERT INTO delivery_attempt (id, tenant_id, delivery_id, trigger, status_code, error, duration_ms, response_body,
                                          attempted_at, created_at)
            SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::text[], ?::int[], ?::text[],
                                 ?::timestamptz[], ?::timestamptz[])
            """;

    /** Inserts the attempts in one statement (dispatcher; the rows carry their tenant). */
    public void insertAll(List<DeliveryAttempt> rows) {
        if (rows.isEmpty()) {
            return;
        }
        int n = rows.size();
        String[] ids = new String[n];
        String[] tenants = new String[n];
        String[] deliveries = new String[n];
        String[] triggers = new String[n];
        Integer[] statuses = new Integer[n];
        String[] errors = new String[n];
        Integer[] durations = new Integer[n];
        String[] bodies = new String[n];
        String[] attemptedAt = new String[n];
        String[] createdAt = new String[n];
        for (int i = 0; i < n; i++) {
            DeliveryAttempt a = rows.get(i);
            ids[i] = a.id;
            tenants[i] = a.tenantId;
            deliveries[i] = a.deliveryId;
            triggers[i] = a.trigger;
            statuses[i] = a.statusCode;
            errors[i] = a.error;
            durations[i] = a.durationMs;
            bodies[i] = a.responseBody;
            attemptedAt[i] = a.attemptedAt.toString();
            createdAt[i] = a.createdAt.toString();
        }
        getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT_ALL)) {
                insert.setArray(1, connection.createArrayOf("text", ids));
                insert.setArray(2, connection.createArrayOf("text", tenants));
                insert.setArray(3, connection.createArrayOf("text", deliveries));
                insert.setArray(4, connection.createArrayOf("text", triggers));
                insert.setArray(5, connection.createArrayOf("int4", statuses));
                insert.setArray(6, connection.createArrayOf("text", errors));
                insert.setArray(7, connection.createArrayOf("int4", durations));
                insert.setArray(8, connection.createArrayOf("text", bodies));
                insert.setArray(9, connection.createArrayOf("text", attemptedAt));
                insert.setArray(10, connection.createArrayOf("text", createdAt));
                insert.executeUpdate();
            }
        });
    }

    /*
     * Finishes a round of attempts written at claim time, in one statement like insertAll. Not guarded by the
     * delivery's lock: an attempt's outcome belongs in the history even when its delivery was taken back.
     */
    private static final String FINISH_ALL = """
            UPDATE delivery_attempt a SET status_code = r.status, error = r.error, duration_ms = r.duration,
                   response_body = r.body, attempted_at = r.attempted_at, finished_at = r.finished_at, trace_id = r.trace_id
            FROM unnest(?::text[], ?::int[], ?::text[], ?::int[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::text[])
                 AS r(id, status, error, duration, body, attempted_at, finished_at, trace_id)
            WHERE a.id = r.id
            """;

    /** Records the outcomes of attempts written when their deliveries were claimed (dispatcher; rows by id). */
    public void finishAll(List<DeliveryAttempt> rows) {
        if (rows.isEmpty()) {
            return;
        }
        int n = rows.size();
        String[] ids = new String[n];
        Integer[] statuses = new Integer[n];
        String[] errors = new String[n];
        Integer[] durations = new Integer[n];
        String[] bodies = new String[n];
        String[] attemptedAt = new String[n];
        String[] finishedAt = new String[n];
        String[] traceIds = new String[n];
        for (int i = 0; i < n; i++) {
            DeliveryAttempt a = rows.get(i);
            ids[i] = a.id;
            statuses[i] = a.statusCode;
            errors[i] = a.error;
            durations[i] = a.durationMs;
            bodies[i] = a.responseBody;
            attemptedAt[i] = a.attemptedAt.toString();
            finishedAt[i] = a.finishedAt.toString();
            traceIds[i] = a.traceId;
        }
        getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement update = connection.prepareStatement(FINISH_ALL)) {
                update.setArray(1, connection.createArrayOf("text", ids));
                update.setArray(2, connection.createArrayOf("int4", statuses));
                update.setArray(3, connection.createArrayOf("text", errors));
                update.setArray(4, connection.createArrayOf("int4", durations));
                update.setArray(5, connection.createArrayOf("text", bodies));
                update.setArray(6, connection.createArrayOf("text", attemptedAt));
                update.setArray(7, connection.createArrayOf("text", finishedAt));
                update.setArray(8, connection.createArrayOf("text", traceIds));
                update.executeUpdate();
            }
        });
    }

    /** Marks the unfinished attempts of deliveries taken back from a replica that stopped (dispatcher; by delivery id). */
    public int markLostAcrossTenants(List<String> deliveryIds, String error, java.time.Instant now) {
        if (deliveryIds.isEmpty()) {
            return 0;
        }
        return update("error = ?1, finishedAt = ?2 where deliveryId in ?3 and finishedAt is null", error, now, deliveryIds);
    }
}
