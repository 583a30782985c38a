package io.dialgate.simulator.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * A Daktela validation error: HTTP 400 whose {@code error} is an object {@code {form: {field: message}}}
 * (with {@code primary: [..]} for errors of the whole record) and whose {@code result} echoes the
 * record that was refused, as captured answers of real instances show.
 */
public class FormException extends StatusException {

    private final ObjectNode error;
    private final JsonNode echo;

    private FormException(String message, ObjectNode error, JsonNode echo) {
        super(400, message);
        this.error = error;
        this.echo = echo;
    }

    /** Errors of single fields, in the given order. */
    public static FormException fields(Map<String, String> fields, JsonNode echo) {
        ObjectNode error = Json.object();
        ObjectNode form = error.putObject("form");
        fields.forEach(form::put);
        return new FormException(String.join("; ", fields.values()), error, echo);
    }

    /** An error of the whole record ({@code primary}), such as a rule that forbids closing. */
    public static FormException primary(String message, JsonNode echo) {
        ObjectNode error = Json.object();
        error.putArray("primary").add(message);
        error.putObject("form");
        return new FormException(message, error, echo);
    }

    public ObjectNode error() {
        return error;
    }

    public JsonNode echo() {
        return echo;
    }
}
