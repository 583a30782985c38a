package io.dialgate.simulator.ticket;

import io.dialgate.simulator.api.ApiCall;
import io.dialgate.simulator.api.ApiEndpoint;
import io.dialgate.simulator.api.ApiResult;
import io.dialgate.simulator.api.ListQuery;
import io.dialgate.simulator.common.MethodNotAllowedException;
import io.dialgate.simulator.pbx.PbxInstance;
import io.dialgate.simulator.pbx.User;
import io.dialgate.simulator.pbx.Views;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;

/**
 * {@code tickets.json} (GET list, POST create: 201) and {@code tickets/{name}.json} (GET, PUT partial
 * update: 200, DELETE: 204) and {@code tickets/{name}/activities.json} (GET: the activities linked to
 * the ticket, as far as the caller may see them, with the list options). Every user with a token reads
 * and writes every ticket; Daktela's finer access rights are not simulated.
 */
@ApplicationScoped
public class TicketsEndpoint implements ApiEndpoint {

    private final TicketService tickets;
    private final ListQuery listQuery;

    public TicketsEndpoint(TicketService tickets, ListQuery listQuery) {
        this.tickets = tickets;
        this.listQuery = listQuery;
    }

    @Override
    public String name() {
        return "tickets";
    }

    @Override
    public Set<String> relations() {
        return Set.of("activities");
    }

    @Override
    public Uni<ApiResult> handle(ApiCall call) {
        return Uni.createFrom().item(() -> call.record() == null ? collection(call)
                : call.relation() == null ? record(call) : activities(call));
    }

    private ApiResult activities(ApiCall call) {
        if (!"GET".equals(call.method())) {
            throw new MethodNotAllowedException("tickets/{name}/activities.json accepts GET");
        }
        return ApiResult.ok(listQuery.apply(linked(call.instance(), call.user(), call.record()), call.query()));
    }

    /** The ticket's activities the caller has rights over, oldest first; 404 for an unknown ticket. */
    private List<ObjectNode> linked(PbxInstance instance, User caller, String ticket) {
        synchronized (instance) {
            String name = tickets.read(instance, ticket).path("name").asText();
            return instance.activities().stream()
                    .filter(a -> name.equals(a.ticket()) && caller.hasRightsOver(a.user()))
                    .map(a -> Views.activity(instance, a)).toList();
        }
    }

    private ApiResult collection(ApiCall call) {
        return switch (call.method()) {
            case "GET" -> ApiResult.ok(listQuery.apply(tickets.list(call.instance()), call.query()));
            case "POST" -> ApiResult.created(tickets.create(call.instance(), call.user(), call.body()));
            default -> throw new MethodNotAllowedException("tickets.json accepts GET and POST");
        };
    }

    private ApiResult record(ApiCall call) {
        return switch (call.method()) {
            case "GET" -> ApiResult.ok(tickets.read(call.instance(), call.record()));
            case "PUT" -> ApiResult.ok(tickets.update(call.instance(), call.record(), call.body()));
            case "DELETE" -> {
                tickets.delete(call.instance(), call.record());
                yield ApiResult.noContent();
            }
            default -> throw new MethodNotAllowedException("tickets/{name}.json accepts GET, PUT and DELETE");
        };
    }
}
