package io.dialgate.gateway.operation;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialgate.gateway.EmbeddedPostgresResource;
import io.dialgate.gateway.support.Api;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import io.dialgate.gateway.database.DatabaseAvailability;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Keys older than the retention are purged by the retention worker; younger ones keep replaying. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
class IdempotencyRetentionTest {

    @Inject
    IdempotencyStore store;

    @Inject
    IdempotencyConfig config;

    @Inject
    DatabaseAvailability database;

    /** The worker as it runs {@code ahead} from now: an injected clock instead of a wait or a rewritten row. */
    private IdempotencyRetentionWorker workerAt(Duration ahead) {
        return workerAt(ahead, config);
    }

    private IdempotencyRetentionWorker workerAt(Duration ahead, IdempotencyConfig settings) {
        return new IdempotencyRetentionWorker(store, settings, Clock.offset(Clock.systemUTC(), ahead), database);
    }

    /** The real settings with small purge batches, so a few keys take several batches. */
    private IdempotencyConfig batchesOf(int size) {
        return new IdempotencyConfig() {
            public Duration retention() { return config.retention(); }
            public Duration retentionInterval() { return config.retentionInterval(); }
            public int retentionBatchSize() { return size; }
            public Duration concurrentWait() { return config.concurrentWait(); }
            public Duration inProgressTimeout() { return config.inProgressTimeout(); }
        };
    }

    @Test
    void shouldPurgeKeysOnlyOnceTheyAreOlderThanTheRetention() {
        String tenant = Api.newTenant().id();
        String key = "key-" + UUID.randomUUID();
        assertThat(store.claim(tenant, "test", key, "-")).isTrue();
        Duration retention = config.retention();

        workerAt(retention.minusMinutes(5)).runOnce();
        assertThat(store.claim(tenant, "test", key, "-")).as("a key younger than the retention still replays").isFalse();

        assertThat(workerAt(retention.plusMinutes(5)).runOnce()).isGreaterThanOrEqualTo(1);
        assertThat(store.claim(tenant, "test", key, "-")).as("an expired key is free again").isTrue();
    }

    @Test
    void shouldPurgeInBatchesUntilNothingIsLeft() {
        String tenant = Api.newTenant().id();
        int batch = 4;
        int keys = batch * 2 + 3;
        for (int i = 0; i < keys; i++) {
            assertThat(store.claim(tenant, "test", "batch-" + i, "-")).isTrue();
        }
        assertThat(workerAt(config.retention().plusHours(1), batchesOf(batch)).runOnce()).isGreaterThanOrEqualTo(keys);
        assertThat(store.claim(tenant, "test", "batch-0", "-")).isTrue();
        assertThat(store.claim(tenant, "test", "batch-" + (keys - 1), "-")).isTrue();
    }
}
