package io.dialgate.simulator.pbx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Related records in a record: nested objects, as Daktela answers, or bare names, as older clients expect. */
public final class Relations {

    /** How related records are rendered. */
    public enum Style {
        /** {@code "user": {"name": "jane", "title": "Jane", ...}} */
        NESTED,
        /** {@code "user": "jane"} */
        FLAT
    }

    private Relations() {
    }

    /** The related record's name, from either shape; null when absent. */
    public static String name(JsonNode relation) {
        if (relation == null || relation.isNull() || relation.isMissingNode()) {
            return null;
        }
        return relation.isObject() ? relation.path("name").asText(null) : relation.asText();
    }

    /** Sets {@code field} to the related record, or to its name in the flat style, or to null. */
    static void put(ObjectNode node, String field, Style style, String name, ObjectNode record) {
        if (name == null) {
            node.putNull(field);
        } else if (style == Style.FLAT || record == null) {
            node.put(field, name);
        } else {
            node.set(field, record);
        }
    }
}
