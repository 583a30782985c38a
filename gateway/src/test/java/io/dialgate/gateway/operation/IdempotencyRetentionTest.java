package io.dialgate.gateway.operation;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialgate.gateway.EmbeddedPostgresResource;
import io.dialgate.gateway.support.Api;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Keys older than the retention are purged by the retention worker; younger ones keep replaying. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
class IdempotencyRetentionTest {

    @Inject
    IdempotencyStore store;

    @Inject
    IdempotencyRetentionWorker worker;

    @Inject
    EntityManager em;

    @Test
    void shouldPurgeKeysOlderThanTheRetentionOnly() {
        String tenant = Api.newTenant().id();
        String old = "old-" + UUID.randomUUID();
        String fresh = "fresh-" + UUID.randomUUID();
        assertThat(store.claim(tenant, "test", old, "-")).isTrue();
        assertThat(store.claim(tenant, "test", fresh, "-")).isTrue();
        // The old key was taken two days ago (the default retention is 24 h).
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "UPDATE idempotency_record SET created_at = now() - interval '2 days' WHERE idem_key = ?1").setParameter(1, old).executeUpdate());

        assertThat(worker.runOnce()).isGreaterThanOrEqualTo(1);

        // The purged key is free again; the fresh one still holds.
        assertThat(store.claim(tenant, "test", old, "-")).isTrue();
        assertThat(store.claim(tenant, "test", fresh, "-")).isFalse();
    }
}
