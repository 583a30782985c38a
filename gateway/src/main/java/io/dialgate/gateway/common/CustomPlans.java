package io.dialgate.gateway.common;

import jakarta.persistence.EntityManager;

/**
 * Plans the current transaction's statements for their actual parameters ({@code plan_cache_mode =
 * force_custom_plan}, this transaction only) instead of reusing a prepared statement's generic plan.
 *
 * <p>Why: the driver prepares a statement on the server after a few runs, and PostgreSQL then switches to a
 * generic plan, which guesses the length of an array parameter without seeing it. For the supervision pass's
 * statements, which take the ids of every user a replica polls (18,000 in the engine benchmark), that guess chose
 * one index lookup per id: measured on 18,000 leases, renewing them took 121 ms with the generic plan and 38 ms
 * (plus 13 ms of planning) with a plan for the real array; checking the users' versions 84 ms against 15 ms (plus 5).
 * Only for statements whose arrays can hold thousands of ids and that run rarely enough (once a tick) for the
 * planning to cost less than the plan it avoids.
 */
public final class CustomPlans {

    private CustomPlans() {
    }

    public static void forCurrentTransaction(EntityManager em) {
        em.createNativeQuery("SET LOCAL plan_cache_mode TO force_custom_plan").executeUpdate();
    }
}
