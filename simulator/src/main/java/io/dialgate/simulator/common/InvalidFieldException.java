package io.dialgate.simulator.common;

/**
 * A record field that fails validation. The Daktela API answers it as a form error
 * ({@code "error": {"form": {field: message}}}, the rejected record echoed in {@code result}); the
 * control API as a plain problem with the full message.
 */
public class InvalidFieldException extends InvalidInputException {

    /** Daktela's wording for a missing mandatory field. */
    public static final String MANDATORY = "Item is mandatory";

    private final String field;
    private final String formMessage;

    public InvalidFieldException(String field, String formMessage, String message) {
        super(message);
        this.field = field;
        this.formMessage = formMessage;
    }

    /** A missing mandatory field. */
    public static InvalidFieldException required(String field) {
        return new InvalidFieldException(field, MANDATORY, "Field '" + field + "' is required");
    }

    /** The field as the request named it. */
    public String field() {
        return field;
    }

    /** The message under the field in Daktela's {@code form} object. */
    public String formMessage() {
        return formMessage;
    }
}
