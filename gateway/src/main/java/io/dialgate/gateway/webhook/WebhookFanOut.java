package io.dialgate.gateway.webhook;

import io.dialgate.gateway.common.Ids;
import io.dialgate.gateway.event.AppendBatch;
import io.dialgate.gateway.event.Event;
import io.dialgate.gateway.event.EventAppended;
import io.dialgate.gateway.event.EventType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Turns each appended event into one delivery per matching endpoint of its tenant: pending for an enabled
 * endpoint, {@code endpoint_disabled} for a disabled one, so that recovering the endpoint later delivers every
 * event it missed, in order. An event about an endpoint ({@code endpoint.*}) goes to the tenant's other
 * endpoints only; a {@code webhook.test} event to the endpoint it names only.
 * Runs synchronously inside the transaction that appends the event, so an event and its deliveries
 * commit or roll back together (the outbox pattern): no event is lost between commit and dispatch.
 */
@ApplicationScoped
public class WebhookFanOut {

    private final WebhookEndpointRepository endpoints;
    private final WebhookDeliveryRepository deliveries;
    private final WebhookConfig config;
    private final Clock clock;
    private final AppendBatch batch;

    public WebhookFanOut(WebhookEndpointRepository endpoints, WebhookDeliveryRepository deliveries, WebhookConfig config,
            Clock clock, AppendBatch batch) {
        this.batch = batch;
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.config = config;
        this.clock = clock;
    }

    void onAppended(@Observes EventAppended appended) {
        // In a batch of appends (poll answers recorded together), the deliveries are written after all the events,
        // all in one statement, and the tenant's endpoints are read once.
        batch.atEnd(() -> fanOut(appended.event()));
    }

    private void fanOut(Event event) {
        Instant now = clock.instant();
        String subject = EventType.isEndpointEvent(event.type) ? event.data.path("webhookId").asText(null) : null;
        String testTarget = EventType.WEBHOOK_TEST.wireName().equals(event.type) ? event.data.path("webhookId").asText(null) : null;
        List<WebhookEndpoint> tenantEndpoints = batch.readOnce("webhook-endpoints:" + event.tenantId,
                () -> endpoints.allForTenant(event.tenantId));
        for (WebhookEndpoint endpoint : tenantEndpoints) {
            boolean wanted = testTarget != null ? endpoint.id.equals(testTarget) : endpoint.accepts(event.type);
            if (!wanted || endpoint.id.equals(subject)) {
                continue;
            }
            WebhookDelivery delivery = new WebhookDelivery();
            delivery.id = Ids.next("dlv", clock);
            delivery.tenantId = event.tenantId;
            delivery.endpointId = endpoint.id;
            delivery.eventId = event.id;
            delivery.eventType = event.type;
            delivery.orderingKey = orderingKey(event);
            delivery.sequence = event.sequence;
            delivery.traceparent = event.traceparent;
            if (endpoint.enabled) {
                delivery.state = DeliveryState.PENDING.wireName();
                delivery.nextAttemptAt = now.plus(config.retrySchedule().get(0));
            } else {
                delivery.state = DeliveryState.ENDPOINT_DISABLED.wireName();
            }
            delivery.createdAt = now;
            delivery.updatedAt = now;
            batch.write("webhook-deliveries", delivery, deliveries::insertAll, deliveries::persist);
        }
    }

    /** Events are ordered per user; host events (no user) per host; endpoint events per endpoint; anything else stands alone. */
    static String orderingKey(Event event) {
        if (event.userId != null) {
            return event.userId;
        }
        if (event.pbxHostId != null) {
            return event.pbxHostId;
        }
        return EventType.isEndpointEvent(event.type) || EventType.WEBHOOK_TEST.wireName().equals(event.type)
                ? event.data.path("webhookId").asText(event.id) : event.id;
    }
}
