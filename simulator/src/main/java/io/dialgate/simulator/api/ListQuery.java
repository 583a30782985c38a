package io.dialgate.simulator.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dialgate.simulator.common.InvalidInputException;
import io.dialgate.simulator.common.Json;
import io.dialgate.simulator.common.SimulatorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Filtering, searching, sorting, paging and field selection of list endpoints, in every shape the
 * connectors send: PHP-style {@code filter[field]=value}, Kendo {@code filter[logic]/filter[filters][i][...]}
 * (arrays as {@code [i]} or {@code []}), the simple {@code filter[i][field|operator|value]}, a triple
 * {@code filter[i][0..2]} (field, operator, value), and each as a JSON string; sort as
 * {@code sort=field&dir=desc}, {@code sort[i][field|dir]}, {@code sort[field|dir]} or JSON; {@code fields}
 * as a list, a comma-separated string or JSON; {@code q} searches every value; {@code total=false}
 * leaves the total out. A related record (nested {@code user: {name, ...}}) compares by its name.
 */
@ApplicationScoped
public class ListQuery {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final SimulatorConfig config;

    public ListQuery(SimulatorConfig config) {
        this.config = config;
    }

    /** Applies the query to the records and returns {@code {data, total}}. */
    public ObjectNode apply(List<ObjectNode> records, ObjectNode query) {
        int skip = Json.integer(query.get("skip"), "skip", 0);
        int take = Json.integer(query.get("take"), "take", config.lists().defaultTake());
        if (skip < 0) {
            throw new InvalidInputException("Parameter 'skip' must not be negative");
        }
        if (take < 0) {
            throw new InvalidInputException("Parameter 'take' must not be negative");
        }
        take = Math.min(take, config.lists().maxTake());
        Predicate<JsonNode> filter = filter(parseJson(query.get("filter")));
        String q = Json.text(query.get("q"));
        if (q != null && !q.isBlank()) {
            String needle = q.trim().toLowerCase(java.util.Locale.ROOT);
            filter = filter.and(r -> mentions(r, needle));
        }
        List<ObjectNode> matching = new ArrayList<>(records.stream().filter(filter).toList());
        Comparator<JsonNode> order = order(parseJson(query.get("sort")), query.get("dir"));
        if (order != null) {
            matching.sort(order);
        }
        ObjectNode result = Json.object();
        ArrayNode data = result.putArray("data");
        List<String> fields = fields(parseJson(query.get("fields")));
        matching.stream().skip(skip).limit(take).map(r -> project(r, fields)).forEach(data::add);
        JsonNode total = query.get("total");
        if (Json.isMissing(total) || Json.bool(total, "total")) {
            result.put("total", matching.size());
        }
        return result;
    }

    /** The requested field names; empty for all. */
    private static List<String> fields(JsonNode node) {
        List<String> fields = new ArrayList<>();
        if (Json.isMissing(node)) {
            return fields;
        }
        if (node.isContainerNode()) {
            node.forEach(f -> {
                if (!f.isValueNode()) {
                    throw new InvalidInputException("Parameter 'fields' must list field names");
                }
                fields.add(f.asText().trim());
            });
        } else {
            for (String f : node.asText().split(",")) {
                fields.add(f.trim());
            }
        }
        fields.removeIf(String::isEmpty);
        return fields;
    }

    /** Only the requested fields, in the order asked; a dotted name picks a field of a related record. */
    private static ObjectNode project(ObjectNode record, List<String> fields) {
        if (fields.isEmpty()) {
            return record;
        }
        ObjectNode projected = Json.object();
        for (String field : fields) {
            int dot = field.indexOf('.');
            if (dot < 0) {
                JsonNode value = record.get(field);
                if (value != null) {
                    projected.set(field, value);
                }
                continue;
            }
            String head = field.substring(0, dot);
            JsonNode related = record.get(head);
            JsonNode value = valueAt(record, field);
            if (related != null && related.isObject() && value != null) {
                JsonNode target = projected.get(head);
                ObjectNode part = target instanceof ObjectNode o ? o : projected.putObject(head);
                part.set(field.substring(dot + 1), value);
            }
        }
        return projected;
    }

    /** True when any value of the record (nested ones too) contains the text, ignoring case. */
    private static boolean mentions(JsonNode node, String text) {
        if (node == null || node.isNull()) {
            return false;
        }
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                // _sys is bookkeeping, not the record's content.
                if (!field.getKey().equals("_sys") && mentions(field.getValue(), text)) {
                    return true;
                }
            }
            return false;
        }
        if (node.isArray()) {
            for (JsonNode child : node) {
                if (mentions(child, text)) {
                    return true;
                }
            }
            return false;
        }
        return node.asText().toLowerCase(java.util.Locale.ROOT).contains(text);
    }

    private static JsonNode parseJson(JsonNode node) {
        if (node != null && node.isTextual()) {
            String text = node.asText().trim();
            if (text.startsWith("[") || text.startsWith("{")) {
                try {
                    return MAPPER.readTree(text);
                } catch (JsonProcessingException e) {
                    throw new InvalidInputException("Parameter is not valid JSON: " + e.getOriginalMessage());
                }
            }
        }
        return node;
    }

    private Predicate<JsonNode> filter(JsonNode node) {
        if (Json.isMissing(node) || (node.isTextual() && node.asText().isEmpty())) {
            return r -> true;
        }
        if (node.isArray() && node.size() == 3 && node.get(0).isValueNode() && node.get(1).isValueNode()) {
            // A triple: [field, operator, value].
            return condition(node.get(0).asText(), node.get(1).asText(), node.get(2));
        }
        if (node.isArray()) {
            Predicate<JsonNode> all = r -> true;
            for (JsonNode element : node) {
                all = all.and(filter(element));
            }
            return all;
        }
        if (!node.isObject()) {
            throw new InvalidInputException("Parameter 'filter' has an unsupported shape");
        }
        if (node.has("filters")) {
            boolean or = "or".equalsIgnoreCase(node.path("logic").asText("and"));
            List<Predicate<JsonNode>> parts = new ArrayList<>();
            JsonNode filters = parseJson(node.get("filters"));
            if (filters.isArray() || (filters.isObject() && !filters.has("field") && !filters.has("filters"))) {
                // An object here is a list whose indexes had gaps ({"0": .., "2": ..}).
                filters.forEach(f -> parts.add(filter(f)));
            } else {
                parts.add(filter(filters));
            }
            return r -> or ? parts.stream().anyMatch(p -> p.test(r)) : parts.stream().allMatch(p -> p.test(r));
        }
        if (node.has("field")) {
            return condition(node.get("field").asText(), node.path("operator").asText("eq"), node.get("value"));
        }
        Predicate<JsonNode> all = r -> true;
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            Predicate<JsonNode> part = value.isObject() && value.has("operator")
                    ? condition(field.getKey(), value.get("operator").asText(), value.get("value"))
                    : condition(field.getKey(), "eq", value);
            all = all.and(part);
        }
        return all;
    }

    private static Predicate<JsonNode> condition(String field, String operator, JsonNode value) {
        String op = operator.toLowerCase(java.util.Locale.ROOT);
        if (!OPERATORS.contains(op)) {
            throw new InvalidInputException("Unsupported filter operator '" + operator + "'");
        }
        return record -> test(valueAt(record, field), op, value);
    }

    /** Every operator Daktela documents. */
    private static final java.util.Set<String> OPERATORS = java.util.Set.of("eq", "neq", "gt", "gte", "lt", "lte",
            "like", "notlike", "startswith", "endswith", "contains", "doesnotcontain", "isnull", "isnotnull",
            "isempty", "isnotempty", "in", "notin", "between");

    private static JsonNode valueAt(JsonNode record, String field) {
        JsonNode node = record;
        for (String part : field.split("\\.")) {
            node = node == null ? null : node.get(part);
        }
        // A relation read back expanded ({name, title, ...}) is filtered by its name, as Daktela does.
        return node != null && node.isObject() && node.has("name") ? node.get("name") : node;
    }

    /** The value to compare: a related record stands for its name. */
    private static JsonNode comparable(JsonNode value) {
        if (value != null && value.isObject()) {
            return value.get("name");
        }
        return value;
    }

    /** The values of {@code in}, {@code notin} and {@code between}: a list, or one comma-separated text. */
    private static List<JsonNode> values(JsonNode expected) {
        List<JsonNode> values = new ArrayList<>();
        if (Json.isMissing(expected)) {
            return values;
        }
        if (expected.isContainerNode()) {
            expected.forEach(values::add);
        } else if (expected.isTextual() && expected.asText().contains(",")) {
            for (String part : expected.asText().split(",")) {
                values.add(Json.NODES.textNode(part.trim()));
            }
        } else {
            values.add(expected);
        }
        return values;
    }

    /** SQL LIKE: {@code %} any run, {@code _} one character; case-insensitive. */
    private static boolean like(String actual, String pattern) {
        if (!pattern.contains("%") && !pattern.contains("_")) {
            return actual.contains(pattern);
        }
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '%' -> regex.append(".*");
                case '_' -> regex.append('.');
                default -> regex.append(java.util.regex.Pattern.quote(String.valueOf(c)));
            }
        }
        return java.util.regex.Pattern.compile(regex.toString(), java.util.regex.Pattern.DOTALL).matcher(actual).matches();
    }

    private static boolean isEmpty(JsonNode value) {
        return Json.isMissing(value) || (value.isTextual() && value.asText().isEmpty())
                || (value.isContainerNode() && value.isEmpty());
    }

    private static boolean test(JsonNode raw, String operator, JsonNode expected) {
        JsonNode actual = comparable(raw);
        switch (operator) {
            case "isnull":
                return Json.isMissing(actual);
            case "isnotnull":
                return !Json.isMissing(actual);
            case "isempty":
                return isEmpty(raw);
            case "isnotempty":
                return !isEmpty(raw);
            case "in":
            case "notin": {
                boolean found = false;
                for (JsonNode e : values(expected)) {
                    found |= compare(actual, e) == 0;
                }
                return operator.equals("in") == found;
            }
            case "between": {
                List<JsonNode> bounds = values(expected);
                if (bounds.size() != 2) {
                    throw new InvalidInputException("Filter operator 'between' needs two values");
                }
                return !Json.isMissing(actual) && compare(actual, bounds.get(0)) >= 0
                        && compare(actual, bounds.get(1)) <= 0;
            }
            default:
                break;
        }
        String a = Json.isMissing(actual) ? "" : actual.asText().toLowerCase();
        String e = Json.isMissing(expected) ? "" : expected.asText().toLowerCase();
        switch (operator) {
            case "eq":
                return compare(actual, expected) == 0;
            case "neq":
                return compare(actual, expected) != 0;
            case "gt":
                return compare(actual, expected) > 0;
            case "gte":
                return compare(actual, expected) >= 0;
            case "lt":
                return compare(actual, expected) < 0;
            case "lte":
                return compare(actual, expected) <= 0;
            case "like":
                return like(a, e);
            case "notlike":
                return !like(a, e);
            case "contains":
                return a.contains(e);
            case "doesnotcontain":
                return !a.contains(e);
            case "startswith":
                return a.startsWith(e);
            case "endswith":
                return a.endsWith(e);
            default:
                throw new InvalidInputException("Unsupported filter operator '" + operator + "'");
        }
    }

    /** Numbers compare as numbers, booleans as 1/0 (how Daktela filters send them), the rest as text. */
    private static int compare(JsonNode actual, JsonNode expected) {
        if (Json.isMissing(actual) || Json.isMissing(expected)) {
            return Json.isMissing(actual) && Json.isMissing(expected) ? 0 : Json.isMissing(actual) ? -1 : 1;
        }
        String a = actual.isBoolean() ? (actual.booleanValue() ? "1" : "0") : actual.asText();
        String e = expected.isBoolean() ? (expected.booleanValue() ? "1" : "0") : expected.asText();
        if (actual.isBoolean() && !expected.isBoolean()) {
            e = "true".equalsIgnoreCase(e) ? "1" : "false".equalsIgnoreCase(e) ? "0" : e;
        }
        BigDecimal na = number(a);
        BigDecimal ne = number(e);
        if (na != null && ne != null) {
            return na.compareTo(ne);
        }
        return a.compareTo(e);
    }

    private static BigDecimal number(String text) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Comparator<JsonNode> order(JsonNode sort, JsonNode dir) {
        if (Json.isMissing(sort)) {
            return null;
        }
        if (sort.isTextual()) {
            return direction(byField(sort.asText()), Json.text(dir));
        }
        if (sort.isArray() && !sort.isEmpty() && sort.get(0).isValueNode()) {
            // sort[]=field&dir=desc: one or more field names
            Comparator<JsonNode> order = null;
            for (JsonNode name : sort) {
                Comparator<JsonNode> one = direction(byField(name.asText()), Json.text(dir));
                order = order == null ? one : order.thenComparing(one);
            }
            return order;
        }
        List<JsonNode> parts = new ArrayList<>();
        if (sort.isArray()) {
            sort.forEach(parts::add);
        } else if (sort.isObject()) {
            parts.add(sort);
        }
        Comparator<JsonNode> order = null;
        for (JsonNode part : parts) {
            String field = Json.text(part.get("field"));
            if (field == null) {
                throw new InvalidInputException("Parameter 'sort' needs a 'field'");
            }
            Comparator<JsonNode> one = direction(byField(field), Json.text(part.get("dir")));
            order = order == null ? one : order.thenComparing(one);
        }
        return order;
    }

    private static Comparator<JsonNode> byField(String field) {
        return (x, y) -> compare(comparable(valueAt(x, field)), comparable(valueAt(y, field)));
    }

    private static Comparator<JsonNode> direction(Comparator<JsonNode> comparator, String dir) {
        if (dir == null || dir.equalsIgnoreCase("asc")) {
            return comparator;
        }
        if (dir.equalsIgnoreCase("desc")) {
            return comparator.reversed();
        }
        throw new InvalidInputException("Sort direction must be 'asc' or 'desc'");
    }
}
