package io.dialgate.simulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Masks secrets in what the journal keeps of a request: tokens and passwords never leave the simulator. */
final class Secrets {

    static final String MASK = "***";
    private static final Set<String> NAMES = Set.of("accesstoken", "password", "refreshtoken");
    /** A query parameter whose name (decoded or not, bracketed or not) is a secret's. */
    private static final Pattern QUERY_SECRET = Pattern.compile(
            "(?i)(^|&)((?:[^&=]*(?:\\[|%5B))?(?:accessToken|password|refreshToken)(?:\\]|%5D)?)=[^&]*");

    private Secrets() {
    }

    /** The raw query string with every secret's value masked; null when there is none. */
    static String maskQuery(String query) {
        if (query == null || query.isEmpty()) {
            return null;
        }
        Matcher matcher = QUERY_SECRET.matcher(query);
        return matcher.replaceAll(m -> Matcher.quoteReplacement(m.group(1) + m.group(2) + "=" + MASK));
    }

    /** A copy of the body with every secret's value masked, at any depth. */
    static JsonNode mask(JsonNode body) {
        JsonNode copy = body.deepCopy();
        maskInPlace(copy);
        return copy;
    }

    private static void maskInPlace(JsonNode node) {
        if (node instanceof ObjectNode object) {
            var names = new java.util.ArrayList<String>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                if (NAMES.contains(name.toLowerCase(Locale.ROOT))) {
                    object.put(name, MASK);
                } else {
                    maskInPlace(object.get(name));
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(Secrets::maskInPlace);
        }
    }
}
