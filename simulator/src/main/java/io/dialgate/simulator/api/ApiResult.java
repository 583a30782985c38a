package io.dialgate.simulator.api;

import com.fasterxml.jackson.databind.JsonNode;

/** What an endpoint answers: a status and the envelope's {@code result}. */
public record ApiResult(int status, JsonNode result) {

    public static ApiResult ok(JsonNode result) {
        return new ApiResult(200, result);
    }

    public static ApiResult created(JsonNode result) {
        return new ApiResult(201, result);
    }

    public static ApiResult noContent() {
        return new ApiResult(204, null);
    }
}
