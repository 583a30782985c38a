package io.dialgate.gateway.event;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Event retention and the event feed / SSE stream. */
@ConfigMapping(prefix = "dialgate.events")
public interface EventConfig {

    /** How long events are kept; older ones are purged with their webhook deliveries and attempts. */
    @WithDefault("30d")
    Duration retention();

    /** How often this replica purges expired events (every replica may; batches do not collide). */
    @WithDefault("10m")
    Duration retentionInterval();

    /** Events deleted per purge transaction. */
    @WithDefault("1000")
    int retentionBatchSize();

    /** Run the retention worker in this replica. */
    @WithDefault("true")
    boolean retentionEnabled();

    /** How often the replica's SSE reader reads new events for all its open streams (so they see every replica's events). */
    @WithDefault("300ms")
    Duration streamPollInterval();

    /** Interval of the SSE comment heartbeat that keeps proxies from closing an idle stream. */
    @WithDefault("15s")
    Duration streamHeartbeat();

    /**
     * Most SSE streams one tenant may have open on one replica; one more is answered 429. A browser tab needs
     * one, so this bounds a tenant's reach rather than ordinary use.
     */
    @WithDefault("20")
    int maxStreamsPerTenant();

    /** How often open streams' API keys are checked again: a revoked key or a suspended tenant closes them. */
    @WithDefault("5s")
    java.time.Duration streamAuthCheck();
}
