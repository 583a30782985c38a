package io.dialgate.gateway.ratelimit;

import io.dialgate.gateway.common.Errors;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A token bucket per tenant, in memory, per replica. Hand-written because it is one small class and a
 * distributed limiter (Redis, Bucket4j-JDBC) would put a round trip on every request; with N replicas
 * the effective limit is N times the setting, which the README says.
 */
@ApplicationScoped
public class TenantRateLimiter {

    private final RateLimitConfig config;
    private final Clock clock;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public TenantRateLimiter(RateLimitConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** Takes one request from the tenant's bucket, or throws with the time until the next one is free. */
    public void acquire(String tenantId) {
        Bucket bucket = buckets.computeIfAbsent(tenantId, id -> new Bucket(config.burst(), clock.millis()));
        long waitMillis = bucket.take(config.requestsPerSecond(), config.burst(), clock.millis());
        if (waitMillis > 0) {
            throw new Errors.RateLimitedException("Rate limit of " + config.requestsPerSecond()
                    + " requests per second exceeded; retry after the Retry-After delay", Duration.ofMillis(waitMillis));
        }
    }

    private static final class Bucket {
        private double tokens;
        private long lastRefill;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.lastRefill = now;
        }

        synchronized long take(double perSecond, int capacity, long now) {
            tokens = Math.min(capacity, tokens + (now - lastRefill) * perSecond / 1000.0);
            lastRefill = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) * 1000.0 / perSecond);
        }
    }
}
