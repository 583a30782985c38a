package io.dialgate.simulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dialgate.simulator.common.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Turns PHP/jQuery bracketed form keys ({@code queues[0][login]=true}) into a Jackson tree, so the
 * endpoints read form and JSON bodies the same way. Values stay strings: a form has no types, and
 * {@link Json} coerces on read. Objects whose keys are exactly 0..n-1 become arrays.
 */
public final class FormTreeParser {

    private FormTreeParser() {
    }

    /** Parses decoded parameters (name to values, in order). */
    public static ObjectNode parse(Map<String, List<String>> parameters) {
        ObjectNode root = Json.object();
        parameters.forEach((key, values) -> values.forEach(value -> put(root, segments(key), value)));
        return (ObjectNode) arraysFromIndexes(root);
    }

    /** {@code a[b][0][]} to [a, b, 0, ""]; a key with unbalanced brackets is taken literally. */
    static List<String> segments(String key) {
        List<String> segments = new ArrayList<>();
        int open = key.indexOf('[');
        if (open <= 0) {
            segments.add(key);
            return segments;
        }
        segments.add(key.substring(0, open));
        int position = open;
        while (position < key.length()) {
            if (key.charAt(position) != '[') {
                return List.of(key);
            }
            int close = key.indexOf(']', position);
            if (close < 0) {
                return List.of(key);
            }
            segments.add(key.substring(position + 1, close));
            position = close + 1;
        }
        return segments;
    }

    private static void put(ObjectNode root, List<String> segments, String value) {
        ObjectNode node = root;
        for (int i = 0; i < segments.size() - 1; i++) {
            String segment = segments.get(i).isEmpty() ? String.valueOf(node.size()) : segments.get(i);
            JsonNode child = node.get(segment);
            if (!(child instanceof ObjectNode)) {
                child = node.putObject(segment);
            }
            node = (ObjectNode) child;
        }
        String last = segments.get(segments.size() - 1);
        node.put(last.isEmpty() ? String.valueOf(node.size()) : last, value);
    }

    private static JsonNode arraysFromIndexes(JsonNode node) {
        if (!(node instanceof ObjectNode object)) {
            return node;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            field.setValue(arraysFromIndexes(field.getValue()));
        }
        if (object.isEmpty()) {
            return object;
        }
        for (int i = 0; i < object.size(); i++) {
            if (!object.has(String.valueOf(i))) {
                return object;
            }
        }
        ArrayNode array = Json.NODES.arrayNode();
        for (int i = 0; i < object.size(); i++) {
            array.add(object.get(String.valueOf(i)));
        }
        return array;
    }
}
