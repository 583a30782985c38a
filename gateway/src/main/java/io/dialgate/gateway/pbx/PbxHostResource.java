package io.dialgate.gateway.pbx;

import io.dialgate.gateway.common.PageRequest;
import io.dialgate.gateway.common.PageResponse;
import io.dialgate.gateway.tenant.TenantContext;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A tenant's PBX hosts. */
@Path("/v1/pbx-hosts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "PBX hosts")
@SecurityRequirement(name = "apiKey")
public class PbxHostResource {

    private final PbxHostService hosts;
    private final TenantContext tenant;

    public PbxHostResource(PbxHostService hosts, TenantContext tenant) {
        this.hosts = hosts;
        this.tenant = tenant;
    }

    public record CreatePbxHostRequest(
            @NotBlank @Size(max = 200) @Schema(example = "acme-main") String name,
            @NotBlank @Size(max = 2000) @Schema(example = "https://acme.daktela.com") String baseUrl) {
    }

    public record PbxHostResponse(String id, String name, String baseUrl, Instant createdAt) {
        static PbxHostResponse of(PbxHost h) {
            return new PbxHostResponse(h.id, h.name, h.baseUrl, h.createdAt);
        }
    }

    @POST
    @Operation(summary = "Register a PBX host")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(schema = @Schema(implementation = PbxHostResponse.class)))
    @APIResponse(responseCode = "409", description = "A host with this name exists")
    public Response create(@Valid @NotNull CreatePbxHostRequest request) {
        PbxHost host = hosts.create(tenant.tenantId(), request.name(), request.baseUrl());
        return Response.status(201).entity(PbxHostResponse.of(host)).build();
    }

    @GET
    @Operation(summary = "List PBX hosts")
    @APIResponse(responseCode = "200", description = "A page of hosts")
    public PageResponse<PbxHostResponse> list(@Valid @BeanParam PageRequest page) {
        return PageResponse.of(hosts.list(tenant.tenantId(), page.afterOrEmpty(), page.limit), page.limit, h -> h.id,
                PbxHostResponse::of);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get a PBX host")
    @APIResponse(responseCode = "200", description = "The host")
    @APIResponse(responseCode = "404", description = "No such host")
    public PbxHostResponse get(@PathParam("id") String id) {
        return PbxHostResponse.of(hosts.get(tenant.tenantId(), id));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a PBX host and its users")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such host")
    public void delete(@PathParam("id") String id) {
        hosts.delete(tenant.tenantId(), id);
    }
}
