package io.dialgate.gateway.ratelimit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The per-tenant request rate limit of the {@code /v1} API. */
@ConfigMapping(prefix = "dialgate.rate-limit")
public interface RateLimitConfig {

    /** Sustained requests per second a tenant may send (per gateway replica). */
    @WithDefault("50")
    double requestsPerSecond();

    /** Requests a tenant may send at once after being idle. */
    @WithDefault("100")
    int burst();

    /**
     * Requests with a wrong operator token or an unknown or revoked API key one source address may make per
     * minute; beyond it they are answered 429 without checking, so keys and tokens cannot be guessed at speed.
     */
    @WithDefault("30")
    int refusalsPerMinute();
}
