package io.dialgate.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** The record (or endpoint) does not exist: HTTP 404. */
public class DaktelaNotFoundException extends DaktelaException {

    private static final long serialVersionUID = 1L;

    /** See {@link DaktelaException#DaktelaException(String, int, List, JsonNode, Throwable)}. */
    public DaktelaNotFoundException(String message, List<String> errors, JsonNode errorPayload) {
        super(message, 404, errors, errorPayload, null);
    }
}
