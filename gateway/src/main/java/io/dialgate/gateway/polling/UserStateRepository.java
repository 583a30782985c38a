package io.dialgate.gateway.polling;

import io.dialgate.gateway.common.UnflushedCommit;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/** User states; the pollers work across tenants by user id, the API reads per tenant. */
@ApplicationScoped
public class UserStateRepository implements PanacheRepositoryBase<UserState, String> {

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

    /**
     * The rows of several users ({@code tenantOf}: user id to tenant id), locked for update in user id order and
     * created empty where missing; by user id.
     */
    public Map<String, UserState> lockOrCreateAllAcrossTenants(SortedMap<String, String> tenantOf, Instant now) {
        if (tenantOf.isEmpty()) {
            return Map.of();
        }
        var em = getEntityManager();
        String[] users = tenantOf.keySet().toArray(String[]::new);
        em.createNativeQuery("""
                INSERT INTO user_state (user_id, tenant_id)
                SELECT * FROM unnest(CAST(?1 AS text[]), CAST(?2 AS text[])) ON CONFLICT DO NOTHING""")
                .setParameter(1, users).setParameter(2, tenantOf.values().toArray(String[]::new)).executeUpdate();
        List<UserState> rows = em.createQuery("FROM UserState WHERE userId IN ?1 ORDER BY userId", UserState.class)
                .setParameter(1, List.of(users)).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
        Map<String, UserState> byUser = new HashMap<>();
        for (UserState state : rows) {
            if (state.state == null || state.state.isEmpty()) {
                state.state = AgentState.empty();
            }
            if (state.createdAt == null) {
                state.createdAt = now;
            }
            byUser.put(state.userId, state);
        }
        return byUser;
    }

    /** The row of a user, locked for update, created empty if missing. */
    public UserState lockOrCreateAcrossTenants(String tenantId, String userId, Instant now) {
        return lockOrCreateAllAcrossTenants(new java.util.TreeMap<>(Map.of(userId, tenantId)), now).get(userId);
    }
}
