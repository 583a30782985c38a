package io.dialgate.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialgate.client.RetryPolicy.Kind;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(5), () -> 1.0);

    private static DaktelaUnavailableException unavailable(int status, boolean timedOut) {
        return new DaktelaUnavailableException("x", status, List.of(), null, timedOut, null);
    }

    private static DaktelaRateLimitedException rateLimited(Duration retryAfter) {
        return new DaktelaRateLimitedException("x", List.of(), null, Optional.ofNullable(retryAfter));
    }

    @Test
    void shouldRetryGatewayErrorsAndIoOnReadsWithExponentialBackoff() {
        assertThat(policy.delay(Kind.READ, unavailable(503, false), 0)).contains(Duration.ofMillis(200));
        assertThat(policy.delay(Kind.READ, unavailable(502, false), 1)).contains(Duration.ofMillis(400));
        assertThat(policy.delay(Kind.READ, unavailable(504, false), 2)).contains(Duration.ofMillis(800));
        assertThat(policy.delay(Kind.READ, unavailable(0, false), 0)).isPresent();
        assertThat(policy.delay(Kind.READ, unavailable(0, true), 0)).isPresent();
    }

    @Test
    void shouldStopAfterMaxRetries() {
        assertThat(policy.delay(Kind.READ, unavailable(503, false), 3)).isEmpty();
    }

    @Test
    void shouldNotRetry500OrClientErrors() {
        assertThat(policy.delay(Kind.READ, unavailable(500, false), 0)).isEmpty();
        assertThat(policy.delay(Kind.READ, new DaktelaNotFoundException("x", List.of(), null), 0)).isEmpty();
        assertThat(policy.delay(Kind.READ, new DaktelaUnauthorizedException("x", List.of(), null), 0)).isEmpty();
    }

    @Test
    void shouldNotRetryCommandsOnUnavailable() {
        assertThat(policy.delay(Kind.COMMAND, unavailable(503, false), 0)).isEmpty();
        assertThat(policy.delay(Kind.COMMAND, unavailable(0, false), 0)).isEmpty();
    }

    @Test
    void shouldNeverRetryCreates() {
        assertThat(policy.delay(Kind.CREATE, unavailable(503, false), 0)).isEmpty();
        assertThat(policy.delay(Kind.CREATE, rateLimited(Duration.ofSeconds(1)), 0)).isEmpty();
    }

    @Test
    void shouldHonourRetryAfterClampedToMaxDelay() {
        assertThat(policy.delay(Kind.COMMAND, rateLimited(Duration.ofSeconds(2)), 0)).contains(Duration.ofSeconds(2));
        assertThat(policy.delay(Kind.READ, rateLimited(Duration.ofMinutes(10)), 0)).contains(Duration.ofSeconds(5));
        assertThat(policy.delay(Kind.READ, rateLimited(null), 1)).contains(Duration.ofMillis(400));
    }

    @Test
    void shouldNotRetryTimedOutLongPoll() {
        assertThat(policy.delay(Kind.LONG_POLL, unavailable(0, true), 0)).isEmpty();
        assertThat(policy.delay(Kind.LONG_POLL, unavailable(503, false), 0)).isPresent();
    }

    @Test
    void shouldJitterBetweenHalfAndFullDelayAndCap() {
        RetryPolicy low = new RetryPolicy(50, Duration.ofMillis(200), Duration.ofSeconds(5), () -> 0.0);
        assertThat(low.backoff(2)).isEqualTo(Duration.ofMillis(400));
        assertThat(policy.backoff(40)).isEqualTo(Duration.ofSeconds(5));
        assertThat(policy.backoff(10)).isEqualTo(Duration.ofSeconds(5));
    }
}
