package io.dialgate.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The PBX is throttling this client: HTTP 429. The client has already retried as far as its
 * policy allows when this reaches the caller.
 */
public class DaktelaRateLimitedException extends DaktelaException {

    private static final long serialVersionUID = 1L;

    private final transient Optional<Duration> retryAfter;

    /**
     * @param retryAfter the server's {@code Retry-After} (seconds or HTTP-date) as a delay from now,
     *     or empty when absent or unreadable
     */
    public DaktelaRateLimitedException(String message, List<String> errors, JsonNode errorPayload,
            Optional<Duration> retryAfter) {
        super(message, 429, errors, errorPayload, null);
        this.retryAfter = retryAfter == null ? Optional.empty() : retryAfter;
    }

    /** How long the server asked us to wait, unclamped; empty when it did not say. */
    public Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
