package io.dialgate.simulator.ticket;

import io.dialgate.simulator.common.InvalidInputException;
import io.dialgate.simulator.pbx.PbxRegistry;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** Sets up ticket categories and statuses of an instance, as its administrator would. */
@Path("/_sim/instances/{instance}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TicketControlResource {

    private final PbxRegistry registry;
    private final TicketService tickets;

    public TicketControlResource(PbxRegistry registry, TicketService tickets) {
        this.registry = registry;
        this.tickets = tickets;
    }

    /** 201 when new, 200 when replaced. */
    @POST
    @Path("/ticket-categories")
    public Response putCategory(@PathParam("instance") String instance, TicketCategoryRequest request) {
        boolean created = putCategory(tickets, registry, instance, request);
        return Response.status(created ? 201 : 200).entity(Map.of("name", request.name())).build();
    }

    /** 201 when new, 200 when replaced. */
    @POST
    @Path("/statuses")
    public Response putStatus(@PathParam("instance") String instance, TicketStatusRequest request) {
        boolean created = putStatus(tickets, registry, instance, request);
        return Response.status(created ? 201 : 200).entity(Map.of("name", request.name())).build();
    }

    /** Validates and stores a category; shared with the seed loader. True when new. */
    public static boolean putCategory(TicketService tickets, PbxRegistry registry, String instance,
            TicketCategoryRequest request) {
        var pbx = registry.get(instance);
        if (request == null) {
            throw new InvalidInputException("A JSON body {name, title, smsQueue?, statusRequired?, closeCheckChilds?, sla?} is required");
        }
        String name = required(request.name(), "name");
        String rule = request.statusRequired() == null ? "never" : request.statusRequired();
        if (!TicketService.STATUS_RULES.contains(rule)) {
            throw new InvalidInputException("Field 'statusRequired' must be never, closing_ticket or always");
        }
        TicketCategory.Sla sla = request.sla();
        if (sla != null && ((sla.low() != null && sla.low() < 1) || (sla.medium() != null && sla.medium() < 1)
                || (sla.high() != null && sla.high() < 1))) {
            throw new InvalidInputException("Field 'sla' must give positive minutes");
        }
        return tickets.putCategory(pbx, new TicketCategory(name, request.title() == null ? name : request.title(),
                request.smsQueue(), rule, Boolean.TRUE.equals(request.closeCheckChilds()), sla));
    }

    /** Validates and stores a status; shared with the seed loader. True when new. */
    public static boolean putStatus(TicketService tickets, PbxRegistry registry, String instance,
            TicketStatusRequest request) {
        var pbx = registry.get(instance);
        if (request == null) {
            throw new InvalidInputException("A JSON body {name, title} is required");
        }
        String name = required(request.name(), "name");
        return tickets.putStatus(pbx, new TicketStatus(name, request.title() == null ? name : request.title()));
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException("Field '" + field + "' is required");
        }
        return value;
    }
}
