package io.dialgate.simulator.journal;

/**
 * One answered Daktela API request. {@code path} has no query string and no field holds the
 * token itself, only where it was found. A dropped connection has status 0.
 */
public record JournalEntry(String method, String path, String endpoint, String tokenPlacement, int status,
        long ms, String at) {
}
