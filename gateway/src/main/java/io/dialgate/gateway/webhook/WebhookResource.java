package io.dialgate.gateway.webhook;

import io.dialgate.gateway.common.PageRequest;
import io.dialgate.gateway.common.PageResponse;
import io.dialgate.gateway.event.EventTypeSchemaFilter;
import io.dialgate.gateway.tenant.TenantContext;
import io.dialgate.gateway.webhook.WebhookResponses.CreatedWebhookResponse;
import io.dialgate.gateway.webhook.WebhookResponses.DeliveryResponse;
import io.dialgate.gateway.webhook.WebhookResponses.HealthResponse;
import io.dialgate.gateway.webhook.WebhookResponses.RecoverResponse;
import io.dialgate.gateway.webhook.WebhookResponses.RotatedSecretResponse;
import io.dialgate.gateway.webhook.WebhookResponses.WebhookResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A tenant's outgoing webhook endpoints, their deliveries and recovery. */
@Path("/v1/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Webhooks")
@SecurityRequirement(name = "apiKey")
public class WebhookResource {

    private final WebhookService webhooks;
    private final TenantContext tenant;

    public WebhookResource(WebhookService webhooks, TenantContext tenant) {
        this.webhooks = webhooks;
        this.tenant = tenant;
    }

    public record CreateWebhookRequest(
            @NotBlank @Size(max = 2000) @Schema(example = "https://crm.example.com/hooks/dialgate") String url,
            @Size(max = 50) @Schema(description = "Event types to deliver; empty or absent means all",
                    example = "[\"call.ringing\", \"call.ended\"]",
                            extensions = @Extension(name = EventTypeSchemaFilter.MARKER, value = "true")) List<String> eventTypes,
            @Size(max = 500) @Schema(example = "CRM screen pop") String description,
            @Min(1) @Max(256) @Schema(description = "Most attempts in flight to this endpoint at once, across replicas; "
                    + "absent means the gateway's default (16)", example = "16", nullable = true) Integer maxInFlight,
            @Min(1) @Max(10000) @Schema(description = "Most attempts a second to this endpoint (per gateway replica); "
                    + "absent means no limit", example = "50", nullable = true) Integer rateLimit) {
    }

    public record UpdateWebhookRequest(
            @Size(min = 1, max = 2000) String url,
            @Size(max = 50) @Schema(description = "Replaces the list; empty means all",
                    extensions = @Extension(name = EventTypeSchemaFilter.MARKER, value = "true"))
            List<String> eventTypes,
            @Size(max = 500) String description,
            @Schema(description = "false disables (open deliveries, and those of later events, become endpoint_disabled); "
                    + "true re-enables without re-queueing them (recover does both, in order)")
            Boolean enabled,
            @Min(0) @Max(256) @Schema(description = "Most attempts in flight at once; 0 goes back to the default") Integer maxInFlight,
            @Min(0) @Max(10000) @Schema(description = "Most attempts a second; 0 removes the limit") Integer rateLimit) {
    }

    public record RecoverRequest(
            @NotNull @Schema(description = "Re-queue failed and endpoint_disabled deliveries created at or after this instant; "
                    + "a disabled endpoint is enabled in the same step",
                    example = "2025-01-31T08:00:00Z") Instant since) {
    }

    @POST
    @Operation(summary = "Create a webhook endpoint", description = "The secret is shown only in this response.")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(schema = @Schema(implementation = CreatedWebhookResponse.class)))
    public Response create(@Valid @NotNull CreateWebhookRequest request) {
        WebhookService.WithSecret created = webhooks.create(tenant.tenantId(), request.url(), request.eventTypes(),
                request.description(), new WebhookService.Limits(request.maxInFlight(), request.rateLimit()));
        return Response.status(201).entity(CreatedWebhookResponse.of(created)).build();
    }

    @GET
    @Operation(summary = "List webhook endpoints")
    @APIResponse(responseCode = "200", description = "A page of endpoints")
    public PageResponse<WebhookResponse> list(@Valid @BeanParam PageRequest page) {
        return PageResponse.of(webhooks.list(tenant.tenantId(), page.afterOrEmpty(), page.limit), page.limit, e -> e.id,
                WebhookResponse::of);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get a webhook endpoint")
    @APIResponse(responseCode = "200", description = "The endpoint", content = @Content(schema = @Schema(implementation = WebhookResponse.class)))
    @APIResponse(responseCode = "404", description = "No such endpoint")
    public WebhookResponse get(@PathParam("id") String id) {
        return WebhookResponse.of(webhooks.get(tenant.tenantId(), id));
    }

    @PATCH
    @Path("/{id}")
    @Operation(summary = "Change a webhook endpoint", description = "Only the fields present change.")
    @APIResponse(responseCode = "200", description = "The endpoint", content = @Content(schema = @Schema(implementation = WebhookResponse.class)))
    @APIResponse(responseCode = "404", description = "No such endpoint")
    public WebhookResponse update(@PathParam("id") String id, @Valid UpdateWebhookRequest body) {
        // Every field is optional, so no body at all is an empty change, as {} is.
        UpdateWebhookRequest request = body == null ? new UpdateWebhookRequest(null, null, null, null, null, null) : body;
        return WebhookResponse.of(webhooks.update(tenant.tenantId(), id, Optional.ofNullable(request.url()),
                Optional.ofNullable(request.eventTypes()), Optional.ofNullable(request.description()),
                Optional.ofNullable(request.enabled()), Optional.ofNullable(request.maxInFlight()),
                Optional.ofNullable(request.rateLimit())));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a webhook endpoint and its delivery log")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such endpoint")
    public void delete(@PathParam("id") String id) {
        webhooks.delete(tenant.tenantId(), id);
    }

    @POST
    @Path("/{id}/rotate-secret")
    @Operation(summary = "Rotate the signing secret",
            description = "Returns the new secret once. Until previousSecretExpiresAt deliveries are signed with both secrets.")
    @APIResponse(responseCode = "200", description = "The new secret", content = @Content(schema = @Schema(implementation = RotatedSecretResponse.class)))
    @APIResponse(responseCode = "404", description = "No such endpoint")
    public RotatedSecretResponse rotateSecret(@PathParam("id") String id) {
        WebhookService.WithSecret rotated = webhooks.rotateSecret(tenant.tenantId(), id);
        return new RotatedSecretResponse(rotated.endpoint().id, rotated.secret(), rotated.endpoint().previousSecretExpiresAt);
    }

    @GET
    @Path("/{id}/deliveries")
    @Operation(summary = "List an endpoint's deliveries, each with its attempts",
            description = "Oldest first unless order=newest; filter by state, event type, user and creation time.")
    @APIResponse(responseCode = "200", description = "A page of deliveries")
    @APIResponse(responseCode = "400", description = "A filter value is not valid")
    @APIResponse(responseCode = "404", description = "No such endpoint")
    public PageResponse<DeliveryResponse> deliveries(@PathParam("id") String id, @Valid @BeanParam PageRequest page,
            @BeanParam DeliveryQuery query) {
        return PageResponse.of(webhooks.deliveries(tenant.tenantId(), id, query.filter(), page.afterOrEmpty(), page.limit),
                page.limit, v -> v.delivery().id, DeliveryResponse::of);
    }

    @GET
    @Path("/{id}/health")
    @Operation(summary = "An endpoint's health",
            description = "Its state (disabled and why, failures in a row) and its attempts over the last hour: how many, "
                    + "the share answered with a 2xx and their median duration.")
    @APIResponse(responseCode = "200", description = "The figures", content = @Content(schema = @Schema(implementation = HealthResponse.class)))
    @APIResponse(responseCode = "404", description = "No such endpoint")
    public HealthResponse health(@PathParam("id") String id) {
        return HealthResponse.of(webhooks.health(tenant.tenantId(), id));
    }

    @POST
    @Path("/{id}/test")
    @Operation(summary = "Send a test event",
            description = "Appends a webhook.test event (data: webhookId, message) that goes to this endpoint alone, whatever "
                    + "event types it subscribes to, and returns its delivery; follow it with GET /v1/deliveries/{id}.")
    @APIResponse(responseCode = "202", description = "Queued", content = @Content(schema = @Schema(implementation = DeliveryResponse.class)))
    @APIResponse(responseCode = "404", description = "No such endpoint")
    public Response sendTest(@PathParam("id") String id) {
        return Response.status(202).entity(DeliveryResponse.of(webhooks.sendTest(tenant.tenantId(), id))).build();
    }

    @POST
    @Path("/{id}/recover")
    @Operation(summary = "Re-queue failed deliveries since a time",
            description = "Every failed or endpoint_disabled delivery created since `since` starts a fresh retry schedule, "
                    + "and a disabled endpoint is enabled in the same transaction, so each user's events (recovered and "
                    + "new) go out in order.")
    @APIResponse(responseCode = "202", description = "Queued", content = @Content(schema = @Schema(implementation = RecoverResponse.class)))
    @APIResponse(responseCode = "404", description = "No such endpoint")
    public Response recover(@PathParam("id") String id, @Valid @NotNull RecoverRequest request) {
        return Response.status(202).entity(new RecoverResponse(webhooks.recover(tenant.tenantId(), id, request.since()))).build();
    }
}
