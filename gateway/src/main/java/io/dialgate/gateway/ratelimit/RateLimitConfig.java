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
}
