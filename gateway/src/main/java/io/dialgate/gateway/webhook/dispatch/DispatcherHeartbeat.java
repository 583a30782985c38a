package io.dialgate.gateway.webhook.dispatch;

import io.dialgate.gateway.webhook.DeliveryAttemptRepository;
import io.dialgate.gateway.webhook.WebhookConfig;
import io.dialgate.gateway.webhook.WebhookDeliveryRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Lets a dead replica's claims be taken back in seconds. Every dispatching replica beats in
 * {@code webhook_dispatcher_replica} every fifth of {@code orphaned-after}; any replica makes the claims of one
 * whose beat is older than that (or whose lease ran out) due again, and marks their unfinished attempts, whose
 * requests may have reached the receiver. Times come from the gateway's clock, like the claims' leases, so
 * replicas' clocks must agree (NTP) to well within {@code orphaned-after}.
 */
@ApplicationScoped
public class DispatcherHeartbeat {

    private static final Logger LOG = Logger.getLogger(DispatcherHeartbeat.class);

    static final String LOST_ATTEMPT = "no outcome recorded: the gateway replica sending it stopped or lost its database; "
            + "the receiver may have got it";

    private final EntityManager em;
    private final WebhookDeliveryRepository deliveries;
    private final DeliveryAttemptRepository attempts;
    private final WebhookConfig config;
    private final Clock clock;
    private volatile Instant lastBeat = Instant.MIN;
    private volatile Instant lastReclaim = Instant.MIN;

    public DispatcherHeartbeat(EntityManager em, WebhookDeliveryRepository deliveries, DeliveryAttemptRepository attempts,
            WebhookConfig config, Clock clock) {
        this.em = em;
        this.deliveries = deliveries;
        this.attempts = attempts;
        this.config = config;
        this.clock = clock;
    }

    private Duration interval() {
        return config.dispatcher().orphanedAfter().dividedBy(5);
    }

    /** Writes this replica's heartbeat if the last one is a fifth of {@code orphaned-after} old. */
    void beatIfDue(String replica) {
        Instant now = clock.instant();
        if (now.isBefore(lastBeat.plus(interval()))) {
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                INSERT INTO webhook_dispatcher_replica (replica_id, heartbeat_at) VALUES (?1, ?2)
                ON CONFLICT (replica_id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at""")
                .setParameter(1, replica).setParameter(2, now).executeUpdate());
        lastBeat = now;
    }

    /** Takes back the claims of dead replicas, at most once an interval; returns how many. */
    int reclaimOrphansIfDue() {
        Instant now = clock.instant();
        if (now.isBefore(lastReclaim.plus(interval()))) {
            return 0;
        }
        lastReclaim = now;
        return reclaimOrphans();
    }

    /** Takes back the claims of replicas with no heartbeat within {@code orphaned-after}, and of expired leases. */
    int reclaimOrphans() {
        Instant now = clock.instant();
        List<String> taken = QuarkusTransaction.requiringNew().call(() -> {
            List<String> ids = deliveries.reclaimOrphansAcrossTenants(now, now.minus(config.dispatcher().orphanedAfter()),
                    LOST_ATTEMPT);
            attempts.markLostAcrossTenants(ids, LOST_ATTEMPT, now);
            // Beats of replicas gone for an hour only cost space.
            em.createNativeQuery("DELETE FROM webhook_dispatcher_replica WHERE heartbeat_at < ?1")
                    .setParameter(1, now.minus(Duration.ofHours(1))).executeUpdate();
            return ids;
        });
        if (!taken.isEmpty()) {
            LOG.warnf("Took back %d webhook deliveries claimed by a replica that stopped (no heartbeat for %s) or whose lease "
                    + "expired; they are sent again now", taken.size(), config.dispatcher().orphanedAfter());
        }
        return taken.size();
    }

    /** Removes this replica's heartbeat (clean stop): its leftover claims are taken back at the next check. */
    void forget(String replica) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("DELETE FROM webhook_dispatcher_replica WHERE replica_id = ?1")
                .setParameter(1, replica).executeUpdate());
        lastBeat = Instant.MIN;
    }
}
