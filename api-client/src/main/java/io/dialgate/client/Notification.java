package io.dialgate.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of {@code appPullData}'s {@code notifications} section. Daktela does not document its fields;
 * the usual ones are typed, and every field as sent is in {@link #fields()} as plain Java values
 * (String, Number, Boolean, List, Map, null), so no JSON library type leaks into the API.
 *
 * @param name   the notification's id ({@code name}, else {@code id}), when present
 * @param type   its type, when present
 * @param title  its title, when present
 * @param text   its text ({@code text}, else {@code message}), when present
 * @param fields every field as sent
 */
public record Notification(Optional<String> name, Optional<String> type, Optional<String> title, Optional<String> text,
        Map<String, Object> fields) {

    private static final TypeReference<LinkedHashMap<String, Object>> PLAIN = new TypeReference<>() { };

    public Notification {
        // A field may be JSON null, which Map.copyOf refuses.
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    static Notification from(JsonNode n) {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (n.isObject()) {
            fields = Json.MAPPER.convertValue(n, PLAIN);
        } else {
            fields.put("value", Json.MAPPER.convertValue(n, Object.class));
        }
        return new Notification(Json.optText(n, "name").or(() -> Json.optText(n, "id")), Json.optText(n, "type"),
                Json.optText(n, "title"), Json.optText(n, "text").or(() -> Json.optText(n, "message")), fields);
    }
}
