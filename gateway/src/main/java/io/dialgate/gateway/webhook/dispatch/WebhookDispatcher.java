package io.dialgate.gateway.webhook.dispatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dialgate.gateway.common.Ids;
import io.dialgate.gateway.common.ReplicaName;
import io.dialgate.gateway.event.Event;
import io.dialgate.gateway.event.EventPayload;
import io.dialgate.gateway.event.EventRepository;
import io.dialgate.gateway.tracing.TraceContext;
import io.dialgate.gateway.webhook.DeliveryAttempt;
import io.dialgate.gateway.webhook.DeliveryAttemptRepository;
import io.dialgate.gateway.webhook.WebhookConfig;
import io.dialgate.gateway.webhook.WebhookDeliveryRepository;
import io.dialgate.gateway.webhook.WebhookEndpoint;
import io.dialgate.gateway.webhook.WebhookEndpointRepository;
import io.dialgate.gateway.webhook.WebhookService;
import io.opentelemetry.api.trace.Span;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Sends due webhook deliveries in three steps that a driver can overlap: {@link #claim}
 * locks due deliveries with SKIP LOCKED and commits, reading what sending needs; {@link #start} sends one
 * with no transaction open and no thread held while it is in flight; {@link #record} writes a round of
 * results back in one short transaction guarded by {@code locked_by}. Delivery is at least once: a crash
 * between send and write-back resends after the lease.
 *
 * <p>{@link #runOnce()} does the three in sequence and waits for every attempt it started, which is what
 * tests call; {@link WebhookDispatcherWorker} pipelines them instead, claiming more while attempts are in
 * flight.
 */
@ApplicationScoped
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);

    private final WebhookDeliveryRepository deliveries;
    private final WebhookEndpointRepository endpoints;
    private final EventRepository events;
    private final WebhookService service;
    private final WebhookSender sender;
    private final DeliveryRecorder recorder;
    private final DeliveryAttemptRepository attempts;
    private final DispatcherHeartbeat heartbeat;
    private final AttemptTracer tracer;
    private final WebhookConfig config;
    private final ObjectMapper json;
    private final Clock clock;
    private final String replica;

    public WebhookDispatcher(WebhookDeliveryRepository deliveries, WebhookEndpointRepository endpoints, EventRepository events,
            WebhookService service, WebhookSender sender, DeliveryRecorder recorder, DeliveryAttemptRepository attempts,
            DispatcherHeartbeat heartbeat, WebhookConfig config, ObjectMapper json, Clock clock, AttemptTracer tracer) {
        this.tracer = tracer;
        this.attempts = attempts;
        this.heartbeat = heartbeat;
        this.deliveries = deliveries;
        this.endpoints = endpoints;
        this.events = events;
        this.service = service;
        this.sender = sender;
        this.recorder = recorder;
        this.config = config;
        this.json = json;
        this.clock = clock;
        this.replica = ReplicaName.ofThisProcess();
    }

    /** This replica's name in {@code locked_by}. */
    public String replica() {
        return replica;
    }

    /**
     * Claims one batch of due deliveries (at most {@code batch-size} and {@code concurrency}), sends them all,
     * waits for every attempt and records the results in one transaction; returns how many were claimed.
     * Everything it claimed is settled when it returns.
     */
    public int runOnce() {
        heartbeat.beatIfDue(replica);
        List<DeliveryJob> jobs = claim(Math.min(config.dispatcher().batchSize(), config.dispatcher().concurrency()));
        if (jobs.isEmpty()) {
            return 0;
        }
        Queue<DeliveryResult> results = new ConcurrentLinkedQueue<>();
        CompletableFuture<?>[] running = jobs.stream().map(job -> start(job, results::add)).toArray(CompletableFuture[]::new);
        CompletableFuture.allOf(running).join();
        record(new ArrayList<>(results));
        return jobs.size();
    }

    /** Locks up to {@code limit} due deliveries for this replica in a transaction of its own, and returns them ready to send. */
    List<DeliveryJob> claim(int limit) {
        return QuarkusTransaction.requiringNew().call(() -> claimInTransaction(limit));
    }

    private List<DeliveryJob> claimInTransaction(int limit) {
        Instant now = clock.instant();
        List<WebhookDeliveryRepository.Claimed> claimed = deliveries.claimDueDeliveries(replica, now, config.dispatcher().lease(),
                limit, config.endpointMaxInFlight());
        if (claimed.isEmpty()) {
            return List.of();
        }
        // One query each for the batch's endpoints and events, and each endpoint's secrets opened once.
        Map<String, WebhookEndpoint> endpointsById = new HashMap<>();
        endpoints.byIdsAcrossTenants(claimed.stream().map(WebhookDeliveryRepository.Claimed::endpointId).distinct().toList())
                .forEach(e -> endpointsById.put(e.id, e));
        Map<String, Event> eventsById = new HashMap<>();
        events.byIdsAcrossTenants(claimed.stream().map(WebhookDeliveryRepository.Claimed::eventId).distinct().toList())
                .forEach(e -> eventsById.put(e.id, e));
        Map<String, List<String>> secretsByEndpoint = new HashMap<>();
        List<DeliveryJob> jobs = new ArrayList<>(claimed.size());
        List<DeliveryAttempt> started = new ArrayList<>(claimed.size());
        for (WebhookDeliveryRepository.Claimed d : claimed) {
            WebhookEndpoint e = endpointsById.get(d.endpointId());
            Event event = eventsById.get(d.eventId());
            if (e == null || event == null) {
                continue; // deleted since the claim's snapshot; the cascade removes the delivery
            }
            List<String> secrets = secretsByEndpoint.computeIfAbsent(e.id, id -> service.signingSecrets(e, now));
            boolean parked = !e.enabled && !d.manual();
            String attemptId = null;
            if (!parked) {
                DeliveryAttempt attempt = DeliveryAttempt.startedAt(Ids.next("att", clock), d.tenantId(), d.id(), d.manual(), now);
                started.add(attempt);
                attemptId = attempt.id;
            }
            jobs.add(new DeliveryJob(d.id(), d.tenantId(), e.id, d.eventId(), d.manual(), e.enabled, e.url, secrets, body(event),
                    attemptId, e.rateLimit, d.traceparent()));
        }
        // Written before any request leaves: a send whose outcome is lost still shows in the history.
        attempts.insertAll(started);
        return jobs;
    }

    private String body(Event event) {
        try {
            return json.writeValueAsString(EventPayload.of(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event " + event.id + " cannot be serialised", e);
        }
    }

    /**
     * Starts one claimed delivery and hands its result to {@code done} when the attempt is over (at once for
     * a parked one). The returned future completes after {@code done} ran, normally even when the attempt
     * crashed: then there is no result, the crash is logged and the delivery is resent when its lease expires.
     */
    CompletableFuture<Void> start(DeliveryJob job, Consumer<DeliveryResult> done) {
        CompletableFuture<DeliveryResult> attempt;
        Span span;
        if (job.parked()) {
            span = null;
            attempt = CompletableFuture.completedFuture(DeliveryResult.parked(job));
        } else {
            span = tracer.start(job);
            attempt = sender.send(job, span).thenApply(outcome -> {
                tracer.finish(span, outcome);
                return new DeliveryResult(job, outcome, TraceContext.traceId(span));
            });
        }
        return attempt.handle((result, failure) -> {
            if (failure != null) {
                if (span != null) {
                    tracer.crashed(span, failure);
                }
                MDC.put("deliveryId", job.deliveryId());
                MDC.put("tenantId", job.tenantId());
                try {
                    LOG.errorf(failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure,
                            "Webhook delivery %s could not be processed; it is retried when its lease expires", job.deliveryId());
                } finally {
                    MDC.remove("deliveryId");
                    MDC.remove("tenantId");
                }
                return null;
            }
            done.accept(result);
            return null;
        });
    }

    /**
     * Writes a round of results back in one transaction, in the order their attempts completed; false when the
     * database could not be reached, and then the caller keeps the results and writes them again later.
     */
    boolean record(List<DeliveryResult> results) {
        return recorder.record(replica, results);
    }

    /** Beats for this replica and takes back the claims of replicas that stopped beating, when each is due. */
    void keepClaimsAlive() {
        heartbeat.beatIfDue(replica);
        heartbeat.reclaimOrphansIfDue();
    }

    /** Forgets this replica's heartbeat on a clean stop, so another replica takes anything left at once. */
    void leave() {
        heartbeat.forget(replica);
    }
}
