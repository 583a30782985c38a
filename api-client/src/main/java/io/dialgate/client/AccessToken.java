package io.dialgate.client;

import java.util.Objects;

/**
 * A Daktela v6 per-user access token.
 *
 * <p>A value type so that a token can travel through the code (and end up in a log line or an
 * exception by accident) without ever being printed: {@link #toString()} always returns
 * {@code AccessToken[***]}. Call {@link #value()} only where the raw token must go on the wire.
 *
 * @param value the raw token; not blank and without surrounding whitespace (a trailing newline,
 *     common when a token is pasted from a file, would otherwise break the header)
 */
public record AccessToken(String value) {

    /** Strips surrounding whitespace; rejects a null or blank token. */
    public AccessToken {
        Objects.requireNonNull(value, "value");
        value = value.strip();
        if (value.isEmpty()) {
            throw new IllegalArgumentException("access token is blank");
        }
    }

    /** Wraps a raw token; same as the constructor, reads better at call sites. */
    public static AccessToken of(String value) {
        return new AccessToken(value);
    }

    /** Never prints the token. */
    @Override
    public String toString() {
        return "AccessToken[***]";
    }
}
