package io.dialgate.simulator.pbx;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Records of the CRM-side models an instance only stores and serves (contacts, CRM and campaign records,
 * SMS and e-mail activities, statuses), by model and name, in insertion order. Not thread-safe: used
 * under the instance's lock.
 */
public final class RecordStore {

    private final Map<String, Map<String, ObjectNode>> models = new HashMap<>();

    /** Adds or replaces a record (keyed by its {@code name}); true when new. */
    public boolean put(String model, ObjectNode record) {
        return models.computeIfAbsent(model, m -> new LinkedHashMap<>()).put(record.path("name").asText(), record) == null;
    }

    public Optional<ObjectNode> get(String model, String name) {
        return Optional.ofNullable(models.getOrDefault(model, Map.of()).get(name));
    }

    public List<ObjectNode> list(String model) {
        return new ArrayList<>(models.getOrDefault(model, Map.of()).values());
    }

    public boolean delete(String model, String name) {
        Map<String, ObjectNode> records = models.get(model);
        return records != null && records.remove(name) != null;
    }

    void clear() {
        models.clear();
    }
}
