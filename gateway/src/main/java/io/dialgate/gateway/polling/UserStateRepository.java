package io.dialgate.gateway.polling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dialgate.gateway.common.ColumnArrays;
import io.dialgate.gateway.common.SqlTimes;
import io.dialgate.gateway.common.UnflushedCommit;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/** User states; the pollers work across tenants by user id, the API reads per tenant. */
@ApplicationScoped
public class UserStateRepository implements PanacheRepositoryBase<UserState, String> {

    /** States hold JSON values only (no dates or beans), so a plain mapper reads them as any would. */
    private static final ObjectMapper JSON = new ObjectMapper();

    public Optional<UserState> findByUserForTenant(String tenantId, String userId) {
        return find("tenantId = ?1 and userId = ?2", tenantId, userId).firstResultOptional();
    }

    /** Up to {@code fetch} of the tenant's recorded states after {@code afterUserId}, in user id order. */
    public java.util.List<UserState> pageForTenant(String tenantId, String afterUserId, int fetch) {
        return find("tenantId = ?1 and userId > ?2 and hash is not null and seenAt is not null order by userId", tenantId,
                afterUserId).range(0, fetch - 1).list();
    }

    /**
     * The fast path of answers that changed nothing (the long poll's hold time passed), in one statement
     * ({@code hashes}: user id to the hash of its unchanged answer): records when each user was seen, if
     * {@code replica} holds the user's lease and the stored hash is still the answer's; returns the ids it
     * touched. A user it leaves out (lease lost, no baseline yet, other hash) takes the full path. Leaves the
     * commit synchronous: the caller knows whether the same transaction writes anything that must not be lost,
     * and makes it asynchronous ({@link UnflushedCommit}) when only seen-at times changed.
     */
    @SuppressWarnings("unchecked")
    public List<String> touchAllIfUnchangedAcrossTenants(String replica, Map<String, String> hashes, Instant now) {
        if (hashes.isEmpty()) {
            return List.of();
        }
        String[] users = hashes.keySet().toArray(String[]::new);
        String[] expected = java.util.Arrays.stream(users).map(hashes::get).toArray(String[]::new);
        return getEntityManager().createNativeQuery("""
                UPDATE user_state s SET seen_at = ?3, updated_at = ?3, poll_failures = 0, poll_failing_since = NULL,
                       poll_failure_event_sent = false
                FROM poll_lease l, unnest(CAST(?1 AS text[]), CAST(?4 AS text[])) AS a(user_id, hash)
                WHERE s.user_id = a.user_id AND s.hash = a.hash
                  AND l.user_id = s.user_id AND l.locked_by = ?2 AND l.locked_until > now()
                RETURNING s.user_id""")
                .setParameter(1, users).setParameter(2, replica).setParameter(3, now).setParameter(4, expected)
                .getResultList();
    }

    /** The columns {@link #rowOf} reads, in its order. */
    private static final String COLUMNS = """
            user_id, tenant_id, hash, CAST(state AS text), last_sequence, seen_at, poll_failures, poll_error, poll_error_at,
            poll_failing_since, poll_failure_event_sent, created_at, updated_at, command_traceparent, command_trace_until""";

    /**
     * The rows of several users ({@code tenantOf}: user id to tenant id), locked for update in user id order and
     * created empty where missing; by user id. The rows are plain objects, not managed by Hibernate: change them and
     * write them back with {@link #writeAll}.
     *
     * <p>Read and written in plain SQL because a batch of poll answers locks up to hundreds of these rows: as managed
     * entities each kept a copy of its JSON state to compare at every flush, which cost more than the rest of the
     * recording.
     */
    @SuppressWarnings("unchecked")
    public Map<String, UserState> lockOrCreateAllAcrossTenants(SortedMap<String, String> tenantOf, Instant now) {
        if (tenantOf.isEmpty()) {
            return Map.of();
        }
        var em = getEntityManager();
        String[] users = tenantOf.keySet().toArray(String[]::new);
        em.createNativeQuery("""
                INSERT INTO user_state (user_id, tenant_id, created_at, updated_at)
                SELECT u, t, ?3, ?3 FROM unnest(CAST(?1 AS text[]), CAST(?2 AS text[])) AS a(u, t) ON CONFLICT DO NOTHING""")
                .setParameter(1, users).setParameter(2, tenantOf.values().toArray(String[]::new)).setParameter(3, now)
                .executeUpdate();
        List<Object[]> rows = em.createNativeQuery("SELECT " + COLUMNS + " FROM user_state WHERE user_id = ANY(?1) ORDER BY user_id FOR UPDATE")
                .setParameter(1, users).getResultList();
        Map<String, UserState> byUser = new HashMap<>();
        for (Object[] row : rows) {
            UserState state = rowOf(row);
            byUser.put(state.userId, state);
        }
        return byUser;
    }

    private UserState rowOf(Object[] r) {
        UserState s = new UserState();
        s.userId = (String) r[0];
        s.tenantId = (String) r[1];
        s.hash = (String) r[2];
        s.state = parseState((String) r[3]);
        s.lastSequence = ((Number) r[4]).longValue();
        s.seenAt = SqlTimes.instant(r[5]);
        s.pollFailures = ((Number) r[6]).intValue();
        s.pollError = (String) r[7];
        s.pollErrorAt = SqlTimes.instant(r[8]);
        s.pollFailingSince = SqlTimes.instant(r[9]);
        s.pollFailureEventSent = (Boolean) r[10];
        s.createdAt = SqlTimes.instant(r[11]);
        s.updatedAt = SqlTimes.instant(r[12]);
        s.commandTraceparent = (String) r[13];
        s.commandTraceUntil = SqlTimes.instant(r[14]);
        return s;
    }

    private ObjectNode parseState(String json) {
        try {
            JsonNode node = json == null ? null : JSON.readTree(json);
            return node instanceof ObjectNode object && !object.isEmpty() ? object : AgentState.empty();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored user state is not JSON", e);
        }
    }

    /** Writes back rows read with {@link #lockOrCreateAllAcrossTenants}, all in one statement. */
    public void writeAll(Collection<UserState> rows) {
        if (rows.isEmpty()) {
            return;
        }
        ColumnArrays.of(rows)
                .column(String[]::new, r -> r.userId).column(String[]::new, r -> r.hash)
                .column(String[]::new, r -> r.state.toString()).column(Long[]::new, r -> r.lastSequence)
                .column(Timestamp[]::new, r -> SqlTimes.parameter(r.seenAt)).column(Integer[]::new, r -> r.pollFailures)
                .column(String[]::new, r -> r.pollError).column(Timestamp[]::new, r -> SqlTimes.parameter(r.pollErrorAt))
                .column(Timestamp[]::new, r -> SqlTimes.parameter(r.pollFailingSince))
                .column(Boolean[]::new, r -> r.pollFailureEventSent).column(Timestamp[]::new, r -> SqlTimes.parameter(r.updatedAt))
                .column(String[]::new, r -> r.commandTraceparent)
                .column(Timestamp[]::new, r -> SqlTimes.parameter(r.commandTraceUntil))
                .bind(getEntityManager().createNativeQuery("""
                UPDATE user_state s SET hash = a.hash, state = CAST(a.state AS jsonb), last_sequence = a.last_sequence,
                       seen_at = a.seen_at, poll_failures = a.poll_failures, poll_error = a.poll_error,
                       poll_error_at = a.poll_error_at, poll_failing_since = a.poll_failing_since,
                       poll_failure_event_sent = a.event_sent, updated_at = a.updated_at,
                       command_traceparent = a.traceparent, command_trace_until = a.trace_until
                FROM unnest(CAST(?1 AS text[]), CAST(?2 AS text[]), CAST(?3 AS text[]), CAST(?4 AS bigint[]),
                            CAST(?5 AS timestamptz[]), CAST(?6 AS int[]), CAST(?7 AS text[]), CAST(?8 AS timestamptz[]),
                            CAST(?9 AS timestamptz[]), CAST(?10 AS boolean[]), CAST(?11 AS timestamptz[]), CAST(?12 AS text[]),
                            CAST(?13 AS timestamptz[]))
                     AS a(user_id, hash, state, last_sequence, seen_at, poll_failures, poll_error, poll_error_at,
                          poll_failing_since, event_sent, updated_at, traceparent, trace_until)
                WHERE s.user_id = a.user_id"""))
                .executeUpdate();
    }

    /** The row of a user, locked for update, created empty if missing; write it back with {@link #writeAll}. */
    public UserState lockOrCreateAcrossTenants(String tenantId, String userId, Instant now) {
        return lockOrCreateAllAcrossTenants(new java.util.TreeMap<>(Map.of(userId, tenantId)), now).get(userId);
    }
}
