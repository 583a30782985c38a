package io.dialgate.simulator.ticket;

/**
 * A ticket category ({@code ticketsCategories}).
 *
 * @param smsQueue default outgoing SMS queue for activities of the category's tickets, or null
 * @param statusRequired {@code never}, {@code closing_ticket} (a status is needed to close) or {@code always}
 * @param closeCheckChilds a ticket with open child tickets can be neither closed nor deleted
 * @param sla solution times in minutes per priority, or null for no SLA
 */
public record TicketCategory(String name, String title, String smsQueue, String statusRequired,
        boolean closeCheckChilds, Sla sla) {

    /** Minutes to solve a ticket of each priority; a null entry means no deadline for that priority. */
    public record Sla(Integer low, Integer medium, Integer high) {

        Integer minutes(String priority) {
            return switch (priority) {
                case "LOW" -> low;
                case "HIGH" -> high;
                default -> medium;
            };
        }
    }
}
