package io.dialgate.gateway.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dialgate.gateway.common.Ids;
import io.dialgate.gateway.metrics.GatewayMetrics;
import io.dialgate.gateway.tracing.GatewayTracer;
import io.dialgate.gateway.tracing.TraceContext;
import io.dialgate.gateway.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;

/**
 * Appends events. Must run inside the caller's transaction (the one that stores the new state),
 * so state, events and their webhook deliveries commit or roll back together.
 *
 * <p>In a batch of appends ({@link AppendBatch}) the events are inserted together, in one statement, before their
 * deliveries; a single append persists its event at once.
 *
 * <p>Each event gets a span of its own ({@code event <type>}), a child of whatever is current (the poll answer
 * that produced it); its trace context is stored with the event, and its deliveries' attempts are children of it.
 */
@ApplicationScoped
public class EventService {

    private final EventRepository events;
    private final jakarta.enterprise.event.Event<EventAppended> appended;
    private final Clock clock;
    private final GatewayMetrics metrics;
    private final Tracer tracer;
    private final AppendBatch batch;

    public EventService(EventRepository events, jakarta.enterprise.event.Event<EventAppended> appended, Clock clock,
            GatewayMetrics metrics, GatewayTracer tracer, AppendBatch batch) {
        this.batch = batch;
        this.tracer = tracer.get();
        this.metrics = metrics;
        this.events = events;
        this.appended = appended;
        this.clock = clock;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public io.dialgate.gateway.event.Event append(String tenantId, String userId, String pbxHostId, EventType type, long sequence,
            Instant occurredAt, ObjectNode data) {
        io.dialgate.gateway.event.Event event = new io.dialgate.gateway.event.Event();
        event.id = Ids.next("evt", clock);
        event.tenantId = tenantId;
        event.userId = userId;
        event.pbxHostId = pbxHostId;
        event.type = type.wireName();
        event.sequence = sequence;
        event.occurredAt = occurredAt;
        event.data = data;
        event.createdAt = clock.instant();
        Span span = tracer.spanBuilder("event " + event.type)
                .setAttribute(Tracing.EVENT_ID, event.id)
                .setAttribute(Tracing.EVENT_TYPE, event.type)
                .setAttribute(Tracing.TENANT_ID, tenantId)
                .startSpan();
        event.traceparent = TraceContext.of(span);
        span.end();
        batch.write("events", event, events::insertAll, events::persist);
        appended.fire(new EventAppended(event));
        metrics.recordEvent(event.type);
        return event;
    }
}
