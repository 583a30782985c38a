package io.dialgate.gateway.webhook;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** Outgoing webhooks: URL rules, the delivery schedule and the dispatcher loop. */
@ConfigMapping(prefix = "dialgate.webhook")
public interface WebhookConfig {

    /**
     * Accept endpoint URLs whose host is, or resolves to, a private, loopback, link-local, multicast or
     * unspecified address. Off by default (SSRF); tests and the demo turn it on to deliver to loopback.
     * Env {@code DIALGATE_WEBHOOK_ALLOW_PRIVATE_URLS}.
     */
    @WithDefault("false")
    boolean allowPrivateUrls();

    /**
     * Delay before attempt 1, 2, ... n of a delivery, measured from the previous failure (attempt 1
     * from the event). Its length is the number of attempts; after the last one the delivery is failed.
     */
    @WithDefault("0s,5s,5m,30m,2h,5h,10h,10h")
    List<Duration> retrySchedule();

    /** Random spread applied to each retry delay, as a fraction (0.2 = ±20 %), so failing endpoints are not hit in lockstep. */
    @WithDefault("0.2")
    double retryJitter();

    /** Upper bound on a receiver's {@code Retry-After}, so a receiver cannot park a delivery for days. */
    @WithDefault("1h")
    Duration retryAfterMax();

    /** Request timeout of one delivery attempt (connect and response). */
    @WithDefault("15s")
    Duration timeout();

    /** How long a rotated-out secret keeps signing deliveries beside the new one. */
    @WithDefault("24h")
    Duration secretRotationOverlap();

    /**
     * Consecutive failed attempts (across all its deliveries) after which an endpoint is disabled, provided
     * the failures also span {@link #disableAfterFailingFor()}. A success resets the count.
     */
    @WithDefault("50")
    int disableAfterFailures();

    /**
     * Minimum time an endpoint must have been failing (first failure of the current run to now) before the
     * failure count can disable it: a burst of events against a receiver that is down for a minute must not
     * disable it.
     */
    @WithDefault("24h")
    Duration disableAfterFailingFor();

    /**
     * Most attempts in flight to one endpoint, across all replicas, unless the endpoint sets its own
     * ({@code maxInFlight}). A slow or hanging receiver holds at most this many of the dispatcher's slots and
     * connections, so other endpoints keep their pace. Env {@code DIALGATE_WEBHOOK_ENDPOINT_MAX_IN_FLIGHT}.
     */
    @WithDefault("16")
    int endpointMaxInFlight();

    /**
     * Consecutive failed attempts of an endpoint after which the tenant gets an {@code endpoint.failing} event
     * (once per failure run; the run's end sends {@code endpoint.recovered}).
     */
    @WithDefault("5")
    int failingEventAfter();

    /**
     * When an endpoint answers again after a failure run, its retries waiting for later are made due now,
     * spread over this window in their order, so a backlog drains in seconds rather than on the retry schedule.
     */
    @WithDefault("2s")
    Duration recoverySpread();

    /** Response bytes kept per attempt in the delivery log. */
    @WithDefault("1024")
    int responseBodyLimit();

    /** The dispatcher. */
    Dispatcher dispatcher();

    /** The dispatcher loop of this replica. */
    interface Dispatcher {

        /** Run the dispatcher loop in this replica (every replica may; they share work through SKIP LOCKED). */
        @WithDefault("true")
        boolean enabled();

        /**
         * Most deliveries claimed by one claim (and by one {@code runOnce()}). The loop claims again as attempts
         * finish, once a quarter of this much room is free.
         */
        @WithDefault("256")
        int batchSize();

        /**
         * Most delivery attempts in flight in this replica. Attempts hold no thread and no database connection
         * while in flight (the loop uses one connection at a time), so this bounds open sockets and the share
         * of slow receivers, not the JDBC pool.
         */
        @WithDefault("512")
        int concurrency();

        /**
         * Longest a claimed delivery stays locked; must exceed the timeout. A replica that died is noticed sooner,
         * by its heartbeat ({@link #orphanedAfter()}); this bounds a replica that beats but never writes back.
         */
        @WithDefault("2m")
        Duration lease();

        /**
         * A replica whose heartbeat is older than this is taken for dead: its claimed deliveries are due again
         * (and their unfinished attempts marked). Replicas beat every fifth of it.
         */
        @WithDefault("10s")
        Duration orphanedAfter();

        /** Sleep when a round found nothing due (a local event wakes the loop at once). */
        @WithDefault("200ms")
        Duration idleSleep();
    }
}
