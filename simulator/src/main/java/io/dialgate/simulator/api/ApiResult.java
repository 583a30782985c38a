package io.dialgate.simulator.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What an endpoint answers: a status, the envelope's {@code result}, and a cookie to set
 * ({@code name=value; attributes}, or null).
 */
public record ApiResult(int status, JsonNode result, String setCookie) {

    public ApiResult(int status, JsonNode result) {
        this(status, result, null);
    }

    /** The same answer setting a cookie. */
    public ApiResult withCookie(String cookie) {
        return new ApiResult(status, result, cookie);
    }

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
