package io.dialgate.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Lenient field readers shared by the record mappers. Daktela is loose with types (numbers as
 * strings, booleans as 0/1, relations as nested objects or bare names), so every reader accepts
 * all of those rather than failing a whole response over one field.
 */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final DateTimeFormatter DAKTELA_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Text of a field; a relation object yields its {@code name}; null when absent or null. */
    static String text(JsonNode node, String field) {
        if (node == null) {
            return null;
        }
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || v.isMissingNode()) {
            return null;
        }
        if (v.isObject()) {
            JsonNode name = v.get("name");
            return name == null || name.isNull() ? null : name.asText();
        }
        return v.isValueNode() ? v.asText() : v.toString();
    }

    static Optional<String> optText(JsonNode node, String field) {
        return Optional.ofNullable(text(node, field)).filter(s -> !s.isEmpty());
    }

    static boolean bool(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isNumber()) {
            return v.asLong() != 0;
        }
        String s = v.asText().trim();
        return s.equalsIgnoreCase("true") || s.equals("1") || s.equalsIgnoreCase("yes");
    }

    static long longValue(JsonNode node, String field) {
        return optLong(node == null ? null : node.get(field)).orElse(0L);
    }

    /** A number from a numeric node or a numeric string; empty for null, absent or garbage. */
    static Optional<Long> optLong(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return Optional.empty();
        }
        if (v.isNumber()) {
            return Optional.of(v.asLong());
        }
        if (v.isTextual()) {
            try {
                return Optional.of((long) Double.parseDouble(v.asText().trim()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** A Daktela time ({@code yyyy-MM-dd HH:mm:ss}, PBX local time; ISO also accepted). */
    static Optional<LocalDateTime> time(JsonNode node, String field) {
        String s = text(node, field);
        if (s == null || s.isBlank() || s.startsWith("0000")) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(s.trim(), DAKTELA_TIME));
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(LocalDateTime.parse(s.trim()));
            } catch (DateTimeParseException e2) {
                return Optional.empty();
            }
        }
    }

    /** Elements of an array, or the values of a name-keyed object (Daktela sends both). */
    static List<JsonNode> elements(JsonNode v) {
        List<JsonNode> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (v.isArray()) {
            v.forEach(out::add);
        } else if (v.isObject()) {
            v.fields().forEachRemaining(e -> {
                JsonNode value = e.getValue();
                if (value.isObject() && !value.has("name")) {
                    ObjectNode copy = ((ObjectNode) value).deepCopy();
                    copy.put("name", e.getKey());
                    value = copy;
                }
                out.add(value);
            });
        }
        return out;
    }

    static <T> List<T> list(JsonNode v, Function<JsonNode, T> mapper) {
        List<T> out = new ArrayList<>();
        for (JsonNode e : elements(v)) {
            out.add(mapper.apply(e));
        }
        return List.copyOf(out);
    }
}
