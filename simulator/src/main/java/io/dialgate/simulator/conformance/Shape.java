package io.dialgate.simulator.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The shape of a JSON answer: every path (array elements merged under {@code []}) with the JSON types seen
 * there. Values are left out on purpose: two PBXes never hold the same data, but a client breaks on a
 * missing key or another type.
 */
final class Shape {

    private Shape() {
    }

    /** Path to types seen ({@code object}, {@code array}, {@code string}, {@code number}, {@code boolean}, {@code null}). */
    static Map<String, java.util.Set<String>> of(JsonNode node) {
        Map<String, java.util.Set<String>> paths = new TreeMap<>();
        walk("", node, paths);
        return paths;
    }

    private static void walk(String path, JsonNode node, Map<String, java.util.Set<String>> paths) {
        paths.computeIfAbsent(path.isEmpty() ? "$" : path, p -> new java.util.TreeSet<>()).add(type(node));
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                walk(path + "." + field.getKey(), field.getValue(), paths);
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                walk(path + "[]", element, paths);
            }
        }
    }

    static String type(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "null";
        }
        if (node.isObject()) {
            return "object";
        }
        if (node.isArray()) {
            return "array";
        }
        if (node.isNumber()) {
            return "number";
        }
        if (node.isBoolean()) {
            return "boolean";
        }
        return "string";
    }
}
