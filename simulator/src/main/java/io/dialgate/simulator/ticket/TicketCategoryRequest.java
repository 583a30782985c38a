package io.dialgate.simulator.ticket;

/**
 * {@code POST /_sim/instances/{i}/ticket-categories} and a seed file's {@code ticketCategories}.
 * {@code statusRequired} is {@code never} (default), {@code closing_ticket} or {@code always};
 * {@code sla} gives solution times in minutes per priority.
 */
public record TicketCategoryRequest(String name, String title, String smsQueue, String statusRequired,
        Boolean closeCheckChilds, TicketCategory.Sla sla) {
}
