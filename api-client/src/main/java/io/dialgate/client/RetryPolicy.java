package io.dialgate.client;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.DoubleSupplier;

/**
 * Decides whether and when a failed request is sent again.
 *
 * <ul>
 *   <li>A create (dialling a call, sending an SMS) is never retried: the PBX may have acted on a
 *       request whose answer was lost, and a second call to a customer is worse than an error.</li>
 *   <li>429 is retried for everything else, after {@code Retry-After} (clamped to the max delay)
 *       or the backoff when the server gave none: the PBX did not act on a throttled request.</li>
 *   <li>502, 503, 504 and I/O errors (status 0) are retried for reads only: a command may have
 *       reached the PBX. A timed-out long poll is not retried; the caller's loop polls again.</li>
 * </ul>
 * Backoff doubles from the base delay, is capped at the max delay, and keeps between half and
 * all of that (jitter), so many pollers hit by one outage do not return in step.
 */
final class RetryPolicy {

    enum Kind { READ, LONG_POLL, COMMAND, CREATE }

    private static final Set<Integer> RETRYABLE_READ_STATUS = Set.of(0, 502, 503, 504);

    private final int maxRetries;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final DoubleSupplier random;

    RetryPolicy(int maxRetries, Duration baseDelay, Duration maxDelay, DoubleSupplier random) {
        this.maxRetries = maxRetries;
        this.baseDelay = baseDelay;
        this.maxDelay = maxDelay;
        this.random = random;
    }

    /**
     * @param retriesSoFar how many retries were already made (0 after the first attempt)
     * @return the delay before the next attempt, or empty to give up and surface the failure
     */
    Optional<Duration> delay(Kind kind, Throwable failure, int retriesSoFar) {
        if (kind == Kind.CREATE || retriesSoFar >= maxRetries) {
            return Optional.empty();
        }
        if (failure instanceof DaktelaRateLimitedException r) {
            return Optional.of(r.retryAfter().map(this::clamp).orElseGet(() -> backoff(retriesSoFar)));
        }
        if (failure instanceof DaktelaUnavailableException u && (kind == Kind.READ || kind == Kind.LONG_POLL)
                && RETRYABLE_READ_STATUS.contains(u.status()) && !(u.timedOut() && kind == Kind.LONG_POLL)) {
            return Optional.of(backoff(retriesSoFar));
        }
        return Optional.empty();
    }

    Duration backoff(int retriesSoFar) {
        long base = baseDelay.toMillis();
        long exp = retriesSoFar >= 30 ? Long.MAX_VALUE : base << retriesSoFar;
        long capped = Math.min(exp < 0 ? Long.MAX_VALUE : exp, maxDelay.toMillis());
        long jittered = capped / 2 + (long) (random.getAsDouble() * (capped - capped / 2));
        return Duration.ofMillis(jittered);
    }

    private Duration clamp(Duration d) {
        return d.compareTo(maxDelay) > 0 ? maxDelay : d;
    }
}
