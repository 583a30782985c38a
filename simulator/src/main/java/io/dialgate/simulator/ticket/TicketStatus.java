package io.dialgate.simulator.ticket;

/** A status a ticket can carry ({@code statuses.json}); a category may require one to close. */
public record TicketStatus(String name, String title) {
}
