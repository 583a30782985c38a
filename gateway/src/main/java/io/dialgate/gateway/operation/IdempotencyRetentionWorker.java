package io.dialgate.gateway.operation;

import io.dialgate.gateway.common.BackgroundLoop;
import io.dialgate.gateway.database.DatabaseAvailability;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Purges idempotency keys (and seen action-hook messages) older than {@code dialgate.idempotency.retention}, in
 * batches of one short transaction each, on its own schedule; tests call {@link #runOnce()}.
 */
@ApplicationScoped
public class IdempotencyRetentionWorker {

    private static final Logger LOG = Logger.getLogger(IdempotencyRetentionWorker.class);

    private final IdempotencyStore store;
    private final IdempotencyConfig config;
    private final Clock clock;
    private final BackgroundLoop loop;

    public IdempotencyRetentionWorker(IdempotencyStore store, IdempotencyConfig config, Clock clock, DatabaseAvailability database) {
        this.store = store;
        this.config = config;
        this.clock = clock;
        this.loop = new BackgroundLoop("idempotency-retention", this::runOnce, config.retentionInterval(), database);
    }

    /** Deletes every expired key, batch by batch; returns how many. */
    public int runOnce() {
        Instant cutoff = clock.instant().minus(config.retention());
        int total = BackgroundLoop.untilShort(() -> store.purgeOlderThanAcrossTenants(cutoff, config.retentionBatchSize()),
                config.retentionBatchSize());
        if (total > 0) {
            LOG.infof("Purged %d idempotency keys older than %s", total, cutoff);
        }
        return total;
    }

    void onStart(@Observes StartupEvent start) {
        loop.start();
    }

    void onStop(@Observes ShutdownEvent stop) {
        loop.stop();
    }
}
