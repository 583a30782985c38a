package io.dialgate.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A status a ticket may carry ({@code statuses.json}).
 *
 * @param name the status's key
 * @param title display name
 */
public record TicketStatus(String name, String title) {

    static TicketStatus from(JsonNode n) {
        return new TicketStatus(Json.text(n, "name"), Json.text(n, "title"));
    }
}
