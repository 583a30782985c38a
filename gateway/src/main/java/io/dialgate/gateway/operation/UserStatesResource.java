package io.dialgate.gateway.operation;

import io.dialgate.gateway.common.PageRequest;
import io.dialgate.gateway.common.PageResponse;
import io.dialgate.gateway.operation.AgentOperationsResource.StateResponse;
import io.dialgate.gateway.polling.PolledStateService;
import io.dialgate.gateway.tenant.TenantContext;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import io.dialgate.gateway.pbx.PbxConfig;
import jakarta.ws.rs.GET;
import java.time.ZoneId;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The polled states of many users in one read, for dashboards such as the console's agents page: a page of 200
 * users costs one query instead of 200 requests to {@code /v1/users/{id}/state}. Only what polling recorded is
 * returned (the PBX is never asked); users not polled yet are absent.
 */
@Path("/v1/user-states")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Agent operations")
@SecurityRequirement(name = "apiKey")
public class UserStatesResource {

    private final PolledStateService polled;
    private final TenantContext tenant;
    private final ZoneId pbxZone;

    public UserStatesResource(PolledStateService polled, TenantContext tenant, PbxConfig pbx) {
        this.polled = polled;
        this.tenant = tenant;
        this.pbxZone = pbx.timeZone();
    }

    @GET
    @Operation(summary = "The polled states of the tenant's users, in user id order",
            description = "Each item is what GET /v1/users/{userId}/state answers for a polled user (source: polling), with "
                    + "its stale flag. The cursor is the last user id; users polling has not seen yet are left out.")
    @APIResponse(responseCode = "200", description = "A page of states")
    public PageResponse<StateResponse> list(@Valid @BeanParam PageRequest page) {
        return PageResponse.of(polled.page(tenant.tenantId(), page.afterOrEmpty(), page.limit), page.limit,
                PolledStateService.PolledUser::userId, p -> AgentOperationsResource.fromPolled(p.userId(), p.polled(), pbxZone));
    }
}
