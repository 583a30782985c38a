package io.dialgate.gateway.webhook;

import io.dialgate.gateway.common.Errors;
import io.dialgate.gateway.common.Ids;
import io.dialgate.gateway.common.PageRequest;
import io.dialgate.gateway.common.PageResponse;
import io.dialgate.gateway.tenant.TenantContext;
import io.dialgate.gateway.webhook.WebhookResponses.DeliveryResponse;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A tenant's webhook deliveries across its endpoints: the filtered log, one delivery, and its replay. */
@Path("/v1/deliveries")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Webhooks")
@SecurityRequirement(name = "apiKey")
public class DeliveryResource {

    private final WebhookService webhooks;
    private final TenantContext tenant;

    public DeliveryResource(WebhookService webhooks, TenantContext tenant) {
        this.webhooks = webhooks;
        this.tenant = tenant;
    }

    @GET
    @Operation(summary = "List the tenant's deliveries, each with its attempts",
            description = "Across all endpoints (or one, with webhookId). Oldest first unless order=newest; filter by state, "
                    + "event type, user and creation time. The cursor pages on in the chosen order.")
    @APIResponse(responseCode = "200", description = "A page of deliveries")
    @APIResponse(responseCode = "400", description = "A filter value is not valid")
    @APIResponse(responseCode = "404", description = "No such endpoint (webhookId)")
    public PageResponse<DeliveryResponse> list(@Valid @BeanParam PageRequest page, @BeanParam DeliveryQuery query,
            @Parameter(description = "Only this endpoint's deliveries", example = "whk_01hx3v0c8k6q2m4n5p7r9s1t3v")
            @QueryParam("webhookId") String webhookId) {
        DeliveryQuery.Filter filter = query.filter();
        if (webhookId != null) {
            if (!Ids.looksLike("whk", webhookId)) {
                throw new Errors.ValidationException("webhookId", "must be a webhook id");
            }
            filter = filter.forEndpoint(webhookId);
        }
        return PageResponse.of(webhooks.deliveries(tenant.tenantId(), filter, page.afterOrEmpty(), page.limit), page.limit,
                v -> v.delivery().id, DeliveryResponse::of);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get one delivery with its attempts")
    @APIResponse(responseCode = "200", description = "The delivery", content = @Content(schema = @Schema(implementation = DeliveryResponse.class)))
    @APIResponse(responseCode = "404", description = "No such delivery")
    public DeliveryResponse get(@PathParam("id") String id) {
        return DeliveryResponse.of(webhooks.delivery(tenant.tenantId(), id));
    }

    @POST
    @Path("/{id}/retry")
    @Operation(summary = "Retry one delivery now",
            description = "Queues one manual attempt at once, whatever the delivery's state; the dispatcher sends it.")
    @APIResponse(responseCode = "202", description = "Queued", content = @Content(schema = @Schema(implementation = DeliveryResponse.class)))
    @APIResponse(responseCode = "404", description = "No such delivery")
    public Response retry(@PathParam("id") String id) {
        return Response.status(202).entity(DeliveryResponse.of(webhooks.retry(tenant.tenantId(), id))).build();
    }
}
