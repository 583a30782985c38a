package io.dialgate.simulator.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Lenient reading of request values. Form bodies carry only strings ({@code "true"}, {@code "1"}),
 * JSON bodies carry real types, and Daktela accepts both, so every read goes through here.
 */
public final class Json {

    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    /** A new empty object node. */
    public static ObjectNode object() {
        return NODES.objectNode();
    }

    /** True when the field is absent or JSON null. */
    public static boolean isMissing(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    /** Text of a scalar, or null when absent, null or not a scalar. */
    public static String text(JsonNode node) {
        if (isMissing(node) || node.isContainerNode()) {
            return null;
        }
        return node.asText();
    }

    /** Text that must be present and non-blank. */
    public static String requiredText(JsonNode parent, String field) {
        String value = text(parent.get(field));
        if (value == null || value.isBlank()) {
            throw InvalidFieldException.required(field);
        }
        return value;
    }

    /** A boolean from true/false, 1/0, "true"/"false", "1"/"0", "on"/"off". */
    public static boolean bool(JsonNode node, String field) {
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isNumber()) {
            return node.asInt() != 0;
        }
        String value = node.asText().trim().toLowerCase();
        switch (value) {
            case "true", "1", "on", "yes":
                return true;
            case "false", "0", "off", "no", "":
                return false;
            default:
                throw new InvalidInputException("Field '" + field + "' must be a boolean");
        }
    }

    /** An integer from a number or a numeric string; {@code fallback} when absent. */
    public static int integer(JsonNode node, String field, int fallback) {
        if (isMissing(node) || (node.isTextual() && node.asText().isBlank())) {
            return fallback;
        }
        if (node.isIntegralNumber()) {
            return node.asInt();
        }
        try {
            return Integer.parseInt(node.asText().trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("Field '" + field + "' must be an integer");
        }
    }
}
