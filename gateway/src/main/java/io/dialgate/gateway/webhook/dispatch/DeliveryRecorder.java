package io.dialgate.gateway.webhook.dispatch;

import io.dialgate.gateway.database.DatabaseAvailability;
import io.dialgate.gateway.common.UnflushedCommit;
import io.dialgate.gateway.metrics.GatewayMetrics;
import io.dialgate.gateway.metrics.WebhookAttemptOutcome;
import io.dialgate.gateway.webhook.DeliveryAttempt;
import io.dialgate.gateway.webhook.DeliveryAttemptRepository;
import io.dialgate.gateway.webhook.DeliveryState;
import io.dialgate.gateway.webhook.EndpointEvents;
import io.dialgate.gateway.webhook.WebhookConfig;
import io.dialgate.gateway.webhook.WebhookDelivery;
import io.dialgate.gateway.webhook.WebhookDeliveryRepository;
import io.dialgate.gateway.webhook.WebhookEndpointRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Writes the results of a round of attempts back: every result of the round in one short
 * transaction, guarded by {@code locked_by}, so a delivery taken back meanwhile (manual retry, expired
 * lease) only gets its attempt logged. The common case costs three statements whatever the round's size:
 * one multi-row INSERT of the attempts, one UPDATE of all successes, one reset of their endpoints' failure
 * runs. Failures keep the per-row rules (retry schedule with jitter, Retry-After, 410 and failure-run
 * disable) inside the same transaction.
 *
 * <p>The write-back commits without waiting for the disk ({@code synchronous_commit = off}), which keeps
 * the dispatcher loop from waiting for a flush per round. A PostgreSQL crash may lose the last few
 * write-backs: those deliveries are still {@code sending} afterwards and are resent when their lease
 * expires, which at-least-once delivery allows (receivers deduplicate on {@code webhook-id}). One user's
 * order still holds, because the claim commits synchronously: its flush makes every earlier write-back
 * durable, so a key's next delivery is never claimed durably while its predecessor's result could be lost.
 *
 * <p>If that transaction fails (a deadlock with another replica, a delivery deleted meanwhile), each result is
 * written again in a transaction of its own, so one bad row costs only itself; a result that still cannot be
 * written is resent when its lease expires (at least once).
 */
@ApplicationScoped
public class DeliveryRecorder {

    private static final Logger LOG = Logger.getLogger(DeliveryRecorder.class);

    private final WebhookDeliveryRepository deliveries;
    private final WebhookEndpointRepository endpoints;
    private final DeliveryAttemptRepository attempts;
    private final RetryPolicy retryPolicy;
    private final WebhookConfig config;
    private final Clock clock;
    private final GatewayMetrics metrics;
    private final DatabaseAvailability database;
    private final EndpointEvents endpointEvents;

    public DeliveryRecorder(WebhookDeliveryRepository deliveries, WebhookEndpointRepository endpoints,
            DeliveryAttemptRepository attempts, RetryPolicy retryPolicy, WebhookConfig config, Clock clock, GatewayMetrics metrics,
            DatabaseAvailability database, EndpointEvents endpointEvents) {
        this.endpointEvents = endpointEvents;
        this.database = database;
        this.deliveries = deliveries;
        this.endpoints = endpoints;
        this.attempts = attempts;
        this.retryPolicy = retryPolicy;
        this.config = config;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * Records the results, given in the order their attempts completed (the order in which failures and
     * successes count towards an endpoint's failure run), for deliveries claimed by {@code replica}. Returns
     * false, having written nothing, when the database cannot be reached: the caller keeps the results and
     * tries again, so an outage costs no resend (unless it outlasts {@code orphaned-after}, when other replicas
     * take the claims back).
     */
    boolean record(String replica, List<DeliveryResult> results) {
        if (results.isEmpty()) {
            return true;
        }
        try {
            // Counted once committed: a round that rolls back is written again result by result, and counted there.
            QuarkusTransaction.requiringNew().call(() -> write(replica, results)).forEach(metrics::recordDelivery);
        } catch (RuntimeException e) {
            if (database.absorb(e)) {
                LOG.debugf("Could not write back %d webhook results: database unreachable; keeping them", results.size());
                return false;
            }
            LOG.warnf(e, "Writing back %d webhook results in one transaction failed; writing them one at a time", results.size());
            for (DeliveryResult result : results) {
                recordAlone(replica, result);
            }
        }
        return true;
    }

    private void recordAlone(String replica, DeliveryResult result) {
        MDC.put("deliveryId", result.job().deliveryId());
        MDC.put("tenantId", result.job().tenantId());
        traceInMdc(result);
        try {
            QuarkusTransaction.requiringNew().call(() -> write(replica, List.of(result))).forEach(metrics::recordDelivery);
        } catch (RuntimeException e) {
            if (database.absorb(e)) {
                return;
            }
            LOG.errorf(e, "Webhook delivery %s could not be recorded; it is retried when its lease expires", result.job().deliveryId());
        } finally {
            MDC.remove("deliveryId");
            MDC.remove("tenantId");
            MDC.remove("traceId");
        }
    }

    /** The attempt's trace id (when traced) under the key Quarkus's log format reads, so a failure's log line leads to its span. */
    private static void traceInMdc(DeliveryResult result) {
        if (result.traceId() != null) {
            MDC.put("traceId", result.traceId());
        } else {
            MDC.remove("traceId");
        }
    }

    /** Writes the round back and returns what each sent attempt decided, for the metrics. */
    private List<WebhookAttemptOutcome> write(String replica, List<DeliveryResult> results) {
        List<WebhookAttemptOutcome> decided = new ArrayList<>(results.size());
        Instant now = clock.instant();
        UnflushedCommit.forCurrentTransaction(deliveries.getEntityManager());
        // The two set-based statements run first, on the session's connection and before any entity is touched.
        List<DeliveryAttempt> log = new ArrayList<>(results.size());
        List<WebhookDeliveryRepository.Success> successes = new ArrayList<>();
        for (DeliveryResult result : results) {
            if (result.sent()) {
                log.add(attempt(result, now));
                if (result.outcome().success()) {
                    successes.add(new WebhookDeliveryRepository.Success(result.job().deliveryId(), result.job().manual(),
                            result.outcome().status(), result.outcome().attemptedAt()));
                }
            }
        }
        attempts.finishAll(log);
        Set<String> delivered = deliveries.markDeliveredIfLockedBy(replica, successes, now);

        // A success ends its endpoint's failure run. The resets are collected and written once, except that a
        // failure of the same endpoint later in the round must see the reset before it counts itself.
        Set<String> resets = new LinkedHashSet<>();
        for (DeliveryResult result : results) {
            DeliveryJob job = result.job();
            MDC.put("deliveryId", job.deliveryId());
            MDC.put("tenantId", job.tenantId());
            traceInMdc(result);
            try {
                if (!result.sent()) {
                    park(job, replica, now);
                } else if (result.outcome().success()) {
                    // Delivered even when the delivery was taken back meanwhile: the receiver has it.
                    decided.add(WebhookAttemptOutcome.DELIVERED);
                    if (delivered.contains(job.deliveryId())) {
                        resets.add(job.endpointId());
                        LOG.debugf("Delivered event %s to endpoint %s: %d in %d ms", job.eventId(), job.endpointId(),
                                result.outcome().status(), result.outcome().durationMs());
                    } else {
                        LOG.debugf("Delivery %s was taken back during the attempt (retry or expired lease); result logged only",
                                job.deliveryId());
                    }
                } else {
                    if (resets.remove(job.endpointId())) {
                        endRuns(List.of(job.endpointId()), now);
                    }
                    decided.add(recordFailure(job, result.outcome(), replica, now));
                }
            } finally {
                MDC.remove("deliveryId");
                MDC.remove("tenantId");
                MDC.remove("traceId");
            }
        }
        endRuns(resets, now);
        return decided;
    }

    /**
     * Ends the failure runs of endpoints that answered: their waiting retries become due now (spread), and a
     * tenant told the endpoint was failing is told it recovered.
     */
    private void endRuns(java.util.Collection<String> endpointIds, Instant now) {
        for (WebhookEndpointRepository.EndedRun run : endpoints.recordSuccessAcrossTenants(endpointIds)) {
            int pulled = deliveries.pullForwardForEndpointAcrossTenants(run.endpointId(), now, config.recoverySpread());
            if (run.failureEventSent()) {
                endpointEvents.recovered(run.tenantId(), run.endpointId(), run.failures());
            }
            if (run.failureEventSent() || pulled > 0) {
                LOG.infof("Webhook endpoint %s answers again after %d failed attempts; %d waiting retries sent now",
                        run.endpointId(), run.failures(), pulled);
            }
        }
    }

    /** The outcome of the attempt row the claim wrote for this job. */
    private static DeliveryAttempt attempt(DeliveryResult result, Instant now) {
        DeliveryJob job = result.job();
        DeliveryOutcome outcome = result.outcome();
        DeliveryAttempt attempt = new DeliveryAttempt();
        attempt.traceId = result.traceId();
        attempt.id = job.attemptId();
        attempt.statusCode = outcome.status();
        attempt.error = outcome.error();
        attempt.durationMs = outcome.durationMs();
        attempt.responseBody = outcome.responseBody();
        attempt.attemptedAt = outcome.attemptedAt();
        attempt.finishedAt = now;
        return attempt;
    }

    /** A scheduled attempt for an endpoint disabled since the delivery was queued: no request, the delivery is parked. */
    private void park(DeliveryJob job, String replica, Instant now) {
        deliveries.findLockedBy(job.deliveryId(), replica).ifPresent(d -> {
            d.state = DeliveryState.ENDPOINT_DISABLED.wireName();
            release(d, now);
        });
    }

    private WebhookAttemptOutcome recordFailure(DeliveryJob job, DeliveryOutcome outcome, String replica, Instant now) {
        Optional<WebhookDelivery> held = deliveries.findLockedBy(job.deliveryId(), replica);
        if (held.isEmpty()) {
            LOG.debugf("Delivery %s was taken back during the attempt (retry or expired lease); result logged only",
                    job.deliveryId());
            return WebhookAttemptOutcome.SUPERSEDED;
        }
        WebhookDelivery d = held.get();
        d.attempts++;
        if (!job.manual()) {
            d.scheduledAttempts++;
        }
        d.manual = false;
        d.lastStatus = outcome.status();
        d.lastError = outcome.error();
        d.lastAttemptAt = outcome.attemptedAt();

        String what = outcome.status() != null ? "HTTP " + outcome.status() : outcome.error();
        if (outcome.gone()) {
            d.state = DeliveryState.ENDPOINT_DISABLED.wireName();
            release(d, now);
            disable(job, "gone", now, "it answered 410 Gone");
            return WebhookAttemptOutcome.ENDPOINT_DISABLED;
        }
        WebhookEndpointRepository.FailureRun run = endpoints.recordFailureAcrossTenants(job.endpointId(), now);
        if (run.failures() == config.failingEventAfter()) {
            endpoints.markFailureEventSentAcrossTenants(job.endpointId());
            endpointEvents.failing(job.tenantId(), job.endpointId(), run.failures(), run.since(), what);
            LOG.warnf("Webhook endpoint %s has failed %d attempts in a row since %s (last: %s); the tenant gets endpoint.failing",
                    job.endpointId(), run.failures(), run.since(), what);
        }
        if (run.failures() >= config.disableAfterFailures()
                && !Duration.between(run.since(), now).minus(config.disableAfterFailingFor()).isNegative()) {
            d.state = DeliveryState.ENDPOINT_DISABLED.wireName();
            release(d, now);
            disable(job, "failing", now, run.failures() + " consecutive failed attempts since " + run.since());
            return WebhookAttemptOutcome.ENDPOINT_DISABLED;
        }
        Optional<Instant> next = retryPolicy.nextAttempt(d.scheduledAttempts, retryPolicy.retryAfter(outcome.retryAfter(), now),
                now);
        if (next.isPresent()) {
            d.state = DeliveryState.PENDING.wireName();
            release(d, now);
            d.nextAttemptAt = next.get();
            LOG.warnf("Webhook attempt %d of event %s to endpoint %s failed (%s) after %d ms; next attempt at %s", d.attempts,
                    job.eventId(), job.endpointId(), what, outcome.durationMs(), d.nextAttemptAt);
            return WebhookAttemptOutcome.RETRYING;
        } else {
            d.state = DeliveryState.FAILED.wireName();
            release(d, now);
            LOG.warnf("Webhook delivery of event %s to endpoint %s failed for good after %d attempts (last: %s)",
                    job.eventId(), job.endpointId(), d.attempts, what);
            return WebhookAttemptOutcome.GAVE_UP;
        }
    }

    private void disable(DeliveryJob job, String reason, Instant now, String why) {
        // Later results of this round for the endpoint must find their rows parked, as they would have when each
        // result had its own transaction: write this round's entity changes before the bulk update.
        deliveries.flush();
        if (endpoints.disableAcrossTenants(job.endpointId(), reason, now)) {
            int parked = deliveries.disableOpenForEndpoint(job.endpointId(), now);
            endpointEvents.disabled(job.tenantId(), job.endpointId(), reason);
            LOG.warnf("Webhook endpoint %s disabled: %s; %d open deliveries set endpoint_disabled (recover them after "
                    + "re-enabling)", job.endpointId(), why, parked);
        }
    }

    private static void release(WebhookDelivery d, Instant now) {
        d.lockedBy = null;
        d.lockedUntil = null;
        d.nextAttemptAt = null;
        d.updatedAt = now;
    }
}
