package io.dialgate.gateway.common;

import jakarta.persistence.EntityManager;

/**
 * Lets the current transaction commit without waiting for its WAL to reach disk ({@code synchronous_commit
 * = off}, this transaction only). The commit is visible to everyone at once; a PostgreSQL crash may lose it.
 * Only for writes whose loss an earlier durable write already covers; each caller says why in its own docs.
 */
public final class UnflushedCommit {

    private UnflushedCommit() {
    }

    public static void forCurrentTransaction(EntityManager em) {
        em.createNativeQuery("SET LOCAL synchronous_commit TO OFF").executeUpdate();
    }
}
