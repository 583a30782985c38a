package io.dialgate.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Daktela queue ({@code queues.json}).
 *
 * @param name the queue's key, often numeric ("2000")
 * @param title display name
 * @param type direction or channel: {@code in}, {@code out}, {@code sms}...
 */
public record Queue(String name, String title, String type) {

    static Queue from(JsonNode n) {
        return new Queue(Json.text(n, "name"), Json.text(n, "title"), Json.text(n, "type"));
    }
}
