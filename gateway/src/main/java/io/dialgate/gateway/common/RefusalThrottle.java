package io.dialgate.gateway.common;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts refused requests (wrong credentials, unsigned hooks) per source address over a minute, so a caller
 * guessing keys or tokens is answered 429 without further checks once it passes a limit. In memory, per
 * replica: it slows guessing down by orders of magnitude, which is its job; it is not an exact quota.
 */
public final class RefusalThrottle {

    private final int perMinute;
    private final Cache<String, AtomicLong> refusals = Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(1))
            .maximumSize(100_000).build();

    public RefusalThrottle(int perMinute) {
        this.perMinute = perMinute;
    }

    /** Whether this address was refused {@code perMinute} times in the current minute. */
    public boolean exceeded(String source) {
        AtomicLong count = refusals.getIfPresent(source);
        return count != null && count.get() >= perMinute;
    }

    /** Counts one refusal of this address. */
    public void refused(String source) {
        refusals.get(source, s -> new AtomicLong()).incrementAndGet();
    }
}
