package io.dialgate.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Reads Daktela's response envelope {@code {"error": ..., "result": ..., "_time": ...}} and turns
 * failures into the {@link DaktelaException} hierarchy.
 *
 * <p>Lenient on purpose: {@code error} may be a list of strings, a list of form-error objects
 * ({@code {"primary": [...], "form": {...}}}), a bare object or a string; it may come with HTTP
 * 200; the body may be a proxy's HTML page. Every one of those must end up as a typed exception,
 * never as a Jackson error or, worse, a "success" with a null result.
 */
final class Envelope {

    private static final int MAX_MESSAGE = 300;

    private Envelope() {
    }

    /** Daktela's error messages and form errors, normalised. */
    record Errors(List<String> messages, Map<String, String> fields) {
        boolean isEmpty() {
            return messages.isEmpty() && fields.isEmpty();
        }
    }

    /**
     * Returns the {@code result} node of a successful response (a {@link NullNode} for 204 or a
     * null result), or throws.
     *
     * @param operation what was called, for messages ("GET pauses"); must not contain the token
     * @param redact scrubs the token out of any text taken from the response
     */
    /** Where a list result keeps the envelope's {@code _time} for {@link Paging}. */
    static final String SERVER_TIME = "_time";

    static JsonNode parse(String operation, int status, String body, String retryAfter, Clock clock,
            UnaryOperator<String> redact) {
        JsonNode root = null;
        boolean json = false;
        if (body != null && !body.isBlank()) {
            try {
                root = Json.MAPPER.readTree(body);
                json = root != null && root.isObject();
            } catch (JsonProcessingException e) {
                json = false;
            }
        }
        JsonNode errorNode = json ? root.has("error") ? root.get("error") : root.get("errors") : null;
        JsonNode payload = errorNode == null ? MissingNode.getInstance() : scrub(errorNode.deepCopy(), redact);
        Errors errors = errors(errorNode, redact);

        if (status == 204 && (body == null || body.isBlank())) {
            return NullNode.getInstance();
        }
        boolean hasBody = body != null && !body.isBlank();
        if (status >= 400 || (hasBody && !json)) {
            throw failure(operation, status, json, errors, payload, retryAfter, clock);
        }
        if (!errors.isEmpty()) {
            throw new DaktelaValidationException(message(operation, status, errors, true), status,
                    errors.messages(), payload, errors.fields());
        }
        if (status >= 300) {
            throw new DaktelaException(message(operation, status, errors, true), status, errors.messages(), payload, null);
        }
        if (!hasBody) {
            return NullNode.getInstance();
        }
        JsonNode result = root.get("result");
        if (result == null && root.has("data")) {
            return root;
        }
        if (result instanceof ObjectNode login && login.has("accessTokenExpirationDate") && root.path("_time").isTextual()) {
            // A login's expiry is PBX-local time: the PBX's clock beside it tells how far ahead it is.
            login.set(SERVER_TIME, root.get("_time"));
        }
        if (result instanceof ObjectNode list && list.has("data") && root.path("_time").isTextual()) {
            // A page carries the PBX's clock, so callers can tell how old its records are in the PBX's own
            // time zone (record times are PBX-local and the zone is not always given).
            list.set(SERVER_TIME, root.get("_time"));
        }
        return result == null ? NullNode.getInstance() : result;
    }

    private static DaktelaException failure(String operation, int status, boolean json, Errors errors,
            JsonNode payload, String retryAfter, Clock clock) {
        String msg = message(operation, status, errors, json);
        List<String> m = errors.messages();
        return switch (status) {
            case 401 -> new DaktelaUnauthorizedException(msg, m, payload);
            case 403 -> new DaktelaForbiddenException(msg, m, payload);
            case 404 -> new DaktelaNotFoundException(msg, m, payload);
            case 429 -> new DaktelaRateLimitedException(msg, m, payload, retryAfter(retryAfter, clock));
            case 400, 422 -> new DaktelaValidationException(msg, status, m, payload, errors.fields());
            default -> status >= 500 || status < 400
                    ? new DaktelaUnavailableException(msg, status, m, payload, false, null)
                    : new DaktelaException(msg, status, m, payload, null);
        };
    }

    private static String message(String operation, int status, Errors errors, boolean json) {
        StringBuilder sb = new StringBuilder("Daktela ").append(operation).append(" failed: HTTP ").append(status);
        if (!json) {
            sb.append(" (not a JSON envelope)");
        }
        if (!errors.messages().isEmpty()) {
            sb.append(": ").append(String.join("; ", errors.messages()));
        }
        return sb.length() > MAX_MESSAGE ? sb.substring(0, MAX_MESSAGE) + "..." : sb.toString();
    }

    /** Normalises any shape of Daktela's {@code error} node. */
    static Errors errors(JsonNode node, UnaryOperator<String> redact) {
        List<String> messages = new ArrayList<>();
        Map<String, String> fields = new LinkedHashMap<>();
        if (node != null && !node.isNull() && !node.isMissingNode()) {
            if (node.isArray()) {
                for (JsonNode e : node) {
                    if (e.isObject()) {
                        readObject(e, messages, fields, redact);
                    } else if (!e.isNull()) {
                        messages.add(redact.apply(e.asText()));
                    }
                }
            } else if (node.isObject()) {
                readObject(node, messages, fields, redact);
            } else if (!node.asText().isBlank()) {
                messages.add(redact.apply(node.asText()));
            }
        }
        return new Errors(List.copyOf(messages), Map.copyOf(fields));
    }

    private static void readObject(JsonNode o, List<String> messages, Map<String, String> fields,
            UnaryOperator<String> redact) {
        if (o.has("primary") || o.has("form")) {
            JsonNode primary = o.get("primary");
            if (primary != null && primary.isArray()) {
                primary.forEach(p -> messages.add(redact.apply(p.asText())));
            } else if (primary != null && !primary.isNull()) {
                messages.add(redact.apply(primary.asText()));
            }
            flattenForm("", o.get("form"), fields, redact);
            fields.forEach((k, v) -> messages.add(k + ": " + v));
            return;
        }
        o.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            messages.add(e.getKey() + ": " + redact.apply(v.isValueNode() ? v.asText() : v.toString()));
        });
    }

    private static void flattenForm(String prefix, JsonNode form, Map<String, String> fields, UnaryOperator<String> redact) {
        if (form == null || !form.isObject()) {
            return;
        }
        form.fields().forEachRemaining(e -> {
            String key = prefix + e.getKey();
            JsonNode v = e.getValue();
            if (v.isObject()) {
                flattenForm(key + ".", v, fields, redact);
            } else if (v.isArray()) {
                List<String> parts = new ArrayList<>();
                v.forEach(p -> parts.add(p.asText()));
                fields.put(key, redact.apply(String.join("; ", parts)));
            } else {
                fields.put(key, redact.apply(v.asText()));
            }
        });
    }

    /** {@code Retry-After} as seconds or an HTTP-date; empty when absent or unreadable. */
    static Optional<Duration> retryAfter(String header, Clock clock) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String h = header.trim();
        try {
            long seconds = Long.parseLong(h);
            return Optional.of(Duration.ofSeconds(Math.max(0, seconds)));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(clock.instant(), at.toInstant());
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException e2) {
                return Optional.empty();
            }
        }
    }

    private static JsonNode scrub(JsonNode node, UnaryOperator<String> redact) {
        if (node.isObject()) {
            var o = (com.fasterxml.jackson.databind.node.ObjectNode) node;
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            for (String f : names) {
                o.set(f, scrub(o.get(f), redact));
            }
            return o;
        }
        if (node.isArray()) {
            var a = (com.fasterxml.jackson.databind.node.ArrayNode) node;
            for (int i = 0; i < a.size(); i++) {
                a.set(i, scrub(a.get(i), redact));
            }
            return a;
        }
        if (node.isTextual()) {
            return Json.MAPPER.getNodeFactory().textNode(redact.apply(node.asText()));
        }
        return node;
    }
}
