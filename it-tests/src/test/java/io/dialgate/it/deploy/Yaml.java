package io.dialgate.it.deploy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads multi-document YAML into plain maps and lists, the form the deploy checks work on. */
final class Yaml {

    static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory());

    private Yaml() {
    }

    static List<Map<String, Object>> readAll(Path file) {
        try {
            return readAll(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every non-empty document of a YAML stream (Helm output has empty ones where a template rendered nothing). */
    static List<Map<String, Object>> readAll(String text) {
        List<Map<String, Object>> documents = new ArrayList<>();
        try (MappingIterator<Object> it = MAPPER.readerFor(Object.class).readValues(text)) {
            while (it.hasNext()) {
                Object document = it.next();
                if (document instanceof Map<?, ?> map && !map.isEmpty()) {
                    documents.add(cast(map));
                } else if (document != null && !(document instanceof Map)) {
                    throw new IllegalArgumentException("a YAML document is not a mapping: " + document);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }

    static Map<String, Object> readOne(Path file) {
        List<Map<String, Object>> documents = readAll(file);
        if (documents.size() != 1) {
            throw new IllegalArgumentException(file + " must hold exactly one document, has " + documents.size());
        }
        return documents.get(0);
    }

    /** A deep copy, so tests can break a manifest without touching the original. */
    static Map<String, Object> copy(Map<String, Object> document) {
        return MAPPER.convertValue(document, new TypeReference<LinkedHashMap<String, Object>>() { });
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cast(Object map) {
        return (Map<String, Object>) map;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object list) {
        return list == null ? List.of() : (List<Object>) list;
    }

    /** Follows a dotted path of map keys; null when any step is missing. */
    static Object at(Map<String, Object> root, String path) {
        Object current = root;
        for (String key : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    static Map<String, Object> map(Map<String, Object> root, String path) {
        Object value = at(root, path);
        return value instanceof Map<?, ?> ? cast(value) : Map.of();
    }
}
