package io.dialgate.gateway.webhook;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dialgate.gateway.event.EventService;
import io.dialgate.gateway.event.EventType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;

/**
 * Tells a tenant about its own webhook endpoints, as events in its feed and on its other endpoints:
 * {@code endpoint.failing} after a run of failed attempts, {@code endpoint.disabled} and
 * {@code endpoint.recovered} when a failing endpoint answers again. They run in the transaction that records
 * the change, so the event exists exactly when the change does. Each endpoint numbers its own events, so
 * receivers can order them.
 */
@ApplicationScoped
public class EndpointEvents {

    private final EventService events;
    private final WebhookEndpointRepository endpoints;
    private final Clock clock;

    public EndpointEvents(EventService events, WebhookEndpointRepository endpoints, Clock clock) {
        this.events = events;
        this.endpoints = endpoints;
        this.clock = clock;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void failing(String tenantId, String endpointId, int failures, Instant since, String lastError) {
        ObjectNode data = data(endpointId).put("failures", failures).put("failingSince", since.toString());
        if (lastError != null) {
            data.put("lastError", lastError);
        }
        append(tenantId, endpointId, EventType.ENDPOINT_FAILING, data);
    }

    /** {@code reason}: {@code gone} (it answered 410), {@code failing} (failure run too long) or {@code manual}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void disabled(String tenantId, String endpointId, String reason) {
        append(tenantId, endpointId, EventType.ENDPOINT_DISABLED, data(endpointId).put("reason", reason));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void recovered(String tenantId, String endpointId, int failures) {
        append(tenantId, endpointId, EventType.ENDPOINT_RECOVERED, data(endpointId).put("failures", failures));
    }

    /**
     * A {@code webhook.test} event for one endpoint, asked for by a person: it goes to that endpoint alone, whatever
     * event types it subscribes to, and shows in the feed like any other event.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public io.dialgate.gateway.event.Event test(String tenantId, String endpointId) {
        return append(tenantId, endpointId, EventType.WEBHOOK_TEST, data(endpointId)
                .put("message", "A test event sent from the Dialgate API"));
    }

    private static ObjectNode data(String endpointId) {
        return JsonNodeFactory.instance.objectNode().put("webhookId", endpointId);
    }

    private io.dialgate.gateway.event.Event append(String tenantId, String endpointId, EventType type, ObjectNode data) {
        long sequence = endpoints.nextEventSequenceAcrossTenants(endpointId);
        return events.append(tenantId, null, null, type, sequence, clock.instant(), data);
    }
}
