package io.dialgate.gateway.catalog;

import io.dialgate.client.Pause;
import io.dialgate.client.PullData;
import io.dialgate.client.QueueMembership;
import io.dialgate.gateway.operation.AgentOperationsService;
import io.dialgate.gateway.tenant.TenantContext;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Discovery: which queues, pauses and ticket categories a PBX offers, so an agent app offers real
 * choices (only outbound queues for dialling, only SMS queues for texting) instead of hard-coded names.
 */
@Path("/v1/users/{userId}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Discovery")
@SecurityRequirement(name = "apiKey")
@APIResponse(responseCode = "404", description = "No such user in this tenant")
@APIResponse(responseCode = "422", description = "The user's token is invalid")
@APIResponse(responseCode = "502", description = "The PBX failed or is unreachable")
@APIResponse(responseCode = "504", description = "The PBX did not answer in time")
public class CatalogResource {

    private final PbxCatalog catalog;
    private final AgentOperationsService operations;
    private final TenantContext tenant;

    public CatalogResource(PbxCatalog catalog, AgentOperationsService operations, TenantContext tenant) {
        this.catalog = catalog;
        this.operations = operations;
        this.tenant = tenant;
    }

    public record QueueView(@Schema(example = "2000") String name, @Schema(example = "Outbound sales") String title,
            @Schema(description = "Daktela's queue type: in, out, sms, email, chat...", example = "out") String type,
            @Schema(description = "Whether the user is logged in to it now") boolean loggedIn,
            @Schema(description = "True for an outbound queue: dial through it") boolean forCalls,
            @Schema(description = "True for an SMS queue: send SMS through it") boolean forSms) {
    }

    public record PauseView(@Schema(example = "lunch") String name, @Schema(example = "Lunch") String title,
            @Schema(description = "wrap, dnd, lajdak, or null for a custom pause") String type, boolean paid,
            @Schema(description = "Longest allowed pause in minutes, or null") Long maxDurationMinutes) {
    }

    /** A ticket category as the host endpoint answers it. */
    public record CategoryView(@Schema(example = "support") String name, @Schema(example = "Support") String title,
            @Schema(description = "Default SMS queue of the category's tickets", example = "3000") String smsQueue,
            @Schema(description = "never, closing_ticket (closing needs a status) or always", example = "closing_ticket")
            String statusRequired,
            @Schema(description = "Open child tickets prevent closing") boolean closeCheckChilds) {
    }

    public record ListResponse<T>(List<T> data) {
    }

    @GET
    @Path("/queues")
    @Operation(summary = "The queues of the user's PBX, with their type and whether the user is logged in")
    @APIResponse(responseCode = "200", description = "The queues", content = @Content(
            schema = @Schema(implementation = QueueList.class), examples = @ExampleObject(name = "queues", value = """
                    {"data": [{"name": "1000", "title": "Inbound support", "type": "in", "loggedIn": true, "forCalls": false, "forSms": false},
                              {"name": "2000", "title": "Outbound sales", "type": "out", "loggedIn": false, "forCalls": true, "forSms": false},
                              {"name": "3000", "title": "SMS", "type": "sms", "loggedIn": true, "forCalls": false, "forSms": true}]}""")))
    public Uni<ListResponse<QueueView>> queues(@PathParam("userId") String userId) {
        String tenantId = tenant.tenantId();
        Uni<PullData> session = operations.asUser(tenantId, userId, "state read", c -> c.appPullDataAsync(""));
        return catalog.queues(tenantId, userId).chain(queues -> session.map(data -> {
            Map<String, Boolean> loggedIn = data.queues().orElse(List.of()).stream()
                    .collect(Collectors.toMap(QueueMembership::name, QueueMembership::loggedIn, (a, b) -> a || b));
            return new ListResponse<>(queues.stream().map(q -> new QueueView(q.name(), q.title(), q.type(),
                    loggedIn.getOrDefault(q.name(), false), "out".equals(q.type()), "sms".equals(q.type()))).toList());
        }));
    }

    @GET
    @Path("/pauses")
    @Operation(summary = "The pauses of the user's PBX")
    @APIResponse(responseCode = "200", description = "The pauses", content = @Content(
            schema = @Schema(implementation = PauseList.class), examples = @ExampleObject(name = "pauses", value = """
                    {"data": [{"name": "lunch", "title": "Lunch", "type": null, "paid": false, "maxDurationMinutes": 30},
                              {"name": "wrap", "title": "Wrap-up", "type": "wrap", "paid": true, "maxDurationMinutes": null}]}""")))
    public Uni<ListResponse<PauseView>> pauses(@PathParam("userId") String userId) {
        return catalog.pauses(tenant.tenantId(), userId).map(pauses -> new ListResponse<>(pauses.stream()
                .map(CatalogResource::pause).toList()));
    }

    static PauseView pause(Pause p) {
        return new PauseView(p.name(), p.title(), p.type().orElse(null), p.paid(),
                p.maxDuration().map(java.time.Duration::toMinutes).orElse(null));
    }


    /** For the OpenAPI document: generic records have no schema of their own. */
    public record QueueList(List<QueueView> data) {
    }

    public record PauseList(List<PauseView> data) {
    }

    public record CategoryList(List<CategoryView> data) {
    }
}
