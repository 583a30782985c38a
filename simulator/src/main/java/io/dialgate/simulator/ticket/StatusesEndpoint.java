package io.dialgate.simulator.ticket;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dialgate.simulator.api.ListQuery;
import io.dialgate.simulator.api.ReadOnlyEndpoint;
import io.dialgate.simulator.pbx.PbxInstance;
import jakarta.inject.Singleton;
import java.util.List;

/** {@code statuses.json}: the statuses tickets can carry; set up through /_sim. */
@Singleton
public class StatusesEndpoint extends ReadOnlyEndpoint {

    private final TicketService tickets;

    public StatusesEndpoint(ListQuery listQuery, TicketService tickets) {
        super(listQuery);
        this.tickets = tickets;
    }

    @Override
    public String name() {
        return "statuses";
    }

    @Override
    protected List<ObjectNode> records(PbxInstance instance) {
        return tickets.statuses(instance);
    }
}
