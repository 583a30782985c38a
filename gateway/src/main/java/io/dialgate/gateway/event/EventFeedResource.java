package io.dialgate.gateway.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dialgate.gateway.common.Errors;
import io.dialgate.gateway.common.Ids;
import io.dialgate.gateway.common.PageRequest;
import io.dialgate.gateway.common.PageResponse;
import io.dialgate.gateway.common.Problem;
import io.dialgate.gateway.tenant.TenantContext;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.vertx.core.http.HttpServerResponse;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The event feed for browser apps: a cursor-paged list and a resumable SSE stream. The stream reads the
 * database on a timer (Mutiny ticks, no thread per stream), so it carries events produced by any replica.
 */
@Path("/v1/events")
@Tag(name = "Events")
@SecurityRequirement(name = "apiKey")
public class EventFeedResource {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(EventFeedResource.class);

    private static final String CURSOR = "evt_[0-9a-z]{26}";

    private final EventFeedService feed;
    private final EventConfig config;
    private final TenantContext tenant;
    private final ObjectMapper json;
    private final EventStreamHub hub;

    public EventFeedResource(EventFeedService feed, EventConfig config, TenantContext tenant, ObjectMapper json,
            EventStreamHub hub) {
        this.hub = hub;
        this.feed = feed;
        this.config = config;
        this.tenant = tenant;
        this.json = json;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List events after a cursor", description = "In commit order; pass nextCursor as ?after= to go on. "
            + "An event appears once every transaction that began before it has ended, so a cursor never skips one.")
    @APIResponse(responseCode = "200", description = "A page of events")
    public PageResponse<EventPayload> list(@Valid @BeanParam PageRequest page,
            @Parameter(description = "Only this event type", example = "call.ringing", schema = @Schema(
                    extensions = @Extension(name = EventTypeSchemaFilter.MARKER, value = "true")))
            @QueryParam("type") String type,
            @Parameter(description = "Only this user's events") @Pattern(regexp = "usr_[0-9a-z]{26}", message = "must be a user id")
            @QueryParam("userId") String userId) {
        return PageResponse.of(feed.page(tenant.tenantId(), page.afterOrEmpty(), page.limit, eventType(type),
                Optional.ofNullable(userId)), page.limit, e -> e.id, EventPayload::of);
    }

    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking // a Multi would otherwise put the request (and its blocking API-key lookup) on the event loop
    @Operation(summary = "Stream events (Server-Sent Events)",
            description = "Each message has `id` (the event id), `event` (its type) and `data` (the event JSON). "
                    + "Resume with the Last-Event-ID header (or ?after=): the backlog after it comes first, then live "
                    + "events. Without either, only new events are sent. A comment heartbeat keeps the stream open.")
    @APIResponse(responseCode = "200", description = "An endless text/event-stream; it ends when the API key is revoked "
            + "or the tenant suspended", content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS))
    @APIResponse(responseCode = "429", description = "The tenant has its maximum of streams open on this gateway replica")
    public Multi<OutboundSseEvent> stream(@Context Sse sse, @Context HttpServerResponse response,
            @Parameter(description = "Resume after this event id") @HeaderParam("Last-Event-ID") String lastEventId,
            @Parameter(description = "Resume after this event id (when a client cannot set headers)") @QueryParam("after") String after,
            @Parameter(description = "Only this event type", example = "call.ringing", schema = @Schema(
                    extensions = @Extension(name = EventTypeSchemaFilter.MARKER, value = "true")))
            @QueryParam("type") String type,
            @Parameter(description = "Only this user's events") @QueryParam("userId") String userId) {
        String tenantId = tenant.tenantId();
        Optional<String> eventType = eventType(type);
        String resumeFrom = lastEventId != null && !lastEventId.isBlank() ? lastEventId.strip() : after;
        if (resumeFrom != null && !resumeFrom.matches(CURSOR)) {
            throw new Errors.ValidationException("Last-Event-ID", "must be an event id received from this stream");
        }
        if (userId != null && !Ids.looksLike("usr", userId)) {
            throw new Errors.ValidationException("userId", "must be a user id");
        }
        FeedPosition from = resumeFrom != null ? feed.positionOf(tenantId, resumeFrom) : feed.now();
        hub.reserve(tenantId);
        String keyHash = tenant.keyHash();
        // One reader per replica feeds every stream (EventStreamHub); a client too slow for 10,000 waiting events
        // is dropped and resumes with Last-Event-ID.
        Multi<OutboundSseEvent> events = Multi.createFrom().<Object>emitter(emitter -> hub.subscribe(
                        new EventStreamHub.Subscriber(tenantId, keyHash, eventType, Optional.ofNullable(userId), emitter), from),
                        10_000)
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .map(item -> item instanceof Event e
                        ? sse.newEventBuilder().id(e.id).name(e.type).mediaType(MediaType.TEXT_PLAIN_TYPE).data(String.class, body(e)).build()
                        : sse.newEventBuilder().comment("heartbeat").build());
        // The opening comment makes the server send the response headers at once, before any event exists.
        Multi<OutboundSseEvent> hello = Multi.createFrom().item(sse.newEventBuilder().comment("connected").build());
        // A client that went away ends the stream before the next write rather than failing it; a failure of
        // the stream itself is logged here, with the tenant, since the REST layer's own report of it is silenced.
        return Multi.createBy().concatenating().streams(hello, events)
                .select().first(item -> !response.closed())
                .onFailure().invoke(failure -> {
                    if (response.closed()) {
                        LOG.debugf("SSE stream of tenant %s ended: the client went away (%s)", tenantId, failure.toString());
                    } else if (failure instanceof io.smallrye.mutiny.subscription.BackPressureFailure) {
                        LOG.infof("SSE stream of tenant %s closed: the client read too slowly (it resumes with Last-Event-ID)",
                                tenantId);
                    } else {
                        LOG.errorf(failure, "SSE stream of tenant %s failed; the client reconnects with Last-Event-ID", tenantId);
                    }
                })
                .onTermination().invoke(() -> LOG.debugf("SSE stream of tenant %s closed", tenantId));
    }

    private String body(Event e) {
        try {
            return json.writeValueAsString(EventPayload.of(e));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("event " + e.id + " cannot be serialised", ex);
        }
    }

    private static Optional<String> eventType(String type) {
        if (type == null || type.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(EventType.fromWireName(type).orElseThrow(() -> new Errors.ValidationException("type",
                "unknown event type '" + type + "'")).wireName());
    }
}
