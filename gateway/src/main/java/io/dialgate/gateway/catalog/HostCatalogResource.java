package io.dialgate.gateway.catalog;

import io.dialgate.client.TicketCategory;
import io.dialgate.gateway.catalog.CatalogResource.CategoryList;
import io.dialgate.gateway.catalog.CatalogResource.CategoryView;
import io.dialgate.gateway.catalog.CatalogResource.ListResponse;
import io.dialgate.gateway.common.Blocking;
import io.dialgate.gateway.common.Errors;
import io.dialgate.gateway.pbx.PbxHostService;
import io.dialgate.gateway.tenant.TenantContext;
import io.dialgate.gateway.user.PbxUser;
import io.dialgate.gateway.user.PbxUserRepository;
import io.dialgate.gateway.user.TokenStatus;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Discovery per PBX host: its ticket categories, so an app offers only categories the PBX accepts. */
@Path("/v1/pbx-hosts/{hostId}/ticket-categories")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Discovery")
@SecurityRequirement(name = "apiKey")
@APIResponse(responseCode = "404", description = "No such PBX host in this tenant")
@APIResponse(responseCode = "502", description = "The PBX failed or is unreachable")
@APIResponse(responseCode = "504", description = "The PBX did not answer in time")
public class HostCatalogResource {

    private final PbxCatalog catalog;
    private final PbxHostService hosts;
    private final PbxUserRepository users;
    private final TenantContext tenant;

    public HostCatalogResource(PbxCatalog catalog, PbxHostService hosts, PbxUserRepository users, TenantContext tenant) {
        this.catalog = catalog;
        this.hosts = hosts;
        this.users = users;
        this.tenant = tenant;
    }

    @GET
    @Operation(summary = "The ticket categories of a PBX host", description = "Read with the token of one of the"
            + " tenant's users on that host; 409 when the host has no user with a valid token yet.")
    @APIResponse(responseCode = "200", description = "The categories", content = @Content(
            schema = @Schema(implementation = CategoryList.class), examples = @ExampleObject(name = "categories", value = """
                    {"data": [{"name": "support", "title": "Support", "smsQueue": "3000", "statusRequired": "closing_ticket", "closeCheckChilds": true}]}""")))
    @APIResponse(responseCode = "409", description = "No user with a valid token is registered on the host")
    public Uni<ListResponse<CategoryView>> ticketCategories(@PathParam("hostId") String hostId) {
        String tenantId = tenant.tenantId();
        return Blocking.call(() -> someUserOn(tenantId, hostId))
                .chain(userId -> catalog.ticketCategories(tenantId, userId))
                .map(categories -> new ListResponse<>(categories.stream().map(HostCatalogResource::category).toList()));
    }

    private String someUserOn(String tenantId, String hostId) {
        hosts.get(tenantId, hostId);
        return users.find("tenantId = ?1 and pbxHostId = ?2 and tokenStatus = ?3 order by id", tenantId, hostId,
                TokenStatus.valid).firstResultOptional().map(u -> ((PbxUser) u).id)
                .orElseThrow(() -> new Errors.ConflictException("no_user_on_host", "PBX host " + hostId
                        + " has no user with a valid token to read its ticket categories with; register one with POST /v1/users"));
    }

    static CategoryView category(TicketCategory c) {
        return new CategoryView(c.name(), c.title(), c.smsQueue().orElse(null), c.statusRequired(), c.closeCheckChilds());
    }
}
