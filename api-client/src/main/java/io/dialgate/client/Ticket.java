package io.dialgate.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Daktela ticket ({@code tickets.json}). Related records are read by name whether the PBX expands
 * them ({@code {name, title, ...}}) or not.
 *
 * @param name the ticket's number, assigned by the PBX
 * @param title the subject
 * @param category the category's name
 * @param user the assignee's login, when assigned
 * @param contact the contact's name, when linked
 * @param description free text, when given
 * @param stage {@code OPEN}, {@code WAIT}, {@code CLOSE} or {@code ARCHIVE}
 * @param priority {@code LOW}, {@code MEDIUM} or {@code HIGH}
 * @param statuses names of the statuses the ticket carries
 * @param parentTicket the parent ticket's number, when it has one
 * @param customFields custom field values; Daktela reads every value back as a list
 * @param created when it was created (PBX local time)
 * @param edited when it was last changed
 * @param closed when it was closed; empty while open
 * @param slaDeadtime the SLA deadline, when the category has an SLA
 */
public record Ticket(String name, String title, String category, Optional<String> user, Optional<String> contact,
        Optional<String> description, String stage, String priority, List<String> statuses,
        Optional<String> parentTicket, Map<String, List<String>> customFields, Optional<LocalDateTime> created,
        Optional<LocalDateTime> edited, Optional<LocalDateTime> closed, Optional<LocalDateTime> slaDeadtime) {

    /** Whether the ticket is closed or archived. */
    public boolean isClosed() {
        return "CLOSE".equalsIgnoreCase(stage) || "ARCHIVE".equalsIgnoreCase(stage);
    }

    static Ticket from(JsonNode n) {
        Map<String, List<String>> custom = new LinkedHashMap<>();
        JsonNode cf = n.get("customFields");
        // An empty set of custom fields arrives as [] rather than {}.
        if (cf != null && cf.isObject()) {
            cf.fields().forEachRemaining(e -> custom.put(e.getKey(),
                    Json.list(e.getValue(), v -> v.asText())));
        }
        return new Ticket(Json.text(n, "name"), Json.text(n, "title"), Json.text(n, "category"),
                Json.optText(n, "user"), Json.optText(n, "contact"), Json.optText(n, "description"),
                Json.text(n, "stage"), Json.text(n, "priority"),
                Json.list(n.get("statuses"), s -> s.isObject() ? s.path("name").asText() : s.asText()),
                Json.optText(n, "parentTicket"), Map.copyOf(custom), Json.time(n, "created"), Json.time(n, "edited"),
                Json.time(n, "closed"), Json.time(n, "sla_deadtime"));
    }
}
