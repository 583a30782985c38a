package io.dialgate.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Optional;

/**
 * A pause definition ({@code pauses.json}).
 *
 * @param name the pause's key, used to start it
 * @param title display name
 * @param type {@code wrap}, {@code dnd}, {@code lajdak}; empty for a custom pause
 * @param paid whether pause time counts as paid work
 * @param maxDuration the longest allowed pause; empty when unlimited
 */
public record Pause(String name, String title, Optional<String> type, boolean paid, Optional<Duration> maxDuration) {

    static Pause from(JsonNode n) {
        return new Pause(Json.text(n, "name"), Json.text(n, "title"), Json.optText(n, "type"), Json.bool(n, "paid"),
                Json.optLong(n.get("max_duration")).filter(s -> s > 0).map(Duration::ofSeconds));
    }
}
