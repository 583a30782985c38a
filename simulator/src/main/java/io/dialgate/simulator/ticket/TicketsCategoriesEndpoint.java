package io.dialgate.simulator.ticket;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dialgate.simulator.api.ListQuery;
import io.dialgate.simulator.api.ReadOnlyEndpoint;
import io.dialgate.simulator.pbx.PbxInstance;
import jakarta.inject.Singleton;
import java.util.List;

/** {@code ticketsCategories.json}: categories with their SMS queue, closing rules and SLA; set up through /_sim. */
@Singleton
public class TicketsCategoriesEndpoint extends ReadOnlyEndpoint {

    private final TicketService tickets;

    public TicketsCategoriesEndpoint(ListQuery listQuery, TicketService tickets) {
        super(listQuery);
        this.tickets = tickets;
    }

    @Override
    public String name() {
        return "ticketsCategories";
    }

    @Override
    protected List<ObjectNode> records(PbxInstance instance) {
        return tickets.categories(instance);
    }
}
