package io.dialgate.client;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link DaktelaClients} factory, shared by every client it makes.
 *
 * <p>Long polls ({@code appPullData}) and commands use separate connection pools per PBX so that
 * hundreds of held long polls never make a queue login or a dial wait for a free connection.
 *
 * @param tokenPlacement where the access token goes on each request; default {@link TokenPlacement#HEADER}
 * @param connectTimeout TCP connect timeout; default 5 s
 * @param readTimeout time to wait for a command or read response; default 10 s
 * @param longPollTimeout time to wait for an {@code appPullData} response; must exceed the PBX hold
 *     time (15 s on Daktela), default 30 s, as in Daktela's own connectors
 * @param commandPoolSize connections per PBX for commands and reads; default 20
 * @param longPollPoolSize connections per PBX for long polls, at least one per monitored user; default 500
 * @param maxRetries automatic retries after the first attempt (see the README's retry policy); default 3
 * @param retryBaseDelay first backoff delay, doubled per attempt, with jitter; default 200 ms
 * @param retryMaxDelay cap on any backoff delay and on a server's {@code Retry-After}; default 5 s
 * @param hostResolver how a PBX host name becomes the address connected to, checked before every request;
 *     default null: the HTTP client resolves it
 */
public record DaktelaClientOptions(
        TokenPlacement tokenPlacement,
        Duration connectTimeout,
        Duration readTimeout,
        Duration longPollTimeout,
        int commandPoolSize,
        int longPollPoolSize,
        int maxRetries,
        Duration retryBaseDelay,
        Duration retryMaxDelay,
        HostResolver hostResolver) {

    /** @throws IllegalArgumentException when a duration is not positive, a pool is empty or retries are negative */
    public DaktelaClientOptions {
        Objects.requireNonNull(tokenPlacement, "tokenPlacement");
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(readTimeout, "readTimeout");
        requirePositive(longPollTimeout, "longPollTimeout");
        requirePositive(retryBaseDelay, "retryBaseDelay");
        requirePositive(retryMaxDelay, "retryMaxDelay");
        if (commandPoolSize < 1 || longPollPoolSize < 1) {
            throw new IllegalArgumentException("pool sizes must be at least 1");
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative");
        }
    }

    /** The defaults listed on the record components. */
    public static DaktelaClientOptions defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder()
                .tokenPlacement(tokenPlacement)
                .connectTimeout(connectTimeout)
                .readTimeout(readTimeout)
                .longPollTimeout(longPollTimeout)
                .commandPoolSize(commandPoolSize)
                .longPollPoolSize(longPollPoolSize)
                .maxRetries(maxRetries)
                .retryBaseDelay(retryBaseDelay)
                .retryMaxDelay(retryMaxDelay)
                .hostResolver(hostResolver);
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    /** Mutable builder of {@link DaktelaClientOptions}; every setter has the documented default. */
    public static final class Builder {
        private TokenPlacement tokenPlacement = TokenPlacement.HEADER;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration readTimeout = Duration.ofSeconds(10);
        private Duration longPollTimeout = Duration.ofSeconds(30);
        private int commandPoolSize = 20;
        private int longPollPoolSize = 500;
        private int maxRetries = 3;
        private Duration retryBaseDelay = Duration.ofMillis(200);
        private Duration retryMaxDelay = Duration.ofSeconds(5);
        private HostResolver hostResolver;

        private Builder() {
        }

        /** @see DaktelaClientOptions#tokenPlacement() */
        public Builder tokenPlacement(TokenPlacement v) { this.tokenPlacement = v; return this; }

        /** @see DaktelaClientOptions#connectTimeout() */
        public Builder connectTimeout(Duration v) { this.connectTimeout = v; return this; }

        /** @see DaktelaClientOptions#readTimeout() */
        public Builder readTimeout(Duration v) { this.readTimeout = v; return this; }

        /** @see DaktelaClientOptions#longPollTimeout() */
        public Builder longPollTimeout(Duration v) { this.longPollTimeout = v; return this; }

        /** @see DaktelaClientOptions#commandPoolSize() */
        public Builder commandPoolSize(int v) { this.commandPoolSize = v; return this; }

        /** @see DaktelaClientOptions#longPollPoolSize() */
        public Builder longPollPoolSize(int v) { this.longPollPoolSize = v; return this; }

        /** @see DaktelaClientOptions#maxRetries() */
        public Builder maxRetries(int v) { this.maxRetries = v; return this; }

        /** @see DaktelaClientOptions#retryBaseDelay() */
        public Builder retryBaseDelay(Duration v) { this.retryBaseDelay = v; return this; }

        /** @see DaktelaClientOptions#retryMaxDelay() */
        public Builder retryMaxDelay(Duration v) { this.retryMaxDelay = v; return this; }

        /** @see DaktelaClientOptions#hostResolver() */
        public Builder hostResolver(HostResolver v) { this.hostResolver = v; return this; }

        /** @throws IllegalArgumentException when a value is out of range */
        public DaktelaClientOptions build() {
            return new DaktelaClientOptions(tokenPlacement, connectTimeout, readTimeout, longPollTimeout,
                    commandPoolSize, longPollPoolSize, maxRetries, retryBaseDelay, retryMaxDelay, hostResolver);
        }
    }
}
