package io.dialgate.gateway.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dialgate.gateway.common.Ids;
import io.dialgate.gateway.event.Event;
import io.dialgate.gateway.event.EventPayload;
import io.dialgate.gateway.event.EventRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Sends due webhook deliveries (STYLE 13 and 14). {@link #runOnce()} claims a batch with SKIP LOCKED and
 * commits, sends the batch in parallel with no transaction open, then writes each result back in its own
 * short transaction, guarded by {@code locked_by} so a delivery taken back (manual retry, expired lease)
 * is not overwritten. Delivery is at least once: a crash between send and write-back resends after the lease.
 */
@ApplicationScoped
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);
    static final String USER_AGENT = "Dialgate-Webhooks/1.0";

    private final WebhookDeliveryRepository deliveries;
    private final WebhookEndpointRepository endpoints;
    private final DeliveryAttemptRepository attempts;
    private final EventRepository events;
    private final WebhookService service;
    private final WebhookUrlValidator urlValidator;
    private final RetryPolicy retryPolicy;
    private final WebhookConfig config;
    private final ObjectMapper json;
    private final Clock clock;
    private final String replica;
    private final ExecutorService senders;
    private final HttpClient http;
    private final io.dialgate.gateway.metrics.GatewayMetrics metrics;

    public WebhookDispatcher(WebhookDeliveryRepository deliveries, WebhookEndpointRepository endpoints,
            DeliveryAttemptRepository attempts, EventRepository events, WebhookService service,
            WebhookUrlValidator urlValidator, RetryPolicy retryPolicy, WebhookConfig config, ObjectMapper json, Clock clock, io.dialgate.gateway.metrics.GatewayMetrics metrics) {
        this.metrics = metrics;
        this.deliveries = deliveries;
        this.endpoints = endpoints;
        this.attempts = attempts;
        this.events = events;
        this.service = service;
        this.urlValidator = urlValidator;
        this.retryPolicy = retryPolicy;
        this.config = config;
        this.json = json;
        this.clock = clock;
        this.replica = replicaName();
        AtomicInteger threads = new AtomicInteger();
        this.senders = Executors.newFixedThreadPool(config.dispatcher().concurrency(), r -> {
            Thread t = new Thread(r, "webhook-sender-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(config.timeout())
                .build(); // its own executor: the senders block in send(), so sharing theirs could starve it
    }

    @PreDestroy
    void close() {
        senders.shutdownNow();
    }

    /** This replica's name in {@code locked_by}. */
    public String replica() {
        return replica;
    }

    /** What one claimed delivery needs for sending, read in the claim transaction. */
    record Job(String deliveryId, String tenantId, String endpointId, String eventId, boolean manual, boolean endpointEnabled,
            String url, List<String> secrets, String body) {
        @Override
        public String toString() {
            return "Job[" + deliveryId + "]";
        }
    }

    /** The result of one HTTP attempt; {@code status} is null when no response arrived. */
    record Outcome(Integer status, String error, int durationMs, String responseBody, String retryAfter, Instant attemptedAt) {
        boolean success() {
            return status != null && status >= 200 && status < 300;
        }
    }

    /** Claims, sends and records one batch of due deliveries; returns how many were claimed. */
    public int runOnce() {
        List<Job> jobs = QuarkusTransaction.requiringNew().call(this::claim);
        if (jobs.isEmpty()) {
            return 0;
        }
        List<Future<?>> running = new ArrayList<>(jobs.size());
        for (Job job : jobs) {
            running.add(senders.submit(() -> process(job)));
        }
        for (Future<?> future : running) {
            try {
                future.get();
            } catch (ExecutionException e) {
                LOG.error("Webhook delivery crashed; it is retried when its lease expires", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return jobs.size();
    }

    private List<Job> claim() {
        Instant now = clock.instant();
        List<WebhookDelivery> claimed = deliveries.claimDueDeliveries(replica, now, config.dispatcher().lease(),
                config.dispatcher().batchSize());
        if (claimed.isEmpty()) {
            return List.of();
        }
        // One query each for the batch's endpoints and events, and each endpoint's secrets opened once.
        Map<String, WebhookEndpoint> endpointsById = new HashMap<>();
        endpoints.list("id in ?1", claimed.stream().map(d -> d.endpointId).distinct().toList())
                .forEach(e -> endpointsById.put(e.id, e));
        Map<String, Event> eventsById = new HashMap<>();
        events.list("id in ?1", claimed.stream().map(d -> d.eventId).distinct().toList()).forEach(e -> eventsById.put(e.id, e));
        Map<String, List<String>> secretsByEndpoint = new HashMap<>();
        List<Job> jobs = new ArrayList<>(claimed.size());
        for (WebhookDelivery d : claimed) {
            WebhookEndpoint e = endpointsById.get(d.endpointId);
            Event event = eventsById.get(d.eventId);
            if (e == null || event == null) {
                continue; // deleted since the claim's snapshot; the cascade removes the delivery
            }
            List<String> secrets = secretsByEndpoint.computeIfAbsent(e.id, id -> service.signingSecrets(e, now));
            jobs.add(new Job(d.id, d.tenantId, e.id, d.eventId, d.manual, e.enabled, e.url, secrets, body(event)));
        }
        return jobs;
    }

    private String body(Event event) {
        try {
            return json.writeValueAsString(EventPayload.of(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event " + event.id + " cannot be serialised", e);
        }
    }

    private void process(Job job) {
        MDC.put("deliveryId", job.deliveryId());
        MDC.put("tenantId", job.tenantId());
        try {
            if (!job.endpointEnabled() && !job.manual()) {
                QuarkusTransaction.requiringNew().run(() -> deliveries.findLockedBy(job.deliveryId(), replica).ifPresent(d -> {
                    d.state = DeliveryState.ENDPOINT_DISABLED.wireName();
                    release(d, clock.instant());
                }));
                return;
            }
            Outcome outcome = send(job);
            QuarkusTransaction.requiringNew().run(() -> record(job, outcome));
            metrics.recordDelivery(outcome.success() ? "delivered"
                    : outcome.status() != null && outcome.status() == 410 ? "gone" : "failed_attempt");
        } catch (RuntimeException e) {
            LOG.errorf(e, "Webhook delivery %s could not be processed; it is retried when its lease expires", job.deliveryId());
        } finally {
            MDC.remove("deliveryId");
            MDC.remove("tenantId");
        }
    }

    Outcome send(Job job) {
        Instant attemptedAt = clock.instant();
        long started = System.nanoTime();
        URI uri = URI.create(job.url());
        Optional<String> refusal = urlValidator.refusalAtDelivery(uri);
        if (refusal.isPresent()) {
            return new Outcome(null, "refused: " + refusal.get(), 0, null, null, attemptedAt);
        }
        long timestamp = attemptedAt.getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(config.timeout())
                .header("content-type", "application/json")
                .header("user-agent", USER_AGENT)
                .header("webhook-id", job.eventId())
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", WebhookSigner.signAll(job.secrets(), job.eventId(), timestamp, job.body()))
                .POST(HttpRequest.BodyPublishers.ofString(job.body(), StandardCharsets.UTF_8))
                .build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            String body;
            try (InputStream in = response.body()) {
                body = new String(in.readNBytes(config.responseBodyLimit()), StandardCharsets.UTF_8);
            }
            return new Outcome(response.statusCode(), null, millisSince(started), body,
                    response.headers().firstValue("retry-after").orElse(null), attemptedAt);
        } catch (HttpTimeoutException e) {
            return new Outcome(null, "timeout after " + config.timeout().toMillis() + " ms", millisSince(started), null, null,
                    attemptedAt);
        } catch (IOException e) {
            return new Outcome(null, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()),
                    millisSince(started), null, null, attemptedAt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(null, "interrupted (shutdown)", millisSince(started), null, null, attemptedAt);
        }
    }

    private void record(Job job, Outcome outcome) {
        Instant now = clock.instant();
        DeliveryAttempt attempt = new DeliveryAttempt();
        attempt.id = Ids.next("att", clock);
        attempt.tenantId = job.tenantId();
        attempt.deliveryId = job.deliveryId();
        attempt.trigger = job.manual() ? DeliveryAttempt.MANUAL : DeliveryAttempt.SCHEDULED;
        attempt.statusCode = outcome.status();
        attempt.error = outcome.error();
        attempt.durationMs = outcome.durationMs();
        attempt.responseBody = outcome.responseBody();
        attempt.attemptedAt = outcome.attemptedAt();
        attempt.createdAt = now;
        attempts.persist(attempt);

        if (outcome.success()) {
            // The common case in one statement rather than a read and an entity update.
            if (deliveries.markDeliveredIfLockedBy(job.deliveryId(), replica, job.manual(), outcome.status(),
                    outcome.attemptedAt(), now) == 0) {
                LOG.debugf("Delivery %s was taken back during the attempt (retry or expired lease); result logged only",
                        job.deliveryId());
                return;
            }
            endpoints.recordSuccessAcrossTenants(job.endpointId());
            LOG.debugf("Delivered event %s to endpoint %s: %d in %d ms", job.eventId(), job.endpointId(), outcome.status(),
                    outcome.durationMs());
            return;
        }
        Optional<WebhookDelivery> held = deliveries.findLockedBy(job.deliveryId(), replica);
        if (held.isEmpty()) {
            LOG.debugf("Delivery %s was taken back during the attempt (retry or expired lease); result logged only",
                    job.deliveryId());
            return;
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
        if (outcome.status() != null && outcome.status() == 410) {
            d.state = DeliveryState.ENDPOINT_DISABLED.wireName();
            release(d, now);
            disable(job, "gone", now, "it answered 410 Gone");
            return;
        }
        WebhookEndpointRepository.FailureRun run = endpoints.recordFailureAcrossTenants(job.endpointId(), now);
        if (run.failures() >= config.disableAfterFailures()
                && !Duration.between(run.since(), now).minus(config.disableAfterFailingFor()).isNegative()) {
            d.state = DeliveryState.ENDPOINT_DISABLED.wireName();
            release(d, now);
            disable(job, "failing", now, run.failures() + " consecutive failed attempts since " + run.since());
            return;
        }
        Optional<Instant> next = retryPolicy.nextAttempt(d.scheduledAttempts, retryPolicy.retryAfter(outcome.retryAfter(), now),
                now);
        if (next.isPresent()) {
            d.state = DeliveryState.PENDING.wireName();
            release(d, now);
            d.nextAttemptAt = next.get();
            LOG.warnf("Webhook attempt %d of event %s to endpoint %s failed (%s) after %d ms; next attempt at %s", d.attempts,
                    job.eventId(), job.endpointId(), what, outcome.durationMs(), d.nextAttemptAt);
        } else {
            d.state = DeliveryState.FAILED.wireName();
            release(d, now);
            LOG.warnf("Webhook delivery of event %s to endpoint %s failed for good after %d attempts (last: %s)",
                    job.eventId(), job.endpointId(), d.attempts, what);
        }
    }

    private void disable(Job job, String reason, Instant now, String why) {
        if (endpoints.disableAcrossTenants(job.endpointId(), reason, now)) {
            int parked = deliveries.disableOpenForEndpoint(job.endpointId(), now);
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

    private static int millisSince(long startedNanos) {
        return (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - startedNanos) / 1_000_000);
    }

    private static String replicaName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "replica";
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
