package io.dialgate.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * Daktela rejected the request's content: HTTP 400 or 422, form errors, or an {@code error} list
 * that arrived with a successful HTTP status (Daktela does that; a 200 with errors is a failure).
 */
public class DaktelaValidationException extends DaktelaException {

    private static final long serialVersionUID = 1L;

    private final Map<String, String> fieldErrors;

    /**
     * @param status the HTTP status (200 when the errors came with a success status)
     * @param fieldErrors form errors by field; nested forms use dotted paths ({@code item.number})
     */
    public DaktelaValidationException(String message, int status, List<String> errors, JsonNode errorPayload,
            Map<String, String> fieldErrors) {
        super(message, status, errors, errorPayload, null);
        this.fieldErrors = fieldErrors == null ? Map.of() : Map.copyOf(fieldErrors);
    }

    /** Form errors by field name (dotted path for nested forms); empty when Daktela gave none. */
    public Map<String, String> fieldErrors() {
        return fieldErrors;
    }
}
