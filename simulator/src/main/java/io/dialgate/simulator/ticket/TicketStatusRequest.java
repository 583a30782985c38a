package io.dialgate.simulator.ticket;

/** {@code POST /_sim/instances/{i}/statuses} and a seed file's {@code statuses}. */
public record TicketStatusRequest(String name, String title) {
}
