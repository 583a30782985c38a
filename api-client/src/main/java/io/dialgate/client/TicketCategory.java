package io.dialgate.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * A ticket category ({@code ticketsCategories.json}).
 *
 * @param name the category's key, which tickets reference
 * @param title display name
 * @param smsQueue the default outgoing SMS queue for the category's tickets, when set
 * @param statusRequired {@code never}, {@code closing_ticket} (closing needs a status) or {@code always}
 * @param closeCheckChilds whether open child tickets prevent closing
 */
public record TicketCategory(String name, String title, Optional<String> smsQueue, String statusRequired,
        boolean closeCheckChilds) {

    static TicketCategory from(JsonNode n) {
        String rule = Json.text(n, "status_required");
        return new TicketCategory(Json.text(n, "name"), Json.text(n, "title"), Json.optText(n, "sms_queue"),
                rule == null || rule.isEmpty() ? "never" : rule, Json.bool(n, "closeCheckChilds"));
    }
}
