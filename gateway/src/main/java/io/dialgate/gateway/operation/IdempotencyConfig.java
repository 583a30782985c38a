package io.dialgate.gateway.operation;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code Idempotency-Key} handling of operations that must not run twice (call creation). */
@ConfigMapping(prefix = "dialgate.idempotency")
public interface IdempotencyConfig {

    /** How long a retry with the same key replays the first response; older keys are purged. */
    @WithDefault("24h")
    Duration retention();

    /** How often this replica purges keys older than the retention (every replica may; batches do not collide). */
    @WithDefault("10m")
    Duration retentionInterval();

    /** Keys deleted per purge transaction. */
    @WithDefault("1000")
    int retentionBatchSize();

    /** How long a retry waits for a concurrent first request with the same key before answering 409. */
    @WithDefault("15s")
    Duration concurrentWait();

    /**
     * How long a key may stay "in progress" before a retry treats its first request as lost (its gateway
     * crashed) and looks for the outcome on the PBX. Longer than a command's connect plus read time-out,
     * so a first request that is still running is never second-guessed.
     */
    @WithDefault("30s")
    Duration inProgressTimeout();
}
