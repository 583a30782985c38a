package io.dialgate.gateway.webhook;

import io.dialgate.gateway.common.DialgateException;
import io.dialgate.gateway.common.Errors;
import io.dialgate.gateway.common.Ids;
import io.dialgate.gateway.event.EventType;
import io.dialgate.gateway.event.EventTypeSchemaFilter;
import jakarta.ws.rs.QueryParam;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * The filters and order of the delivery lists ({@code ?state=&eventType=&userId=&from=&to=&order=}); every field
 * is optional. Kept as text and checked in {@link #filter()}, so that a wrong value is a 400 naming the
 * parameter and the accepted values rather than the REST layer's generic conversion error.
 */
public class DeliveryQuery {

    @QueryParam("state")
    @Parameter(description = "Only deliveries in this state", example = "failed",
            schema = @Schema(type = SchemaType.STRING, enumeration = {"pending", "sending", "delivered", "failed", "endpoint_disabled"}))
    public String state;

    @QueryParam("eventType")
    @Parameter(description = "Only deliveries of this event type", example = "call.ringing",
            schema = @Schema(type = SchemaType.STRING,
                    extensions = @Extension(name = EventTypeSchemaFilter.MARKER, value = "true")))
    public String eventType;

    @QueryParam("userId")
    @Parameter(description = "Only deliveries of this user's events", example = "usr_01jd3x4y5z6a7b8c9d0e1f2g3h")
    public String userId;

    @QueryParam("from")
    @Parameter(description = "Only deliveries created at or after this instant (ISO-8601)", example = "2025-01-31T08:00:00Z")
    public String from;

    @QueryParam("to")
    @Parameter(description = "Only deliveries created before this instant (ISO-8601)", example = "2025-01-31T09:00:00Z")
    public String to;

    @QueryParam("order")
    @Parameter(description = "oldest (the default) or newest first; the cursor pages on in the same order", example = "newest",
            schema = @Schema(type = SchemaType.STRING, enumeration = {"oldest", "newest"}, defaultValue = "oldest"))
    public String order;

    /** Checked filter values; absent means no filter. */
    public record Filter(Optional<String> endpointId, Optional<String> state, Optional<String> eventType, Optional<String> userId,
            Optional<Instant> from, Optional<Instant> to, boolean newestFirst) {

        public Filter forEndpoint(String id) {
            return new Filter(Optional.of(id), state, eventType, userId, from, to, newestFirst);
        }
    }

    /** The filter, or a 400 listing every wrong parameter. */
    public Filter filter() {
        List<DialgateException.FieldError> errors = new ArrayList<>();
        if (state != null && Arrays.stream(DeliveryState.values()).noneMatch(s -> s.wireName().equals(state))) {
            errors.add(new DialgateException.FieldError("state", "must be one of " + Arrays.stream(DeliveryState.values())
                    .map(DeliveryState::wireName).collect(Collectors.joining(", "))));
        }
        if (eventType != null && EventType.fromWireName(eventType).isEmpty()) {
            errors.add(new DialgateException.FieldError("eventType", "must be an event type, such as call.ringing"));
        }
        if (userId != null && !Ids.looksLike("usr", userId)) {
            errors.add(new DialgateException.FieldError("userId", "must be a user id"));
        }
        Optional<Instant> fromInstant = instant("from", from, errors);
        Optional<Instant> toInstant = instant("to", to, errors);
        if (order != null && !order.equals("oldest") && !order.equals("newest")) {
            errors.add(new DialgateException.FieldError("order", "must be oldest or newest"));
        }
        if (!errors.isEmpty()) {
            throw new Errors.ValidationException("Invalid delivery filter: " + errors.get(0).field() + " " + errors.get(0).message(),
                    errors);
        }
        return new Filter(Optional.empty(), Optional.ofNullable(state), Optional.ofNullable(eventType), Optional.ofNullable(userId),
                fromInstant, toInstant, "newest".equals(order));
    }

    private static Optional<Instant> instant(String field, String value, List<DialgateException.FieldError> errors) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value));
        } catch (DateTimeParseException e) {
            errors.add(new DialgateException.FieldError(field, "must be an ISO-8601 instant such as 2025-01-31T08:00:00Z"));
            return Optional.empty();
        }
    }
}
