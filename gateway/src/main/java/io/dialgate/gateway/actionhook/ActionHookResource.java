package io.dialgate.gateway.actionhook;

import io.dialgate.gateway.common.PageRequest;
import io.dialgate.gateway.common.PageResponse;
import io.dialgate.gateway.tenant.TenantContext;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Inbound webhooks that run queue, pause and call operations. */
@Path("/v1/action-hooks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Action hooks")
@SecurityRequirement(name = "apiKey")
public class ActionHookResource {

    private final ActionHookService hooks;
    private final ActionHookConfig config;
    private final TenantContext tenant;

    public ActionHookResource(ActionHookService hooks, ActionHookConfig config, TenantContext tenant) {
        this.hooks = hooks;
        this.config = config;
        this.tenant = tenant;
    }

    public record CreateActionHookRequest(
            @Pattern(regexp = "usr_[0-9a-z]{26}", message = "must be a user id") @Schema(description = "Bind the hook to one user") String userId,
            @Size(max = 500) @Schema(example = "CRM: pause agents during training") String description) {
    }

    public record ActionHookResponse(String id, String url, String userId, String description, Instant createdAt) {
    }

    public record CreatedActionHookResponse(String id, String url, String userId, String description, Instant createdAt,
            @Schema(description = "Standard Webhooks secret (whsec_...), shown only in this response") String secret) {
        @Override
        public String toString() {
            return "CreatedActionHookResponse[id=" + id + ", userId=" + userId + ", secret=***]";
        }
    }

    @POST
    @Operation(summary = "Create an action hook", description = "POST signed commands to the returned url; see the README.")
    @APIResponse(responseCode = "201", description = "Created; the secret is shown only here",
            content = @Content(schema = @Schema(implementation = CreatedActionHookResponse.class)))
    @APIResponse(responseCode = "404", description = "No such user")
    public Response create(@Valid CreateActionHookRequest request) {
        CreateActionHookRequest body = request == null ? new CreateActionHookRequest(null, null) : request;
        ActionHookService.CreatedHook created = hooks.create(tenant.tenantId(), Optional.ofNullable(body.userId()), body.description());
        ActionHook h = created.hook();
        return Response.status(201).entity(new CreatedActionHookResponse(h.id, url(h), h.userId, h.description, h.createdAt,
                created.secret())).build();
    }

    @GET
    @Operation(summary = "List action hooks")
    @APIResponse(responseCode = "200", description = "A page of hooks")
    public PageResponse<ActionHookResponse> list(@Valid @BeanParam PageRequest page) {
        return PageResponse.of(hooks.list(tenant.tenantId(), page.afterOrEmpty(), page.limit), page.limit, h -> h.id, this::view);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get an action hook")
    @APIResponse(responseCode = "200", description = "The hook (without its secret)")
    @APIResponse(responseCode = "404", description = "No such hook")
    public ActionHookResponse get(@PathParam("id") String id) {
        return view(hooks.get(tenant.tenantId(), id));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete an action hook")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such hook")
    public void delete(@PathParam("id") String id) {
        hooks.delete(tenant.tenantId(), id);
    }

    private ActionHookResponse view(ActionHook h) {
        return new ActionHookResponse(h.id, url(h), h.userId, h.description, h.createdAt);
    }

    private String url(ActionHook h) {
        String base = config.publicUrl().endsWith("/") ? config.publicUrl().substring(0, config.publicUrl().length() - 1) : config.publicUrl();
        return base + "/hooks/actions/" + h.id;
    }
}
