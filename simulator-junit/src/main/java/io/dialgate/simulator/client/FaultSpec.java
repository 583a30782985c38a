package io.dialgate.simulator.client;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A fault to inject: which requests it matches ({@code token}, {@code endpoint}; neither: every
 * request of the instance) and what it does. Built with the static starters and {@code with...}
 * steps, for example {@code FaultSpec.status("queues", 429).retryAfter(2).times(1)}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FaultSpec(String token, String endpoint, Integer status, Long latencyMs, Integer count,
        Double ratio, Boolean drop, Integer retryAfter, String quirk, Boolean afterAction) {

    /** Answers requests to {@code endpoint} (e.g. {@code "usersSession"}) with an error of that status. */
    public static FaultSpec status(String endpoint, int status) {
        return new FaultSpec(null, endpoint, status, null, null, null, null, null, null, null);
    }

    /** 429 Too Many Requests with {@code Retry-After: seconds}. */
    public static FaultSpec tooManyRequests(String endpoint, int retryAfterSeconds) {
        return status(endpoint, 429).retryAfter(retryAfterSeconds);
    }

    /** Delays answers to {@code endpoint}. */
    public static FaultSpec latency(String endpoint, long millis) {
        return new FaultSpec(null, endpoint, null, millis, null, null, null, null, null, null);
    }

    /** Closes the connection without an answer. */
    public static FaultSpec drop(String endpoint) {
        return new FaultSpec(null, endpoint, null, null, null, null, true, null, null, null);
    }

    /**
     * A malformed-but-real answer: {@code html-502}, {@code error-200}, {@code error-object},
     * {@code error-form}, {@code total-string}, {@code total-null} or {@code data-keyed}.
     */
    public static FaultSpec quirk(String endpoint, String quirk) {
        return new FaultSpec(null, endpoint, null, null, null, null, null, null, quirk, null);
    }

    /** Only for requests carrying this user token. */
    public FaultSpec forToken(String accessToken) {
        return new FaultSpec(accessToken, endpoint, status, latencyMs, count, ratio, drop, retryAfter, quirk, afterAction);
    }

    /** Only the next {@code n} matching requests. */
    public FaultSpec times(int n) {
        return new FaultSpec(token, endpoint, status, latencyMs, n, ratio, drop, retryAfter, quirk, afterAction);
    }

    /** Fires at random on this share (0..1) of the matching requests. */
    public FaultSpec ratio(double share) {
        return new FaultSpec(token, endpoint, status, latencyMs, count, share, drop, retryAfter, quirk, afterAction);
    }

    public FaultSpec retryAfter(int seconds) {
        return new FaultSpec(token, endpoint, status, latencyMs, count, ratio, drop, seconds, quirk, afterAction);
    }

    /** Carries the request out, then replaces its answer: the PBX acted but the client saw a failure. */
    public FaultSpec actingFirst() {
        return new FaultSpec(token, endpoint, status, latencyMs, count, ratio, drop, retryAfter, quirk, true);
    }
}
