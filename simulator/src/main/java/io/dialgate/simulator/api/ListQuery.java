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
 * Filtering, sorting and paging of list endpoints, in every shape the connectors send: PHP-style
 * {@code filter[field]=value}, Kendo {@code filter[logic]/filter[filters][i][...]}, the simple
 * {@code filter[i][field|operator|value]}, and the same as a JSON string; sort as
 * {@code sort=field&dir=desc}, {@code sort[i][field|dir]} or JSON.
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
        List<ObjectNode> matching = new ArrayList<>(records.stream().filter(filter).toList());
        Comparator<JsonNode> order = order(parseJson(query.get("sort")), query.get("dir"));
        if (order != null) {
            matching.sort(order);
        }
        ObjectNode result = Json.object();
        ArrayNode data = result.putArray("data");
        matching.stream().skip(skip).limit(take).forEach(data::add);
        result.put("total", matching.size());
        return result;
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
            JsonNode filters = node.get("filters");
            if (filters.isArray()) {
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
        return record -> test(valueAt(record, field), operator.toLowerCase(), value);
    }

    private static JsonNode valueAt(JsonNode record, String field) {
        JsonNode node = record;
        for (String part : field.split("\\.")) {
            node = node == null ? null : node.get(part);
        }
        // A relation read back expanded ({name, title, ...}) is filtered by its name, as Daktela does.
        return node != null && node.isObject() && node.has("name") ? node.get("name") : node;
    }

    private static boolean test(JsonNode actual, String operator, JsonNode expected) {
        switch (operator) {
            case "isnull":
                return Json.isMissing(actual);
            case "isnotnull":
                return !Json.isMissing(actual);
            case "in":
            case "notin": {
                boolean found = false;
                if (expected != null && expected.isArray()) {
                    for (JsonNode e : expected) {
                        found |= compare(actual, e) == 0;
                    }
                } else {
                    found = compare(actual, expected) == 0;
                }
                return operator.equals("in") == found;
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
            case "contains":
                return a.contains(e.replace("%", ""));
            case "notlike":
            case "doesnotcontain":
                return !a.contains(e.replace("%", ""));
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
        return (x, y) -> compare(valueAt(x, field), valueAt(y, field));
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
