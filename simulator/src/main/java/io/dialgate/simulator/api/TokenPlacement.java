package io.dialgate.simulator.api;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a request carried its access token; recorded in the journal instead of the token. */
public enum TokenPlacement {
    QUERY, BODY, HEADER, COOKIE, NONE;

    @JsonValue
    public String wire() {
        return name().toLowerCase();
    }
}
