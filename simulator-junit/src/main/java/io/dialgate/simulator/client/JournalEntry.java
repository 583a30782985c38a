package io.dialgate.simulator.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One Daktela API request the simulator answered, oldest first. {@code path} has no query string;
 * {@code endpoint} is the API endpoint without {@code .json} (e.g. {@code usersSession}); the token
 * itself is never recorded, only where it was found ({@code tokenPlacement}). A dropped connection has
 * status 0. Fields this class does not name (a newer simulator records more, such as the query string
 * or the body with tokens masked) are kept in {@link #other()} and read with {@link #field(String)}.
 */
public record JournalEntry(String method, String path, String endpoint, String tokenPlacement, int status,
        long ms, String at, Map<String, JsonNode> other) {

    private static final Set<String> NAMED = Set.of("method", "path", "endpoint", "tokenPlacement", "status", "ms", "at");

    public JournalEntry {
        other = Map.copyOf(other);
    }

    static JournalEntry from(JsonNode json) {
        Map<String, JsonNode> other = new LinkedHashMap<>();
        json.fields().forEachRemaining(f -> {
            if (!NAMED.contains(f.getKey())) {
                other.put(f.getKey(), f.getValue());
            }
        });
        return new JournalEntry(json.path("method").asText(null), json.path("path").asText(null),
                json.path("endpoint").asText(null), json.path("tokenPlacement").asText(null),
                json.path("status").asInt(), json.path("ms").asLong(), json.path("at").asText(null), other);
    }

    /** A field this class does not name, or null. */
    public JsonNode field(String name) {
        return other.get(name);
    }

    /** True for a request to {@code endpoint} with that HTTP method, e.g. {@code is("POST", "usersSession")}. */
    public boolean is(String httpMethod, String endpointName) {
        return httpMethod.equalsIgnoreCase(method) && endpointName.equals(endpoint);
    }
}
