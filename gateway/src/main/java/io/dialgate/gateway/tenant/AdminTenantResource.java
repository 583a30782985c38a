package io.dialgate.gateway.tenant;

import io.dialgate.gateway.common.PageRequest;
import io.dialgate.gateway.common.PageResponse;
import jakarta.validation.Valid;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The operator API: tenants and their API keys. */
@Path("/admin/tenants")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Operator: tenants")
@SecurityRequirement(name = "operator")
public class AdminTenantResource {

    private final TenantService tenants;

    public AdminTenantResource(TenantService tenants) {
        this.tenants = tenants;
    }

    public record CreateTenantRequest(
            @NotBlank @Size(max = 200) @Schema(example = "Acme Call Center") String name) {
    }

    public record UpdateTenantRequest(@NotNull @Schema(example = "true") Boolean suspended) {
    }

    public record TenantResponse(String id, String name, boolean suspended, Instant createdAt) {
        static TenantResponse of(Tenant t) {
            return new TenantResponse(t.id, t.name, t.suspended, t.createdAt);
        }
    }

    /** A new tenant with its first API key, shown this once. */
    public record CreatedTenantResponse(String id, String name, boolean suspended, Instant createdAt,
            @Schema(description = "The tenant's API key, shown only in this response") String apiKey, String apiKeyId) {
        @Override
        public String toString() {
            return "CreatedTenantResponse[id=" + id + ", name=" + name + ", apiKeyId=" + apiKeyId + ", apiKey=***]";
        }
    }

    public record ApiKeyResponse(String id, String tenantId,
            @Schema(description = "The API key, shown only in this response") String apiKey, Instant createdAt) {
        @Override
        public String toString() {
            return "ApiKeyResponse[id=" + id + ", tenantId=" + tenantId + ", apiKey=***]";
        }
    }

    @POST
    @Operation(summary = "Create a tenant and its first API key")
    @APIResponse(responseCode = "201", description = "Created; the API key is shown only here",
            content = @Content(schema = @Schema(implementation = CreatedTenantResponse.class)))
    public Response create(@Valid @NotNull CreateTenantRequest request) {
        TenantService.IssuedKey issued = tenants.create(request.name());
        Tenant t = issued.tenant();
        return Response.status(201).entity(new CreatedTenantResponse(t.id, t.name, t.suspended, t.createdAt,
                issued.plaintext(), issued.key().id)).build();
    }

    @GET
    @Operation(summary = "List tenants")
    @APIResponse(responseCode = "200", description = "A page of tenants")
    public PageResponse<TenantResponse> list(@Valid @BeanParam PageRequest page) {
        return PageResponse.of(tenants.list(page.afterOrEmpty(), page.limit), page.limit, t -> t.id, TenantResponse::of);
    }

    @GET
    @Path("/{tenantId}")
    @Operation(summary = "Get a tenant")
    @APIResponse(responseCode = "200", description = "The tenant")
    @APIResponse(responseCode = "404", description = "No such tenant")
    public TenantResponse get(@PathParam("tenantId") String tenantId) {
        return TenantResponse.of(tenants.get(tenantId));
    }

    @PATCH
    @Path("/{tenantId}")
    @Operation(summary = "Suspend or resume a tenant")
    @APIResponse(responseCode = "200", description = "The updated tenant")
    @APIResponse(responseCode = "404", description = "No such tenant")
    public TenantResponse update(@PathParam("tenantId") String tenantId, @Valid @NotNull UpdateTenantRequest request) {
        return TenantResponse.of(tenants.setSuspended(tenantId, request.suspended()));
    }

    @DELETE
    @Path("/{tenantId}")
    @Operation(summary = "Delete a tenant and everything it owns")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such tenant")
    public void delete(@PathParam("tenantId") String tenantId) {
        tenants.delete(tenantId);
    }

    @POST
    @Path("/{tenantId}/api-keys")
    @Operation(summary = "Issue another API key for a tenant")
    @APIResponse(responseCode = "201", description = "Issued; the key is shown only here",
            content = @Content(schema = @Schema(implementation = ApiKeyResponse.class)))
    @APIResponse(responseCode = "404", description = "No such tenant")
    public Response addKey(@PathParam("tenantId") String tenantId) {
        TenantService.IssuedKey issued = tenants.addKey(tenantId);
        return Response.status(201).entity(new ApiKeyResponse(issued.key().id, tenantId, issued.plaintext(),
                issued.key().createdAt)).build();
    }

    @DELETE
    @Path("/{tenantId}/api-keys/{keyId}")
    @Operation(summary = "Revoke an API key")
    @APIResponse(responseCode = "204", description = "Revoked")
    @APIResponse(responseCode = "404", description = "No such tenant or key")
    public void revokeKey(@PathParam("tenantId") String tenantId, @PathParam("keyId") String keyId) {
        tenants.revokeKey(tenantId, keyId);
    }
}
