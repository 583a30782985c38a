package io.dialgate.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** The token's user may not do this: HTTP 403 (for example dialling for a user it has no rights over). */
public class DaktelaForbiddenException extends DaktelaException {

    private static final long serialVersionUID = 1L;

    /** See {@link DaktelaException#DaktelaException(String, int, List, JsonNode, Throwable)}. */
    public DaktelaForbiddenException(String message, List<String> errors, JsonNode errorPayload) {
        super(message, 403, errors, errorPayload, null);
    }
}
