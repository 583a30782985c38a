package io.dialgate.gateway.event;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The event catalogue as data, so a subscriber can build its type filter without reading the docs. */
@Path("/v1/event-types")
@Tag(name = "Events")
@SecurityRequirement(name = "apiKey")
public class EventTypesResource {

    /** One event type; {@code docs} points at its example in docs/events.md. */
    public record EventTypeView(
            @Schema(example = "call.ringing",
                    extensions = @Extension(name = EventTypeSchemaFilter.MARKER, value = "true")) String type,
            @Schema(example = "An inbound or outbound call started ringing on the user's device") String description,
            @Schema(description = "About a user, a PBX host, or one of the tenant's webhook endpoints", enumeration = {"user", "pbx", "endpoint"})
            String subject) {
    }

    public record EventTypeList(List<EventTypeView> data) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List the event types", description = "Every type the feed, the stream and webhooks can carry;"
            + " the names to use in a webhook's eventTypes and the feed's type filter.")
    public EventTypeList list() {
        return new EventTypeList(Arrays.stream(EventType.values())
                .map(t -> new EventTypeView(t.wireName(), t.description(), t.subject())).toList());
    }
}
