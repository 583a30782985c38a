package io.dialgate.gateway.operator;

import io.dialgate.gateway.common.PageRequest;
import io.dialgate.gateway.common.PageResponse;
import io.dialgate.gateway.tenant.TenantService;
import io.dialgate.gateway.user.PbxUser;
import io.dialgate.gateway.user.PbxUserResource.UserResponse;
import io.dialgate.gateway.user.PbxUserService;
import io.dialgate.gateway.user.PollStatus;
import io.dialgate.gateway.webhook.WebhookResponses.WebhookResponse;
import io.dialgate.gateway.webhook.WebhookService;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * What the operator reads of one tenant: its counts, users (with their poll status), webhook endpoints and API
 * keys (hints only). The same views the tenant has, never its secrets.
 */
@Path("/admin/tenants/{tenantId}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Operator: tenants")
@SecurityRequirement(name = "operator")
public class AdminTenantViewResource {

    private final TenantService tenants;
    private final PbxUserService users;
    private final PollStatus pollStatus;
    private final WebhookService webhooks;
    private final OperatorOverviewRepository overview;

    public AdminTenantViewResource(TenantService tenants, PbxUserService users, PollStatus pollStatus, WebhookService webhooks,
            OperatorOverviewRepository overview) {
        this.tenants = tenants;
        this.users = users;
        this.pollStatus = pollStatus;
        this.webhooks = webhooks;
        this.overview = overview;
    }

    @Schema(name = "TenantCounts")
    public record CountsResponse(@Schema(example = "ten_01hx3v0c8k6q2m4n5p7r9s1t3v") String tenantId,
            @Schema(example = "42") long users,
            @Schema(description = "Users whose token the PBX refused", example = "1") long invalidTokens,
            @Schema(example = "2") long webhooks,
            @Schema(example = "0") long disabledWebhooks,
            @Schema(description = "Deliveries that failed or wait on a disabled endpoint", example = "3") long failingDeliveries,
            @Schema(example = "1") long activeApiKeys) {
    }

    @Schema(name = "ApiKeyInfo")
    public record KeyResponse(@Schema(example = "key_01hx3v0c8k6q2m4n5p7r9s1t3v") String id,
            @Schema(description = "The key's last four characters", example = "x9Qa") String hint,
            Instant createdAt,
            @Schema(nullable = true) Instant revokedAt) {
    }

    @GET
    @Path("/counts")
    @Operation(summary = "A tenant's counts: users, invalid tokens, endpoints, failing deliveries, keys")
    @APIResponse(responseCode = "200", description = "The counts", content = @Content(schema = @Schema(implementation = CountsResponse.class)))
    @APIResponse(responseCode = "404", description = "No such tenant")
    @Transactional
    public CountsResponse counts(@PathParam("tenantId") String tenantId) {
        tenants.get(tenantId);
        OperatorOverviewRepository.TenantCounts c = overview.countsForTenant(tenantId);
        return new CountsResponse(tenantId, c.users(), c.invalidTokens(), c.webhooks(), c.disabledWebhooks(), c.failingDeliveries(),
                c.activeApiKeys());
    }

    @GET
    @Path("/users")
    @Operation(summary = "A tenant's users, with their token and poll status")
    @APIResponse(responseCode = "200", description = "A page of users")
    @APIResponse(responseCode = "404", description = "No such tenant")
    @Transactional
    public PageResponse<UserResponse> users(@PathParam("tenantId") String tenantId, @Valid @BeanParam PageRequest page) {
        tenants.get(tenantId);
        List<PbxUser> rows = users.list(tenantId, page.afterOrEmpty(), page.limit);
        Map<String, PollStatus.View> polls = pollStatus.of(tenantId, rows);
        return PageResponse.of(rows, page.limit, u -> u.id, u -> UserResponse.of(u, polls.get(u.id)));
    }

    @GET
    @Path("/webhooks")
    @Operation(summary = "A tenant's webhook endpoints (never their secrets)")
    @APIResponse(responseCode = "200", description = "A page of endpoints")
    @APIResponse(responseCode = "404", description = "No such tenant")
    public PageResponse<WebhookResponse> webhooks(@PathParam("tenantId") String tenantId, @Valid @BeanParam PageRequest page) {
        tenants.get(tenantId);
        return PageResponse.of(webhooks.list(tenantId, page.afterOrEmpty(), page.limit), page.limit, e -> e.id, WebhookResponse::of);
    }

    @GET
    @Path("/api-keys")
    @Operation(summary = "A tenant's API keys, newest first: ids and hints, never the keys")
    @APIResponse(responseCode = "200", description = "The keys")
    @APIResponse(responseCode = "404", description = "No such tenant")
    @Transactional
    public List<KeyResponse> keys(@PathParam("tenantId") String tenantId) {
        tenants.get(tenantId);
        return overview.keysForTenant(tenantId).stream().map(k -> new KeyResponse(k.id(), k.hint(), k.createdAt(), k.revokedAt()))
                .toList();
    }
}
