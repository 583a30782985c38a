package io.dialgate.gateway.operation;

import io.dialgate.gateway.common.UnflushedCommit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The {@code idempotency_record} table. Each method commits on its own ({@code REQUIRES_NEW}):
 * the claim must be visible to concurrent retries before the PBX is called, and the outcome
 * must be kept even if the caller's work fails afterwards.
 */
@ApplicationScoped
public class IdempotencyStore {

    private final EntityManager em;

    public IdempotencyStore(EntityManager em) {
        this.em = em;
    }

    /** Claims the key; false when another request has it already (the primary key decides, atomically). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean claim(String tenantId, String scope, String key, String requestHash) {
        int inserted = em.createNativeQuery("""
                INSERT INTO idempotency_record (tenant_id, scope, idem_key, request_hash, state)
                VALUES (?1, ?2, ?3, ?4, 'in_progress')
                ON CONFLICT DO NOTHING""")
                .setParameter(1, tenantId).setParameter(2, scope).setParameter(3, key).setParameter(4, requestHash)
                .executeUpdate();
        return inserted == 1;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<IdempotencyRecord> find(String tenantId, String scope, String key) {
        // Ages come from the database's clock, the one that wrote the claim, so replicas' clocks never matter.
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT request_hash, state, status, response_body,
                       (extract(epoch FROM now() - created_at) * 1000)::bigint,
                       (extract(epoch FROM now() - updated_at) * 1000)::bigint
                FROM idempotency_record
                WHERE tenant_id = ?1 AND scope = ?2 AND idem_key = ?3""")
                .setParameter(1, tenantId).setParameter(2, scope).setParameter(3, key).getResultList();
        return rows.stream().findFirst().map(r -> new IdempotencyRecord((String) r[0],
                IdempotencyRecord.State.valueOf((String) r[1]), r[2] == null ? null : ((Number) r[2]).intValue(),
                (String) r[3], Duration.ofMillis(((Number) r[4]).longValue()), Duration.ofMillis(((Number) r[5]).longValue())));
    }

    /**
     * Stores the outcome without waiting for the disk ({@code synchronous_commit} off for this transaction
     * only): it is visible to retries at once, and a database crash can lose it only while the claim, which
     * was flushed, stays. A retry then gets 409 {@code idempotency_in_progress}, never a second dial; the
     * caller already had its answer. This saves one flush per call, half the Idempotency-Key's cost.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void complete(String tenantId, String scope, String key, int status, String body, String outcomeRef) {
        UnflushedCommit.forCurrentTransaction(em);
        em.createNativeQuery("""
                UPDATE idempotency_record SET state = 'done', status = ?4, response_body = ?5, outcome_ref = ?6,
                       updated_at = now()
                WHERE tenant_id = ?1 AND scope = ?2 AND idem_key = ?3""")
                .setParameter(1, tenantId).setParameter(2, scope).setParameter(3, key)
                .setParameter(4, status).setParameter(5, body).setParameter(6, outcomeRef).executeUpdate();
    }

    /**
     * Keeps the key after a failure that may have reached the PBX (its answer lost, a time-out): the
     * command is never sent again with this key; retries look for its outcome on the PBX instead.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void markUnknown(String tenantId, String scope, String key) {
        em.createNativeQuery("""
                UPDATE idempotency_record SET state = 'unknown', updated_at = now()
                WHERE tenant_id = ?1 AND scope = ?2 AND idem_key = ?3 AND state <> 'done'""")
                .setParameter(1, tenantId).setParameter(2, scope).setParameter(3, key).executeUpdate();
    }

    /** Whether another key of this scope already took {@code outcomeRef} (an activity) as its outcome. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean isCredited(String tenantId, String scope, String outcomeRef) {
        return !em.createNativeQuery("""
                SELECT 1 FROM idempotency_record WHERE tenant_id = ?1 AND scope = ?2 AND outcome_ref = ?3 LIMIT 1""")
                .setParameter(1, tenantId).setParameter(2, scope).setParameter(3, outcomeRef).getResultList().isEmpty();
    }

    /** Forgets a claim whose request certainly did nothing, so a retry may run it. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void release(String tenantId, String scope, String key) {
        em.createNativeQuery("DELETE FROM idempotency_record WHERE tenant_id = ?1 AND scope = ?2 AND idem_key = ?3")
                .setParameter(1, tenantId).setParameter(2, scope).setParameter(3, key).executeUpdate();
    }

    /** Retention clean-up across tenants, in one statement per batch. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int purgeOlderThanAcrossTenants(Instant cutoff, int batch) {
        return em.createNativeQuery("""
                DELETE FROM idempotency_record WHERE ctid IN (
                  SELECT ctid FROM idempotency_record WHERE created_at < ?1 LIMIT ?2)""")
                .setParameter(1, cutoff).setParameter(2, batch).executeUpdate();
    }
}
