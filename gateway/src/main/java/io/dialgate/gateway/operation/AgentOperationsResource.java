package io.dialgate.gateway.operation;

import io.dialgate.client.Activity;
import io.dialgate.client.CallRecord;
import io.dialgate.client.PauseState;
import io.dialgate.client.PullData;
import io.dialgate.client.QueueMembership;
import io.dialgate.client.UserSession;
import io.dialgate.gateway.common.Blocking;
import io.dialgate.gateway.common.Errors;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dialgate.gateway.common.Problem;
import io.dialgate.gateway.polling.PolledStateService;
import io.dialgate.gateway.pbx.PbxConfig;
import io.dialgate.gateway.tenant.TenantContext;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Queue, pause and call operations on a user's PBX session, and the user's current state. */
@Path("/v1/users/{userId}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Agent operations")
@SecurityRequirement(name = "apiKey")
@APIResponse(responseCode = "404", description = "No such user, or no such activity visible to the user")
@APIResponse(responseCode = "403", description = "forLogin given, and the user has no rights over that login on the PBX")
@APIResponse(responseCode = "409", description = "The PBX does not allow it (rights or state)")
@APIResponse(responseCode = "422", description = "The PBX refused it (its message is passed on), or the user's token is invalid")
@APIResponse(responseCode = "502", description = "The PBX failed or is unreachable")
@APIResponse(responseCode = "504", description = "The PBX did not answer in time")
public class AgentOperationsResource {

    static final String NAME = "[A-Za-z0-9_.:-]{1,64}";

    private final AgentOperationsService operations;
    private final IdempotentExecutor idempotent;
    private final PlacedCalls placedCalls;
    private final TenantContext tenant;
    private final Clock clock;
    private final ZoneId pbxZone;

    public AgentOperationsResource(AgentOperationsService operations, IdempotentExecutor idempotent, PlacedCalls placedCalls,
            TenantContext tenant, Clock clock, PbxConfig pbx) {
        this.pbxZone = pbx.timeZone();
        this.placedCalls = placedCalls;
        this.operations = operations;
        this.idempotent = idempotent;
        this.tenant = tenant;
        this.clock = clock;
    }

    public record QueueLoginRequest(@Min(0) @Max(100) @Schema(example = "0", description = "Lower rings first; default 0") Integer penalty) {
    }

    public record PauseRequest(@NotBlank @Pattern(regexp = NAME) @Schema(example = "lunch") String pause) {
    }

    public record CallRequest(
            @NotBlank @Pattern(regexp = "\\+?[0-9*#]{1,32}", message = "must be a phone number: digits, optional leading +")
            @Schema(example = "+420123456789") String number,
            @NotBlank @Pattern(regexp = NAME) @Schema(example = "2000") String queue,
            @Pattern(regexp = NAME, message = "must be a PBX login")
            @Schema(description = "Dial for this PBX login, over which the user has rights on the PBX", example = "agent2")
            String forLogin) {
    }

    public record QueueState(String name, String title, boolean loggedIn, int penalty) {
        static QueueState of(QueueMembership q) {
            return new QueueState(q.name(), q.title(), q.loggedIn(), q.penalty());
        }
    }

    public record PauseView(String name, String title,
            @Schema(description = "When the pause began, ISO-8601 with the PBX's offset", example = "2025-01-31T11:30:00+01:00")
            OffsetDateTime since) {
        static PauseView of(PauseState p, ZoneId zone) {
            return new PauseView(p.name(), p.title(), p.since().map(s -> s.atZone(zone).toOffsetDateTime()).orElse(null));
        }
    }

    public record SessionResponse(String userId, List<QueueState> queues, PauseView pause) {
        static SessionResponse of(String userId, UserSession s, ZoneId zone) {
            return new SessionResponse(userId, s.queues().stream().map(QueueState::of).toList(),
                    s.pause().map(p -> PauseView.of(p, zone)).orElse(null));
        }
    }

    public record CallView(String activity, String callId, String direction, String state, boolean answered, String clid,
            String queue) {
        static CallView of(Activity a) {
            Optional<CallRecord> call = a.call();
            return new CallView(a.name(), call.map(CallRecord::idCall).orElse(null), call.map(CallRecord::direction).orElse(null),
                    call.flatMap(CallRecord::state).orElse(null), call.map(CallRecord::answered).orElse(false),
                    call.flatMap(CallRecord::clid).orElse(null), a.queue());
        }
    }

    public record CallResponse(@Schema(description = "The Daktela activity name") String activity, String userId, String number,
            String queue, String callId, String state, Instant createdAt) {
    }

    public record StateResponse(String userId, String hash, Instant seenAt, List<QueueState> queues, PauseView pause,
            List<CallView> calls,
            @Schema(description = "polling: the state the poll loop last saw; pbx: read from the PBX now (user not polled yet)",
                    enumeration = {"polling", "pbx"}) String source,
            @Schema(description = "true while the user's polls fail (the PBX answers errors): the state is the last one "
                    + "seen, at seenAt, and may be out of date") boolean stale,
            @Schema(description = "The error of the last failed poll, while stale", nullable = true,
                    example = "appPullData failed: HTTP 404") String lastPollError) {
    }

    @PUT
    @Path("/queues/{queue}")
    @Operation(summary = "Log the user in to a queue")
    @APIResponse(responseCode = "200", description = "The user's session after the login",
            content = @Content(schema = @Schema(implementation = SessionResponse.class)))
    public Uni<SessionResponse> queueLogin(@PathParam("userId") String userId,
            @PathParam("queue") @Pattern(regexp = NAME, message = "must be a queue name") String queue,
            @Valid QueueLoginRequest request) {
        int penalty = request == null || request.penalty() == null ? 0 : request.penalty();
        return operations.queueLogin(tenant.tenantId(), userId, queue, penalty).map(s -> SessionResponse.of(userId, s, pbxZone));
    }

    @DELETE
    @Path("/queues/{queue}")
    @Operation(summary = "Log the user out of a queue")
    @APIResponse(responseCode = "200", description = "The user's session after the logout",
            content = @Content(schema = @Schema(implementation = SessionResponse.class)))
    public Uni<SessionResponse> queueLogout(@PathParam("userId") String userId,
            @PathParam("queue") @Pattern(regexp = NAME, message = "must be a queue name") String queue) {
        return operations.queueLogout(tenant.tenantId(), userId, queue).map(s -> SessionResponse.of(userId, s, pbxZone));
    }

    @PUT
    @Path("/pause")
    @Operation(summary = "Start a pause")
    @APIResponse(responseCode = "200", description = "The user's session in the pause",
            content = @Content(schema = @Schema(implementation = SessionResponse.class)))
    public Uni<SessionResponse> pauseStart(@PathParam("userId") String userId, @Valid @NotNull PauseRequest request) {
        return operations.pauseStart(tenant.tenantId(), userId, request.pause()).map(s -> SessionResponse.of(userId, s, pbxZone));
    }

    @DELETE
    @Path("/pause")
    @Operation(summary = "End the user's pause")
    @APIResponse(responseCode = "200", description = "The user's session after the pause",
            content = @Content(schema = @Schema(implementation = SessionResponse.class)))
    public Uni<SessionResponse> pauseEnd(@PathParam("userId") String userId) {
        return operations.pauseEnd(tenant.tenantId(), userId).map(s -> SessionResponse.of(userId, s, pbxZone));
    }

    @POST
    @Path("/calls")
    @Operation(summary = "Dial a number for the user", description = "Send an Idempotency-Key so a retried request never dials twice.")
    @APIResponse(responseCode = "201", description = "The call activity was created (a replay carries Idempotent-Replayed: true)",
            content = @Content(schema = @Schema(implementation = CallResponse.class)))
    public Uni<Response> dial(@PathParam("userId") String userId,
            @Parameter(description = "Any unique string up to 255 characters, e.g. a UUID")
            @HeaderParam("Idempotency-Key") @Pattern(regexp = "[\\x21-\\x7e]{1,255}", message = "must be 1 to 255 visible ASCII characters") String idempotencyKey,
            @Valid @NotNull CallRequest request) {
        String tenantId = tenant.tenantId();
        Uni<CallResponse> call = (request.forLogin() == null
                ? operations.dial(tenantId, userId, request.number(), request.queue())
                : operations.dialFor(tenantId, userId, request.forLogin(), request.number(), request.queue()))
                .map(activity -> callResponse(userId, request, activity));
        if (idempotencyKey == null) {
            return call.map(body -> Response.status(Response.Status.CREATED).entity(body).type(MediaType.APPLICATION_JSON).build());
        }
        OutcomeLookup<CallResponse> placed = OutcomeLookup.of(CallResponse::activity, (sinceClaim, credited) ->
                placedCalls.find(tenantId, userId, request.forLogin(), request.number(), request.queue(), sinceClaim,
                        credited)
                        .map(activity -> callResponse(userId, request, activity)));
        // The key's claim and outcome are database writes that must bracket the dial: this path blocks, on a worker.
        return Blocking.call(() -> idempotentResponse(idempotent.execute(tenantId, "call:" + userId, idempotencyKey,
                request, () -> call.await().indefinitely(), placed)));
    }

    private CallResponse callResponse(String userId, CallRequest request, Activity activity) {
        return new CallResponse(activity.name(), userId, request.number(), request.queue(),
                activity.call().map(CallRecord::idCall).orElse(null),
                activity.call().flatMap(CallRecord::state).orElse(null), clock.instant());
    }

    private static Response idempotentResponse(IdempotentExecutor.Outcome outcome) {
        Response.ResponseBuilder response = Response.status(outcome.status()).entity(outcome.body())
                .type(outcome.status() >= 400 ? Problem.MEDIA_TYPE : MediaType.APPLICATION_JSON);
        if (outcome.replayed()) {
            response.header("Idempotent-Replayed", "true");
        }
        return response.build();
    }

    public record ActivityView(@Schema(example = "activities_0193a5b2c3d000001") String name,
            @Schema(description = "CALL, SMS, COMMENT, EMAIL...", example = "CALL") String type,
            @Schema(description = "OPEN, WAIT, POSTPONE or CLOSE", example = "OPEN") String action,
            String queue, String user,
            @Schema(description = "PBX local time") LocalDateTime time,
            @Schema(description = "PBX local time; null while open") LocalDateTime closedAt,
            @Schema(description = "The other party's number, for calls and SMS") String number,
            @Schema(description = "IN or OUT for SMS; in or out for calls") String direction) {
        static ActivityView of(Activity a) {
            String number = a.call().flatMap(c -> c.clid()).or(() -> a.sms().map(s -> s.number())).orElse(null);
            String direction = a.call().map(CallRecord::direction).or(() -> a.sms().flatMap(s -> s.direction())).orElse(null);
            return new ActivityView(a.name(), a.type(), a.action(), a.queue(), a.user().orElse(null), a.time().orElse(null),
                    a.timeClose().orElse(null), number, direction);
        }
    }

    public record ActivityPage(List<ActivityView> data,
            @Schema(description = "Pass as ?after= for the next page; null on the last page") String nextCursor) {
    }

    @DELETE
    @Path("/calls/{activity}")
    @Operation(summary = "Hang up a call", description = "Ends the call of the activity and closes the activity; an"
            + " activity whose call already ended is just closed. Repeating it is harmless.")
    @APIResponse(responseCode = "200", description = "The activity, closed",
            content = @Content(schema = @Schema(implementation = ActivityView.class)))
    public Uni<ActivityView> hangUp(@PathParam("userId") String userId,
            @PathParam("activity") @Pattern(regexp = "[A-Za-z0-9_.:-]{1,128}", message = "must be an activity name") String activity) {
        return operations.hangUp(tenant.tenantId(), userId, activity).map(ActivityView::of);
    }

    @GET
    @Path("/activities")
    @Operation(summary = "The user's recent activities on the PBX, newest first")
    @APIResponse(responseCode = "200", description = "One page",
            content = @Content(schema = @Schema(implementation = ActivityPage.class)))
    public Uni<ActivityPage> activities(@PathParam("userId") String userId,
            @QueryParam("type") @Pattern(regexp = "CALL|SMS|COMMENT|EMAIL|CHAT", message = "must be CALL, SMS, COMMENT, EMAIL or CHAT") String type,
            @QueryParam("open") @Parameter(description = "true: open activities only; false: closed only") Boolean open,
            @QueryParam("after") @Pattern(regexp = "[0-9]{1,7}", message = "must be a cursor returned as nextCursor") String after,
            @QueryParam("limit") @DefaultValue("50") @Min(value = 1, message = "must be between 1 and 200")
            @Max(value = 200, message = "must be between 1 and 200") int limit) {
        int offset = after == null ? 0 : Integer.parseInt(after);
        return operations.activities(tenant.tenantId(), userId, type, open, offset, limit + 1).map(page -> {
            boolean more = page.data().size() > limit;
            List<Activity> rows = more ? page.data().subList(0, limit) : page.data();
            return new ActivityPage(rows.stream().map(ActivityView::of).toList(), more ? String.valueOf(offset + limit) : null);
        });
    }

    @GET
    @Path("/state")
    @Operation(summary = "The user's current state: queues, pause, calls")
    @APIResponse(responseCode = "200", description = "The state",
            content = @Content(schema = @Schema(implementation = StateResponse.class)))
    public Uni<StateResponse> state(@PathParam("userId") String userId) {
        String tenantId = tenant.tenantId();
        return Blocking.call(() -> operations.polledState(tenantId, userId)).chain(polled -> polled.isPresent()
                ? Uni.createFrom().item(fromPolled(userId, polled.get(), pbxZone))
                : operations.snapshot(tenantId, userId).map(data -> fromSnapshot(userId, data)));
    }

    private StateResponse fromSnapshot(String userId, PullData data) {
        if (!data.snapshot()) {
            throw new Errors.PbxUnavailableException("The PBX answered an empty-hash appPullData without a snapshot");
        }
        return new StateResponse(userId, data.hash(), clock.instant(),
                data.queues().orElse(List.of()).stream().map(QueueState::of).toList(),
                data.pause().value().map(p -> PauseView.of(p, pbxZone)).orElse(null),
                data.activities().orElse(List.of()).stream().filter(Activity::isCall).filter(a -> !a.isClosed())
                        .map(CallView::of).toList(),
                "pbx", false, null);
    }

    /** A stored pause start: with its offset, or PBX local time as states stored before offsets were added have it. */
    private static OffsetDateTime storedTime(String text, ZoneId zone) {
        try {
            return OffsetDateTime.parse(text);
        } catch (java.time.format.DateTimeParseException local) {
            return LocalDateTime.parse(text).atZone(zone).toOffsetDateTime();
        }
    }

    /** The API's view of a polled state; the bulk read of {@link UserStatesResource} shares it. */
    static StateResponse fromPolled(String userId, PolledStateService.Polled polled, ZoneId pbxZone) {
        ObjectNode state = polled.state();
        List<QueueState> queues = new ArrayList<>();
        state.path("queues").fields().forEachRemaining(q -> queues.add(new QueueState(q.getKey(), q.getValue().path("title").asText(null),
                q.getValue().path("loggedIn").asBoolean(), q.getValue().path("penalty").asInt())));
        JsonNode p = state.path("pause");
        PauseView pause = p.isObject() ? new PauseView(p.path("name").asText(), p.path("title").asText(null),
                p.hasNonNull("since") ? storedTime(p.get("since").asText(), pbxZone) : null) : null;
        List<CallView> calls = new ArrayList<>();
        state.path("calls").fields().forEachRemaining(c -> {
            JsonNode call = c.getValue();
            if (!"ended".equals(call.path("state").asText())) {
                calls.add(new CallView(c.getKey(), call.path("callId").asText(null), call.path("direction").asText(null),
                        call.path("state").asText(null), call.path("answered").asBoolean(), call.path("clid").asText(null),
                        call.path("queue").asText(null)));
            }
        });
        return new StateResponse(userId, polled.hash(), polled.seenAt(), queues, pause, calls, "polling", polled.stale(),
                polled.lastPollError());
    }
}
