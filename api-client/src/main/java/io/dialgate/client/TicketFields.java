package io.dialgate.client;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * Ticket fields to write: every field of a new ticket, or the fields a partial update changes. A null
 * field is left out of the request (on update: left unchanged). Related records go by name.
 *
 * @param stage {@code OPEN}, {@code WAIT}, {@code CLOSE} or {@code ARCHIVE}
 * @param priority {@code LOW}, {@code MEDIUM} or {@code HIGH}
 * @param user the assignee's login
 */
public record TicketFields(String title, String category, String stage, String priority, String user, String contact,
        String description, String parentTicket, List<String> statuses, Map<String, List<String>> customFields) {

    public TicketFields {
        statuses = statuses == null ? null : List.copyOf(statuses);
        customFields = customFields == null ? null : Map.copyOf(customFields);
    }

    /** A new ticket's two required fields. */
    public static Builder of(String title, String category) {
        return new Builder().title(title).category(category);
    }

    /** An empty change, to fill in for an update. */
    public static Builder change() {
        return new Builder();
    }

    ObjectNode toJson() {
        ObjectNode body = Json.object();
        put(body, "title", title);
        put(body, "category", category);
        put(body, "stage", stage);
        put(body, "priority", priority);
        put(body, "user", user);
        put(body, "contact", contact);
        put(body, "description", description);
        put(body, "parentTicket", parentTicket);
        if (statuses != null) {
            ArrayNode list = body.putArray("statuses");
            statuses.forEach(list::add);
        }
        if (customFields != null) {
            ObjectNode custom = body.putObject("customFields");
            customFields.forEach((k, v) -> {
                ArrayNode values = custom.putArray(k);
                v.forEach(values::add);
            });
        }
        return body;
    }

    private static void put(ObjectNode body, String field, String value) {
        if (value != null) {
            body.put(field, value);
        }
    }

    /** Collects fields; {@link #build()} makes the immutable record. */
    public static final class Builder {
        private String title;
        private String category;
        private String stage;
        private String priority;
        private String user;
        private String contact;
        private String description;
        private String parentTicket;
        private List<String> statuses;
        private Map<String, List<String>> customFields;

        public Builder title(String v) {
            this.title = v;
            return this;
        }

        public Builder category(String v) {
            this.category = v;
            return this;
        }

        public Builder stage(String v) {
            this.stage = v;
            return this;
        }

        public Builder priority(String v) {
            this.priority = v;
            return this;
        }

        public Builder user(String v) {
            this.user = v;
            return this;
        }

        public Builder contact(String v) {
            this.contact = v;
            return this;
        }

        public Builder description(String v) {
            this.description = v;
            return this;
        }

        public Builder parentTicket(String v) {
            this.parentTicket = v;
            return this;
        }

        public Builder statuses(List<String> v) {
            this.statuses = v;
            return this;
        }

        public Builder customFields(Map<String, List<String>> v) {
            this.customFields = v;
            return this;
        }

        public TicketFields build() {
            return new TicketFields(title, category, stage, priority, user, contact, description, parentTicket, statuses,
                    customFields);
        }
    }
}
