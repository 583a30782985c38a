package io.dialgate.simulator.seed;

import io.dialgate.simulator.control.PauseRequest;
import io.dialgate.simulator.control.QueueRequest;
import io.dialgate.simulator.control.UserRequest;
import io.dialgate.simulator.ticket.TicketCategoryRequest;
import io.dialgate.simulator.ticket.TicketStatusRequest;
import java.util.List;

/** A seed file: instances, each with the same bodies the control API takes. */
public record SeedFile(List<Instance> instances) {

    /**
     * One instance to create and fill. Queues and pauses load before users, ticket statuses and categories after
     * them. {@code port}, when given, is a listening port of the instance's own (0: any free port).
     */
    public record Instance(String name, Boolean cors, Integer port, List<QueueRequest> queues, List<PauseRequest> pauses,
            List<UserRequest> users, List<TicketCategoryRequest> ticketCategories, List<TicketStatusRequest> statuses,
            java.util.Map<String, List<com.fasterxml.jackson.databind.JsonNode>> records) {
    }
}
