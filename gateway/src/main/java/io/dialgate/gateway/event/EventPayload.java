package io.dialgate.gateway.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The public shape of an event, used by webhooks, the feed and the SSE stream alike:
 * {@code {id, type, occurredAt, tenantId, userId, pbxHostId, sequence, data}}.
 */
public record EventPayload(String id,
        @Schema(description = "The event type", example = "call.ringing",
                extensions = @Extension(name = EventTypeSchemaFilter.MARKER, value = "true")) String type,
        Instant occurredAt, String tenantId, String userId, String pbxHostId, long sequence, ObjectNode data) {

    public static EventPayload of(Event e) {
        return new EventPayload(e.id, e.type, e.occurredAt, e.tenantId, e.userId, e.pbxHostId, e.sequence, e.data);
    }
}
