package io.dialgate.gateway.sms;

import io.dialgate.client.Activity;
import io.dialgate.client.SmsRecord;
import io.dialgate.gateway.common.Blocking;
import io.dialgate.gateway.common.Problem;
import io.dialgate.gateway.operation.IdempotentExecutor;
import io.dialgate.gateway.operation.OutcomeLookup;
import io.dialgate.gateway.tenant.TenantContext;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Sending an SMS as a user, through one of the PBX's SMS queues. */
@Path("/v1/users/{userId}/sms")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Agent operations")
@SecurityRequirement(name = "apiKey")
public class SmsResource {

    static final String NAME = "[A-Za-z0-9_.:-]{1,64}";

    private final SmsService sms;
    private final IdempotentExecutor idempotent;
    private final TenantContext tenant;
    private final Clock clock;

    public SmsResource(SmsService sms, IdempotentExecutor idempotent, TenantContext tenant, Clock clock) {
        this.sms = sms;
        this.idempotent = idempotent;
        this.tenant = tenant;
        this.clock = clock;
    }

    public record SmsRequest(
            @NotBlank @Pattern(regexp = "\\+?[0-9]{3,20}", message = "must be a phone number: 3 to 20 digits, optional leading +")
            @Schema(example = "+420600111222") String number,
            @NotBlank @Size(max = 1600, message = "must be at most 1600 characters")
            @Schema(example = "Your technician arrives at 10:30.") String text,
            @Pattern(regexp = NAME, message = "must be a queue name")
            @Schema(description = "SMS queue to send through; may be left out when the PBX has exactly one", example = "3000")
            String queue,
            @Pattern(regexp = NAME, message = "must be a PBX login")
            @Schema(description = "Send for this PBX login, over which the user has rights on the PBX", example = "agent2")
            String forLogin) {
    }

    public record SmsResponse(@Schema(description = "The Daktela activity name", example = "dgsms_3f2a9c0d4e5b6a7f8091a2b3c4d5e6f7")
            String activity, String userId, @Schema(example = "+420600111222") String number,
            @Schema(example = "3000") String queue, String text,
            @Schema(description = "PBX login the SMS was sent for; null for the user itself") String forLogin,
            Instant createdAt) {
    }

    @POST
    @Operation(summary = "Send an SMS as the user", description = "Send an Idempotency-Key so a retried request never"
            + " sends twice: the key becomes the SMS activity's name on the PBX, which refuses a name it already has.")
    @RequestBody(content = @Content(examples = @ExampleObject(name = "sms", value = """
            {"number": "+420600111222", "text": "Your technician arrives at 10:30.", "queue": "3000"}""")))
    @APIResponse(responseCode = "201", description = "Sent (a replay carries Idempotent-Replayed: true)",
            content = @Content(schema = @Schema(implementation = SmsResponse.class)))
    @APIResponse(responseCode = "400", description = "Bad number, empty text or bad queue name (errors[] names the field)",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "403", description = "forLogin given, and the user has no rights over that login on the PBX",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No such user", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "A request with this Idempotency-Key is still running or its outcome is unknown",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "422", description = "Not an SMS queue (the detail names the SMS queues), the user is not"
            + " logged in to it, the PBX refused the SMS, or the user's token is invalid",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "502", description = "The PBX failed or is unreachable", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "504", description = "The PBX did not answer in time", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<Response> send(@PathParam("userId") String userId,
            @Parameter(description = "Any unique string up to 255 characters, e.g. a UUID")
            @HeaderParam("Idempotency-Key") @Pattern(regexp = "[\\x21-\\x7e]{1,255}", message = "must be 1 to 255 visible ASCII characters") String idempotencyKey,
            @Valid @NotNull SmsRequest request) {
        String tenantId = tenant.tenantId();
        if (idempotencyKey == null) {
            return sms.send(tenantId, userId, request.number(), request.text(), request.queue(), request.forLogin(), null)
                    .map(a -> created(response(userId, request, a)));
        }
        String name = SmsService.activityName(tenantId, userId, idempotencyKey);
        OutcomeLookup<SmsResponse> sent = OutcomeLookup.of(SmsResponse::activity, (sinceClaim, credited) ->
                sms.find(tenantId, userId, name).map(a -> response(userId, request, a)));
        // The key's claim and outcome are database writes that bracket the send: this path blocks, on a worker.
        return Blocking.call(() -> {
            IdempotentExecutor.Outcome outcome = idempotent.execute(tenantId, "sms:" + userId, idempotencyKey, request,
                    () -> sms.send(tenantId, userId, request.number(), request.text(), request.queue(), request.forLogin(),
                            name).map(a -> response(userId, request, a)).await().indefinitely(), sent);
            Response.ResponseBuilder r = Response.status(outcome.status()).entity(outcome.body())
                    .type(outcome.status() >= 400 ? Problem.MEDIA_TYPE : MediaType.APPLICATION_JSON);
            if (outcome.replayed()) {
                r.header("Idempotent-Replayed", "true");
            }
            return r.build();
        });
    }

    private SmsResponse response(String userId, SmsRequest request, Activity activity) {
        String number = activity.sms().map(SmsRecord::number).orElse(request.number());
        return new SmsResponse(activity.name(), userId, number, activity.queue(),
                activity.sms().map(SmsRecord::text).orElse(request.text()), request.forLogin(), clock.instant());
    }

    private static Response created(SmsResponse body) {
        return Response.status(Response.Status.CREATED).entity(body).type(MediaType.APPLICATION_JSON).build();
    }
}
