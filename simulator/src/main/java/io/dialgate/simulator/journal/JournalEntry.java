package io.dialgate.simulator.journal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One answered Daktela API request, so a test can assert what its client sent. {@code path} has no query
 * string; {@code query} is the raw query string and {@code body} the parsed body (form or JSON, null when
 * there was none), both with every secret ({@code accessToken}, {@code password}, {@code refreshToken})
 * masked as {@code ***}. No field holds a token, only where it was found. A dropped connection has status 0.
 */
public record JournalEntry(String method, String path, String endpoint, String tokenPlacement, int status,
        long ms, String at, String query, JsonNode body) {
}
