package io.dialgate.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** The access token (or the login) was rejected: HTTP 401. Invalid, revoked or expired tokens all look alike, so callers should mark the token invalid rather than retry. */
public class DaktelaUnauthorizedException extends DaktelaException {

    private static final long serialVersionUID = 1L;

    /** See {@link DaktelaException#DaktelaException(String, int, List, JsonNode, Throwable)}. */
    public DaktelaUnauthorizedException(String message, List<String> errors, JsonNode errorPayload) {
        super(message, 401, errors, errorPayload, null);
    }
}
