package io.dialgate.gateway.webhook.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static final Instant NOW = Instant.parse("2025-01-31T08:00:00Z");
    private final RetryPolicy policy = new RetryPolicy(List.of(Duration.ZERO, Duration.ofSeconds(5), Duration.ofMinutes(5)), 0.2,
            Duration.ofHours(1));

    @Test
    void shouldFollowTheScheduleWithJitterUntilExhausted() {
        for (int i = 0; i < 100; i++) {
            Duration delay = Duration.between(NOW, policy.nextAttempt(1, Optional.empty(), NOW).orElseThrow());
            assertThat(delay).isBetween(Duration.ofMillis(4000), Duration.ofMillis(6000));
        }
        assertThat(policy.nextAttempt(0, Optional.empty(), NOW)).contains(NOW);
        assertThat(policy.nextAttempt(3, Optional.empty(), NOW)).isEmpty();
    }

    @Test
    void shouldTreatRetryAfterAsALowerBound() {
        assertThat(policy.nextAttempt(1, Optional.of(Duration.ofSeconds(30)), NOW)).contains(NOW.plusSeconds(30));
        Duration delay = Duration.between(NOW, policy.nextAttempt(2, Optional.of(Duration.ofSeconds(1)), NOW).orElseThrow());
        assertThat(delay).isGreaterThan(Duration.ofMinutes(3));
    }

    @Test
    void shouldParseAndClampRetryAfter() {
        assertThat(policy.retryAfter("120", NOW)).contains(Duration.ofSeconds(120));
        assertThat(policy.retryAfter("Fri, 31 Jan 2025 08:02:00 GMT", NOW)).contains(Duration.ofMinutes(2));
        assertThat(policy.retryAfter("86400", NOW)).contains(Duration.ofHours(1));
        assertThat(policy.retryAfter("99999999999999999999999", NOW)).contains(Duration.ofHours(1));
        assertThat(policy.retryAfter("Thu, 30 Jan 2025 08:00:00 GMT", NOW)).contains(Duration.ZERO);
        assertThat(policy.retryAfter("soon", NOW)).isEmpty();
        assertThat(policy.retryAfter(null, NOW)).isEmpty();
    }
}
