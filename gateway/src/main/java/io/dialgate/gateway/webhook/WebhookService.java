package io.dialgate.gateway.webhook;

import io.dialgate.gateway.common.DialgateException;
import io.dialgate.gateway.common.Errors;
import io.dialgate.gateway.common.Ids;
import io.dialgate.gateway.crypto.Sealed;
import io.dialgate.gateway.crypto.SecretCipher;
import io.dialgate.gateway.event.EventType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** A tenant's webhook endpoints and their deliveries: CRUD, secret rotation, retry and recovery. */
@ApplicationScoped
public class WebhookService {

    private final WebhookEndpointRepository endpoints;
    private final WebhookDeliveryRepository deliveries;
    private final DeliveryAttemptRepository attempts;
    private final WebhookUrlValidator urlValidator;
    private final SecretCipher cipher;
    private final WebhookConfig config;
    private final EndpointEvents endpointEvents;
    private final Clock clock;

    public WebhookService(WebhookEndpointRepository endpoints, WebhookDeliveryRepository deliveries,
            DeliveryAttemptRepository attempts, WebhookUrlValidator urlValidator, SecretCipher cipher, WebhookConfig config,
            EndpointEvents endpointEvents, Clock clock) {
        this.endpointEvents = endpointEvents;
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.attempts = attempts;
        this.urlValidator = urlValidator;
        this.cipher = cipher;
        this.config = config;
        this.clock = clock;
    }

    /** An endpoint and its secret in clear: returned only by create and rotate, the two times it is shown. */
    public record WithSecret(WebhookEndpoint endpoint, String secret) {
        @Override
        public String toString() {
            return "WithSecret[" + endpoint.id + "]";
        }
    }

    /** A delivery with its attempts, oldest first. */
    public record DeliveryView(WebhookDelivery delivery, List<DeliveryAttempt> attempts) {
    }

    /** How an endpoint shares the dispatcher: its in-flight cap and rate limit (null: the default, no limit). */
    public record Limits(Integer maxInFlight, Integer rateLimit) {
        public static final Limits DEFAULT = new Limits(null, null);
    }

    @Transactional
    public WithSecret create(String tenantId, String url, List<String> eventTypes, String description, Limits limits) {
        WebhookEndpoint endpoint = new WebhookEndpoint();
        endpoint.id = Ids.next("whk", clock);
        endpoint.tenantId = tenantId;
        endpoint.url = urlValidator.validate(url);
        endpoint.eventTypes = eventTypes(eventTypes);
        endpoint.description = description;
        endpoint.enabled = true;
        endpoint.maxInFlight = limits.maxInFlight();
        endpoint.rateLimit = limits.rateLimit();
        endpoint.createdAt = clock.instant();
        endpoint.updatedAt = endpoint.createdAt;
        String secret = WebhookSigner.newSecret();
        seal(endpoint, secret);
        endpoints.persist(endpoint);
        return new WithSecret(endpoint, secret);
    }

    public List<WebhookEndpoint> list(String tenantId, String after, int limit) {
        return endpoints.pageForTenant(tenantId, after, limit + 1);
    }

    public WebhookEndpoint get(String tenantId, String id) {
        return endpoints.findByIdForTenant(tenantId, id).orElseThrow(() -> new Errors.NotFoundException("webhook", id));
    }

    /**
     * Changes the given fields. Disabling marks the endpoint's open deliveries {@code endpoint_disabled} (and so
     * are those of events while it stays disabled); enabling clears the failure run but re-queues nothing: that
     * is what recover is for. A limit given as 0 goes back to the default (no rate limit).
     */
    @Transactional
    public WebhookEndpoint update(String tenantId, String id, Optional<String> url, Optional<List<String>> eventTypes,
            Optional<String> description, Optional<Boolean> enabled, Optional<Integer> maxInFlight, Optional<Integer> rateLimit) {
        WebhookEndpoint endpoint = get(tenantId, id);
        Instant now = clock.instant();
        url.ifPresent(u -> endpoint.url = urlValidator.validate(u));
        eventTypes.ifPresent(types -> endpoint.eventTypes = eventTypes(types));
        description.ifPresent(d -> endpoint.description = d);
        maxInFlight.ifPresent(n -> endpoint.maxInFlight = n == 0 ? null : n);
        rateLimit.ifPresent(n -> endpoint.rateLimit = n == 0 ? null : n);
        enabled.ifPresent(on -> {
            if (on && !endpoint.enabled) {
                enable(endpoint);
            } else if (!on && endpoint.enabled) {
                endpoint.enabled = false;
                endpoint.disabledReason = "manual";
                deliveries.disableOpenForEndpoint(endpoint.id, now);
                endpointEvents.disabled(tenantId, endpoint.id, "manual");
            }
        });
        endpoint.updatedAt = now;
        return endpoint;
    }

    private static void enable(WebhookEndpoint endpoint) {
        endpoint.enabled = true;
        endpoint.disabledReason = null;
        endpoint.consecutiveFailures = 0;
        endpoint.failingSince = null;
        endpoint.failureEventSent = false;
    }

    @Transactional
    public void delete(String tenantId, String id) {
        endpoints.delete(get(tenantId, id));
    }

    /** A new secret; the old one keeps signing beside it for {@code dialgate.webhook.secret-rotation-overlap}. */
    @Transactional
    public WithSecret rotateSecret(String tenantId, String id) {
        WebhookEndpoint endpoint = get(tenantId, id);
        Instant now = clock.instant();
        endpoint.previousSecretKeyId = endpoint.secretKeyId;
        endpoint.previousSecretCiphertext = endpoint.secretCiphertext;
        endpoint.previousSecretExpiresAt = now.plus(config.secretRotationOverlap());
        String secret = WebhookSigner.newSecret();
        seal(endpoint, secret);
        endpoint.updatedAt = now;
        return new WithSecret(endpoint, secret);
    }

    /** The secrets deliveries are signed with now: the current one, then the previous one during its overlap. */
    public List<String> signingSecrets(WebhookEndpoint endpoint, Instant now) {
        List<String> secrets = new ArrayList<>(2);
        secrets.add(cipher.open(new Sealed(endpoint.secretKeyId, endpoint.secretCiphertext), endpoint.id));
        if (endpoint.previousSecretCiphertext != null && endpoint.previousSecretExpiresAt != null
                && now.isBefore(endpoint.previousSecretExpiresAt)) {
            secrets.add(cipher.open(new Sealed(endpoint.previousSecretKeyId, endpoint.previousSecretCiphertext), endpoint.id));
        }
        return secrets;
    }

    /** Up to {@code limit + 1} deliveries of the endpoint after the cursor that pass the filter, each with its attempts. */
    @Transactional
    public List<DeliveryView> deliveries(String tenantId, String endpointId, DeliveryQuery.Filter filter, String after, int limit) {
        get(tenantId, endpointId);
        return withAttempts(tenantId, deliveries.pageForTenant(tenantId, filter.forEndpoint(endpointId), after, limit + 1));
    }

    /** Up to {@code limit + 1} of the tenant's deliveries (any endpoint) after the cursor that pass the filter. */
    @Transactional
    public List<DeliveryView> deliveries(String tenantId, DeliveryQuery.Filter filter, String after, int limit) {
        filter.endpointId().ifPresent(id -> get(tenantId, id));
        return withAttempts(tenantId, deliveries.pageForTenant(tenantId, filter, after, limit + 1));
    }

    /** One delivery with its attempts. */
    @Transactional
    public DeliveryView delivery(String tenantId, String deliveryId) {
        WebhookDelivery delivery = deliveries.findByIdForTenant(tenantId, deliveryId)
                .orElseThrow(() -> new Errors.NotFoundException("delivery", deliveryId));
        return withAttempts(tenantId, List.of(delivery)).get(0);
    }

    /**
     * Sends a {@code webhook.test} event to the endpoint alone and returns its delivery, which the dispatcher
     * sends like any other (a disabled endpoint's is {@code endpoint_disabled}, as recover would send it).
     */
    @Transactional
    public DeliveryView sendTest(String tenantId, String endpointId) {
        get(tenantId, endpointId);
        io.dialgate.gateway.event.Event event = endpointEvents.test(tenantId, endpointId);
        return deliveries.pageForTenant(tenantId, new DeliveryQuery.Filter(Optional.of(endpointId), Optional.empty(),
                        Optional.of(EventType.WEBHOOK_TEST.wireName()), Optional.empty(), Optional.empty(), Optional.empty(), true),
                        "", 10).stream().filter(d -> d.eventId.equals(event.id)).findFirst()
                .map(d -> new DeliveryView(d, List.of()))
                .orElseThrow(() -> new IllegalStateException("the test event of " + endpointId + " made no delivery"));
    }

    /** An endpoint with the figures of its attempts since {@code since}. */
    public record Health(WebhookEndpoint endpoint, Instant since, DeliveryAttemptRepository.Figures figures) {
    }

    /** The window of an endpoint's health figures: long enough to mean something, short enough to show a recovery. */
    public static final java.time.Duration HEALTH_WINDOW = java.time.Duration.ofHours(1);

    /** The endpoint's state and the figures of its attempts over the last hour. */
    @Transactional
    public Health health(String tenantId, String endpointId) {
        WebhookEndpoint endpoint = get(tenantId, endpointId);
        Instant since = clock.instant().minus(HEALTH_WINDOW);
        return new Health(endpoint, since, attempts.figuresForEndpointForTenant(tenantId, endpointId, since));
    }

    /**
     * Queues one manual attempt now, whatever the state (a delivery being sent is taken back: that
     * attempt is still logged, but its result no longer decides the state). Returns the delivery.
     */
    @Transactional
    public DeliveryView retry(String tenantId, String deliveryId) {
        WebhookDelivery delivery = deliveries.findByIdForTenant(tenantId, deliveryId)
                .orElseThrow(() -> new Errors.NotFoundException("delivery", deliveryId));
        Instant now = clock.instant();
        delivery.state = DeliveryState.PENDING.wireName();
        delivery.manual = true;
        delivery.nextAttemptAt = now;
        delivery.lockedBy = null;
        delivery.lockedUntil = null;
        delivery.updatedAt = now;
        return withAttempts(tenantId, List.of(delivery)).get(0);
    }

    /**
     * Re-queues, with a fresh schedule, every failed or endpoint_disabled delivery of the endpoint created
     * since {@code since}, and enables the endpoint if it was disabled, in one transaction: events that arrive
     * afterwards queue behind the recovered ones, so each user's events go out in order.
     */
    @Transactional
    public int recover(String tenantId, String endpointId, Instant since) {
        WebhookEndpoint endpoint = get(tenantId, endpointId);
        Instant now = clock.instant();
        if (!endpoint.enabled) {
            enable(endpoint);
            endpoint.updatedAt = now;
        }
        return deliveries.requeueForEndpointForTenant(tenantId, endpointId, since, now);
    }

    private List<DeliveryView> withAttempts(String tenantId, List<WebhookDelivery> page) {
        Map<String, List<DeliveryAttempt>> byDelivery = attempts
                .forDeliveriesForTenant(tenantId, page.stream().map(d -> d.id).toList()).stream()
                .collect(Collectors.groupingBy(a -> a.deliveryId));
        return page.stream().map(d -> new DeliveryView(d, byDelivery.getOrDefault(d.id, List.of()))).toList();
    }

    private void seal(WebhookEndpoint endpoint, String secret) {
        Sealed sealed = cipher.seal(secret, endpoint.id);
        endpoint.secretKeyId = sealed.keyId();
        endpoint.secretCiphertext = sealed.ciphertext();
    }

    private static String[] eventTypes(List<String> types) {
        if (types == null) {
            return new String[0];
        }
        List<DialgateException.FieldError> errors = new ArrayList<>();
        LinkedHashSet<String> unique = new LinkedHashSet<>();
        for (int i = 0; i < types.size(); i++) {
            String type = types.get(i);
            if (type == null || EventType.fromWireName(type).isEmpty()) {
                errors.add(new DialgateException.FieldError("eventTypes[" + i + "]", "unknown event type '" + type
                        + "'; known types: " + java.util.Arrays.stream(EventType.values()).map(EventType::wireName)
                                .collect(Collectors.joining(", "))));
            } else {
                unique.add(type);
            }
        }
        if (!errors.isEmpty()) {
            throw new Errors.ValidationException("Invalid eventTypes: unknown event type", errors);
        }
        return unique.toArray(String[]::new);
    }
}
