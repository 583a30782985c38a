package io.dialgate.gateway.ticket;

import io.dialgate.client.Ticket;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A ticket as the gateway answers it. Times are the PBX's local time, as the PBX reports them. */
public record TicketView(
        @Schema(description = "The ticket's number on the PBX", example = "1042") String id,
        @Schema(example = "Router keeps rebooting") String title,
        @Schema(example = "support") String category,
        @Schema(enumeration = {"OPEN", "WAIT", "CLOSE", "ARCHIVE"}, example = "OPEN") String stage,
        @Schema(enumeration = {"LOW", "MEDIUM", "HIGH"}, example = "MEDIUM") String priority,
        @Schema(description = "PBX login of the assignee", example = "agent1") String user,
        String contact, String description,
        @Schema(description = "Names of the statuses the ticket carries") List<String> statuses,
        Map<String, List<String>> customFields,
        String parentTicket,
        @Schema(description = "PBX local time") LocalDateTime createdAt,
        @Schema(description = "PBX local time") LocalDateTime editedAt,
        @Schema(description = "PBX local time; null while open") LocalDateTime closedAt,
        @Schema(description = "SLA deadline, PBX local time; null when the category has no SLA") LocalDateTime slaDeadline) {

    static TicketView of(Ticket t) {
        return new TicketView(t.name(), t.title(), t.category(), t.stage(), t.priority(), t.user().orElse(null),
                t.contact().orElse(null), t.description().orElse(null), t.statuses(), t.customFields(),
                t.parentTicket().orElse(null), t.created().orElse(null), t.edited().orElse(null),
                t.closed().orElse(null), t.slaDeadtime().orElse(null));
    }
}
