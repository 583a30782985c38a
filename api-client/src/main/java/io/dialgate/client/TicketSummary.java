package io.dialgate.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * A ticket as a pull-data {@code tickets} section lists it.
 *
 * @param name the ticket's number
 * @param stage {@code OPEN}, {@code WAIT}, {@code CLOSE} or {@code ARCHIVE}
 * @param edited when it last changed (PBX local time), as text
 */
public record TicketSummary(String name, String title, String stage, String priority, String category,
        Optional<String> edited) {

    /** Whether the ticket is closed or archived. */
    public boolean isClosed() {
        return "CLOSE".equalsIgnoreCase(stage) || "ARCHIVE".equalsIgnoreCase(stage);
    }

    static TicketSummary from(JsonNode n) {
        return new TicketSummary(Json.text(n, "name"), Json.text(n, "title"), Json.text(n, "stage"),
                Json.text(n, "priority"), Json.text(n, "category"), Json.optText(n, "edited"));
    }
}
