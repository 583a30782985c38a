package io.dialgate.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * One Daktela call, before token placement.
 *
 * @param kind decides the connection pool, the timeout and the retry rules
 * @param method GET, POST or PUT
 * @param endpoint e.g. {@code activities}
 * @param name a record's key for single-record paths, or null
 * @param query query parameters (without the token)
 * @param body JSON body for POST and PUT, or null
 */
record Request(RetryPolicy.Kind kind, String method, String endpoint, String name, Map<String, String> query,
        JsonNode body) {

    Request {
        query = query == null ? Map.of() : Map.copyOf(query);
    }

    static Request read(String endpoint, String name, Map<String, String> query) {
        return new Request(RetryPolicy.Kind.READ, "GET", endpoint, name, query, null);
    }

    static Request longPoll(String endpoint, Map<String, String> query) {
        return new Request(RetryPolicy.Kind.LONG_POLL, "GET", endpoint, null, query, null);
    }

    static Request command(String method, String endpoint, String name, JsonNode body) {
        return new Request(RetryPolicy.Kind.COMMAND, method, endpoint, name, Map.of(), body);
    }

    static Request create(String endpoint, JsonNode body) {
        return new Request(RetryPolicy.Kind.CREATE, "POST", endpoint, null, Map.of(), body);
    }

    /**
     * The name of the request's trace span: method and endpoint only, so that span names stay few (no record
     * names, no query, which may hold the token).
     */
    String traceName() {
        return "Daktela " + method + " " + endpoint;
    }

    /** For messages and logs: method and path, never the query (it may hold the token). */
    String operation() {
        return method + " " + endpoint + (name == null ? "" : "/" + name);
    }
}
