package io.dialgate.gateway.ticket;

import io.dialgate.gateway.common.Problem;
import io.dialgate.gateway.tenant.TenantContext;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A user's tickets: create, list, change (stage, priority, assignee, statuses, comment). */
@Path("/v1/users/{userId}/tickets")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Tickets")
@SecurityRequirement(name = "apiKey")
@APIResponse(responseCode = "400", description = "A field breaks a rule or names an unknown category (errors[] names the field)",
        content = @Content(mediaType = Problem.MEDIA_TYPE))
@APIResponse(responseCode = "404", description = "No such user, or no such ticket assigned to the user",
        content = @Content(mediaType = Problem.MEDIA_TYPE))
@APIResponse(responseCode = "422", description = "The PBX refused a field (its message is passed on), or the user's token is invalid",
        content = @Content(mediaType = Problem.MEDIA_TYPE))
@APIResponse(responseCode = "502", description = "The PBX failed or is unreachable", content = @Content(mediaType = Problem.MEDIA_TYPE))
@APIResponse(responseCode = "504", description = "The PBX did not answer in time", content = @Content(mediaType = Problem.MEDIA_TYPE))
public class TicketResource {

    static final String NAME = "[A-Za-z0-9_.:-]{1,64}";
    static final String STAGE = "OPEN|WAIT|CLOSE|ARCHIVE";
    static final String PRIORITY = "LOW|MEDIUM|HIGH";

    private final TicketService tickets;
    private final TenantContext tenant;

    public TicketResource(TicketService tickets, TenantContext tenant) {
        this.tickets = tickets;
        this.tenant = tenant;
    }

    public record TicketRequest(
            @NotBlank @Size(max = 255, message = "must be at most 255 characters") @Schema(example = "Router keeps rebooting") String title,
            @NotBlank @Pattern(regexp = NAME, message = "must be a category name") @Schema(example = "support") String category,
            @Pattern(regexp = PRIORITY, message = "must be LOW, MEDIUM or HIGH") @Schema(description = "Default MEDIUM") String priority,
            @Pattern(regexp = STAGE, message = "must be OPEN, WAIT, CLOSE or ARCHIVE") @Schema(description = "Default OPEN") String stage,
            @Size(max = 10000, message = "must be at most 10000 characters") String description,
            @Pattern(regexp = NAME, message = "must be a contact name") String contact,
            @Size(max = 50, message = "must have at most 50 fields") Map<@Pattern(regexp = NAME, message = "must be a field name") String,
                    @Size(max = 20, message = "must have at most 20 values") List<@NotNull @Size(max = 1000) String>> customFields) {
    }

    public record TicketPatch(
            @Pattern(regexp = STAGE, message = "must be OPEN, WAIT, CLOSE or ARCHIVE") String stage,
            @Pattern(regexp = PRIORITY, message = "must be LOW, MEDIUM or HIGH") String priority,
            @Pattern(regexp = NAME, message = "must be a PBX login") @Schema(description = "Reassign to this PBX login") String user,
            @Size(max = 20) List<@NotNull @Pattern(regexp = NAME, message = "must be a status name") String> statuses,
            @Size(min = 1, max = 10000, message = "must be 1 to 10000 characters")
            @Schema(description = "Adds a comment to the ticket") String comment) {
    }

    public record TicketPageResponse(List<TicketView> data,
            @Schema(description = "Pass as ?after= for the next page; null on the last page") String nextCursor) {
    }

    @POST
    @Operation(summary = "Create a ticket assigned to the user")
    @RequestBody(content = @Content(examples = @ExampleObject(name = "ticket", value = """
            {"title": "Router keeps rebooting", "category": "support", "priority": "HIGH", "description": "Since Monday",
             "customFields": {"order": ["A-1042"]}}""")))
    @APIResponse(responseCode = "201", description = "Created", content = @Content(schema = @Schema(implementation = TicketView.class)))
    public Uni<Response> create(@PathParam("userId") String userId, @Valid @NotNull TicketRequest request) {
        return tickets.create(tenant.tenantId(), userId, new TicketService.NewTicket(request.title(), request.category(),
                        request.stage(), request.priority(), request.description(), request.contact(), request.customFields()))
                .map(t -> Response.status(Response.Status.CREATED).entity(TicketView.of(t)).type(MediaType.APPLICATION_JSON).build());
    }

    @GET
    @Operation(summary = "The tickets assigned to the user, newest first")
    @APIResponse(responseCode = "200", description = "One page",
            content = @Content(schema = @Schema(implementation = TicketPageResponse.class)))
    public Uni<TicketPageResponse> list(@PathParam("userId") String userId,
            @QueryParam("stage") @Pattern(regexp = STAGE, message = "must be OPEN, WAIT, CLOSE or ARCHIVE") String stage,
            @QueryParam("after") @Pattern(regexp = "[0-9]{1,7}", message = "must be a cursor returned as nextCursor") String after,
            @QueryParam("limit") @DefaultValue("50") @Min(value = 1, message = "must be between 1 and 200")
            @Max(value = 200, message = "must be between 1 and 200") int limit) {
        int offset = after == null ? 0 : Integer.parseInt(after);
        return tickets.list(tenant.tenantId(), userId, stage, offset, limit).map(page -> new TicketPageResponse(
                page.tickets().stream().map(TicketView::of).toList(), page.next() == null ? null : page.next().toString()));
    }

    @PATCH
    @Path("/{ticket}")
    @Operation(summary = "Change a ticket of the user", description = "Close with {\"stage\": \"CLOSE\"} (with statuses when"
            + " the category requires one). The PBX's refusal of a change, such as closing without a required status or"
            + " with open child tickets, is a 409 carrying its message.")
    @RequestBody(content = @Content(examples = @ExampleObject(name = "close", value = """
            {"stage": "CLOSE", "statuses": ["resolved"], "comment": "Replaced the power supply"}""")))
    @APIResponse(responseCode = "200", description = "The ticket after the change",
            content = @Content(schema = @Schema(implementation = TicketView.class)))
    @APIResponse(responseCode = "409", description = "The PBX refused the change (category rules)",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<TicketView> change(@PathParam("userId") String userId,
            @PathParam("ticket") @Pattern(regexp = "[0-9]{1,12}", message = "must be a ticket number") String ticket,
            @Valid @NotNull TicketPatch patch) {
        return tickets.change(tenant.tenantId(), userId, ticket, new TicketService.TicketChange(patch.stage(), patch.priority(),
                patch.user(), patch.statuses(), patch.comment())).map(TicketView::of);
    }
}
