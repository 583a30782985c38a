package io.dialgate.gateway.event;

import io.dialgate.gateway.common.BackgroundLoop;
import io.dialgate.gateway.database.DatabaseAvailability;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Purges events older than {@code dialgate.events.retention}, in batches of one short transaction each;
 * their webhook deliveries and attempts go with them (foreign keys cascade). Driven by its own thread on
 * its own schedule; tests call {@link #runOnce()}.
 */
@ApplicationScoped
public class EventRetentionWorker {

    private static final Logger LOG = Logger.getLogger(EventRetentionWorker.class);

    private final EventRepository events;
    private final EventConfig config;
    private final DatabaseAvailability database;
    private final Clock clock;
    private final BackgroundLoop loop;

    public EventRetentionWorker(EventRepository events, EventConfig config, Clock clock, DatabaseAvailability database) {
        this.database = database;
        this.events = events;
        this.config = config;
        this.clock = clock;
        this.loop = new BackgroundLoop("event-retention", this::runOnce, config.retentionInterval(), database);
    }

    /** Deletes every expired event, batch by batch; returns how many. */
    public int runOnce() {
        Instant cutoff = clock.instant().minus(config.retention());
        int total = BackgroundLoop.untilShort(() -> QuarkusTransaction.requiringNew()
                .call(() -> events.purgeOlderThanAcrossTenants(cutoff, config.retentionBatchSize())), config.retentionBatchSize());
        if (total > 0) {
            LOG.infof("Purged %d events older than %s (and their webhook deliveries)", total, cutoff);
        }
        return total;
    }

    void onStart(@Observes StartupEvent start) {
        if (config.retentionEnabled()) {
            loop.start();
        }
    }

    void onStop(@Observes ShutdownEvent stop) {
        loop.stop();
    }
}
