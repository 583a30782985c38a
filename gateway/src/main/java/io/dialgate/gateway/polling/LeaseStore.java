package io.dialgate.gateway.polling;

import io.dialgate.gateway.common.CustomPlans;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code poll_lease} work table. Every replica keeps the rows in step with the
 * monitored users, claims free or expired rows, and those of replicas whose heartbeat has gone silent, with
 * {@code FOR UPDATE SKIP LOCKED}, renews its own, and releases them on shutdown. Each method is its own short
 * transaction and commits before any PBX I/O.
 */
@ApplicationScoped
public class LeaseStore {

    private final EntityManager em;

    public LeaseStore(EntityManager em) {
        this.em = em;
    }

    /**
     * Adds rows for users that should be polled and drops rows of users that should not (any tenant).
     * Runs every tick: the anti-join skips users that have a row already, rather than attempting (and
     * conflicting on) an insert for every monitored user; ON CONFLICT still covers a concurrent replica.
     */
    @Transactional
    public void syncWithMonitoredUsersAcrossTenants() {
        em.createNativeQuery("""
                INSERT INTO poll_lease (user_id, tenant_id)
                SELECT u.id, u.tenant_id FROM pbx_user u JOIN tenant t ON t.id = u.tenant_id
                WHERE u.monitored AND u.token_status = 'valid' AND NOT t.suspended
                  AND NOT EXISTS (SELECT 1 FROM poll_lease l WHERE l.user_id = u.id)
                ON CONFLICT DO NOTHING""").executeUpdate();
        // Locked in user id order first, as the pollers lock lease rows, so that this never deadlocks with them.
        em.createNativeQuery("""
                DELETE FROM poll_lease WHERE user_id IN (
                  SELECT l.user_id FROM poll_lease l JOIN pbx_user u ON u.id = l.user_id JOIN tenant t ON t.id = u.tenant_id
                  WHERE NOT u.monitored OR u.token_status <> 'valid' OR t.suspended
                  ORDER BY l.user_id FOR UPDATE OF l)""").executeUpdate();
    }

    /**
     * The leases one {@link #claimAvailableLeases} took: their user ids, and how many of them were still running
     * when taken, per replica that had fallen silent.
     */
    public record Claim(List<String> userIds, java.util.Map<String, Integer> takenFromSilent) {
    }

    /**
     * Claims up to {@code free} leases for {@code replica}: unowned or expired ones, those of replicas whose
     * heartbeat has been silent for longer than each one's own {@code silent_after_ms} (they have stopped polling
     * by then, and waiting for their leases to run out would leave their users unpolled for up to a lease more),
     * and its own that it does not poll ({@code polled} excluded: those it stopped after it could not renew them).
     */
    @Transactional
    @SuppressWarnings("unchecked")
    public Claim claimAvailableLeases(String replica, int free, Instant until, Collection<String> polled) {
        if (free <= 0) {
            return new Claim(List.of(), java.util.Map.of());
        }
        CustomPlans.forCurrentTransaction(em); // the ids it polls: thousands
        List<Object[]> rows = em.createNativeQuery("""
                WITH picked AS (
                  SELECT user_id, locked_by AS previous, locked_until >= now() AS running FROM poll_lease
                  WHERE (locked_until IS NULL OR locked_until < now() OR locked_by = ?1
                         OR locked_by IN (SELECT replica_id FROM poll_replica
                                          WHERE heartbeat_at < now() - silent_after_ms * interval '1 millisecond'))
                    AND user_id <> ALL(?4)
                  ORDER BY user_id
                  FOR UPDATE SKIP LOCKED
                  LIMIT ?3)
                UPDATE poll_lease l SET locked_by = ?1, locked_until = ?2, updated_at = now()
                FROM picked p WHERE l.user_id = p.user_id
                RETURNING l.user_id, p.previous, p.running""")
                .setParameter(1, replica).setParameter(2, until).setParameter(3, free)
                .setParameter(4, polled.toArray(String[]::new))
                .getResultList();
        List<String> ids = new java.util.ArrayList<>(rows.size());
        java.util.Map<String, Integer> fromSilent = new java.util.TreeMap<>();
        for (Object[] row : rows) {
            ids.add((String) row[0]);
            String previous = (String) row[1];
            if (previous != null && !previous.equals(replica) && Boolean.TRUE.equals(row[2])) {
                fromSilent.merge(previous, 1, Integer::sum);
            }
        }
        return new Claim(ids, fromSilent);
    }

    /** How many replicas poll and how many users there are to poll, as one replica's heartbeat sees it. */
    public record Census(int liveReplicas, int users) {

        /** This replica's fair share: the users divided by the live replicas, rounded up, at most {@code max}. */
        public int fairShare(int max) {
            int share = (users + Math.max(1, liveReplicas) - 1) / Math.max(1, liveReplicas);
            return Math.min(max, share);
        }
    }

    /**
     * Records that {@code replica} is alive, and that the others may take its leases once it has been silent for
     * {@code silentAfter}; counts the replicas that beat within {@code liveWithin} (itself included) and the users
     * to poll.
     */
    @Transactional
    public Census heartbeat(String replica, java.time.Duration liveWithin, java.time.Duration silentAfter) {
        em.createNativeQuery("""
                INSERT INTO poll_replica (replica_id, heartbeat_at, silent_after_ms) VALUES (?1, now(), ?2)
                ON CONFLICT (replica_id) DO UPDATE SET heartbeat_at = now(), silent_after_ms = ?2""")
                .setParameter(1, replica).setParameter(2, silentAfter.toMillis()).executeUpdate();
        Object[] counts = (Object[]) em.createNativeQuery("""
                SELECT (SELECT count(*) FROM poll_replica WHERE heartbeat_at > now() - make_interval(secs => ?1)),
                       (SELECT count(*) FROM poll_lease)""")
                .setParameter(1, liveWithin.toMillis() / 1000.0).getSingleResult();
        return new Census(((Number) counts[0]).intValue(), ((Number) counts[1]).intValue());
    }

    /** Forgets {@code replica}'s heartbeat (graceful shutdown), so the others take its share at once. */
    @Transactional
    public void forgetReplica(String replica) {
        em.createNativeQuery("DELETE FROM poll_replica WHERE replica_id = ?1").setParameter(1, replica).executeUpdate();
    }

    /** Drops heartbeats older than {@code olderThan}: replicas that died long ago. */
    @Transactional
    public int forgetDeadReplicas(java.time.Duration olderThan) {
        return em.createNativeQuery("DELETE FROM poll_replica WHERE heartbeat_at < now() - make_interval(secs => ?1)")
                .setParameter(1, olderThan.toMillis() / 1000.0).executeUpdate();
    }

    /**
     * Extends those of this replica's leases that end before {@code renewBefore} to {@code until}, and
     * returns the ids among {@code userIds} it no longer holds (lost to another replica, or deleted). Leases
     * with time to spare are only read: renewing every lease on every tick rewrote (and row-locked, against
     * the pollers' {@link #holdsAndLockAll}) every lease row each second. Only the lost ids come back, usually
     * none: returning every held id cost the gateway one string per user and pass.
     */
    @Transactional
    @SuppressWarnings("unchecked")
    public Set<String> renewAndFindLost(String replica, String[] userIds, Instant until, Instant renewBefore) {
        if (userIds.length == 0) {
            return Set.of();
        }
        CustomPlans.forCurrentTransaction(em);
        // Both parts read the same snapshot and their conditions on locked_until do not overlap. The rows are
        // locked in user id order, and in a mode that does not wait for the pollers' share locks
        // (holdsAndLockAll).
        List<String> lost = em.createNativeQuery("""
                WITH due AS (
                  SELECT user_id FROM poll_lease
                  WHERE locked_by = ?1 AND user_id = ANY(?3) AND (locked_until IS NULL OR locked_until < ?4)
                  ORDER BY user_id FOR NO KEY UPDATE),
                renewed AS (
                  UPDATE poll_lease SET locked_until = ?2, updated_at = now()
                  WHERE locked_by = ?1 AND user_id IN (SELECT user_id FROM due)
                  RETURNING user_id)
                SELECT a.id FROM unnest(CAST(?3 AS text[])) AS a(id)
                WHERE NOT EXISTS (SELECT 1 FROM renewed r WHERE r.user_id = a.id)
                  AND NOT EXISTS (SELECT 1 FROM poll_lease l WHERE l.user_id = a.id AND l.locked_by = ?1 AND l.locked_until >= ?4)""")
                .setParameter(1, replica).setParameter(2, until).setParameter(3, userIds)
                .setParameter(4, renewBefore)
                .getResultList();
        return Set.copyOf(lost);
    }

    /** Frees this replica's leases at once (graceful shutdown), so another replica resumes without waiting. */
    @Transactional
    public int release(String replica, Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return 0;
        }
        // Locked in user id order first, as the pollers lock them, so that a release never deadlocks with a poller;
        // it does not wait for a batch's share locks, and a claim by another replica still skips those rows.
        return em.createNativeQuery("""
                UPDATE poll_lease SET locked_by = NULL, locked_until = NULL, updated_at = now()
                WHERE locked_by = ?1 AND user_id IN (
                  SELECT user_id FROM poll_lease WHERE locked_by = ?1 AND user_id = ANY(?2) ORDER BY user_id FOR NO KEY UPDATE)""")
                .setParameter(1, replica).setParameter(2, userIds.toArray(String[]::new)).executeUpdate();
    }

    /**
     * Of {@code userIds}, those whose lease {@code replica} holds now; share-locks their rows until the caller's
     * transaction ends ({@code FOR KEY SHARE}, in user id order). That lock keeps another replica from claiming
     * the lease meanwhile (a claim takes {@code FOR UPDATE}, which skips the row), while this replica's own
     * renewal and release ({@code FOR NO KEY UPDATE}) go on without waiting: a batch of answers holds its
     * leases for the length of its transaction, and a renewal stuck behind a stream of batches would let every
     * lease run out.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    @SuppressWarnings("unchecked")
    public Set<String> holdsAndLockAll(String replica, Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return Set.of();
        }
        List<String> held = em.createNativeQuery("""
                SELECT user_id FROM poll_lease WHERE user_id = ANY(?1) AND locked_by = ?2 AND locked_until > now()
                ORDER BY user_id FOR KEY SHARE""")
                .setParameter(1, userIds.toArray(String[]::new)).setParameter(2, replica).getResultList();
        return Set.copyOf(held);
    }

    /** Lease holders for observability and tests: user id to replica. */
    @Transactional
    @SuppressWarnings("unchecked")
    public java.util.Map<String, String> holders() {
        List<Object[]> rows = em.createNativeQuery(
                "SELECT user_id, locked_by FROM poll_lease WHERE locked_by IS NOT NULL AND locked_until > now()").getResultList();
        return rows.stream().collect(Collectors.toMap(r -> (String) r[0], r -> (String) r[1]));
    }
}
