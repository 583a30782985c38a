package io.dialgate.simulator.fault;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A registered fault. {@code remaining} counts down when {@code count} was given. The token is
 * kept to match requests but never rendered back.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class Fault {

    private final String id;
    @JsonIgnore
    private final String token;
    private final String endpoint;
    private final Integer status;
    private final Long latencyMs;
    private final Double ratio;
    private final boolean drop;
    private final boolean afterAction;
    private final Integer retryAfter;
    private final Quirk quirk;
    private Integer remaining;

    Fault(String id, FaultRequest request, String endpoint) {
        this.id = id;
        this.token = request.token();
        this.endpoint = endpoint;
        this.status = request.status();
        this.latencyMs = request.latencyMs();
        this.ratio = request.ratio();
        this.drop = Boolean.TRUE.equals(request.drop());
        this.afterAction = Boolean.TRUE.equals(request.afterAction());
        this.retryAfter = request.retryAfter();
        this.quirk = request.quirk();
        this.remaining = request.count();
    }

    public String getId() {
        return id;
    }

    public boolean isTokenBound() {
        return token != null;
    }

    public String getEndpoint() {
        return endpoint;
    }

    public Integer getStatus() {
        return status;
    }

    public Long getLatencyMs() {
        return latencyMs;
    }

    public Double getRatio() {
        return ratio;
    }

    public boolean isDrop() {
        return drop;
    }

    /** True when the request is carried out first and the fault then replaces its answer. */
    public boolean isAfterAction() {
        return afterAction;
    }

    /** Seconds for {@code Retry-After} on a 429; 1 when not given. */
    public int getRetryAfter() {
        return retryAfter == null ? 1 : retryAfter;
    }

    public Quirk getQuirk() {
        return quirk;
    }

    public Integer getRemaining() {
        return remaining;
    }

    boolean matches(String requestToken, String requestEndpoint) {
        return (token == null || token.equals(requestToken))
                && (endpoint == null || endpoint.equals(requestEndpoint));
    }

    /** Consumes one use; returns false when the fault is used up. */
    boolean consume() {
        if (remaining == null) {
            return true;
        }
        if (remaining <= 0) {
            return false;
        }
        remaining--;
        return true;
    }

    boolean usedUp() {
        return remaining != null && remaining <= 0;
    }
}
