package io.dialgate.gateway.webhook;

import io.dialgate.gateway.tenant.TenantContext;
import io.dialgate.gateway.webhook.WebhookResponses.DeliveryResponse;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Replay of single webhook deliveries. */
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
