package io.dialgate.gateway.webhook.dispatch;

import io.dialgate.gateway.webhook.WebhookConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try a failed delivery again: the configured schedule with ± jitter, pushed later by the
 * receiver's {@code Retry-After} (delta seconds or HTTP date), which is clamped to a maximum.
 */
@ApplicationScoped
public class RetryPolicy {

    private final List<Duration> schedule;
    private final double jitter;
    private final Duration retryAfterMax;

    @Inject
    public RetryPolicy(WebhookConfig config) {
        this(config.retrySchedule(), config.retryJitter(), config.retryAfterMax());
    }

    public RetryPolicy(List<Duration> schedule, double jitter, Duration retryAfterMax) {
        if (schedule.isEmpty()) {
            throw new IllegalArgumentException("dialgate.webhook.retry-schedule must list at least one delay");
        }
        this.schedule = List.copyOf(schedule);
        this.jitter = jitter;
        this.retryAfterMax = retryAfterMax;
    }

    /**
     * The time of the next attempt after {@code scheduledAttempts} scheduled attempts failed, or empty when
     * the schedule is exhausted. The receiver's Retry-After, if any, is a lower bound.
     */
    public Optional<Instant> nextAttempt(int scheduledAttempts, Optional<Duration> retryAfter, Instant now) {
        if (scheduledAttempts >= schedule.size()) {
            return Optional.empty();
        }
        Duration delay = jittered(schedule.get(Math.max(scheduledAttempts, 0)));
        if (retryAfter.isPresent() && retryAfter.get().compareTo(delay) > 0) {
            delay = retryAfter.get();
        }
        return Optional.of(now.plus(delay));
    }

    Duration jittered(Duration delay) {
        if (delay.isZero() || jitter <= 0) {
            return delay;
        }
        double factor = 1 + ThreadLocalRandom.current().nextDouble(-jitter, jitter);
        return Duration.ofNanos((long) (delay.toNanos() * factor));
    }

    /** Parses a {@code Retry-After} value (seconds or RFC 1123 date), clamped to {@code [0, retry-after-max]}. */
    public Optional<Duration> retryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.trim();
        Duration delay;
        if (value.chars().allMatch(Character::isDigit)) {
            try {
                delay = Duration.ofSeconds(Long.parseLong(value));
            } catch (NumberFormatException e) {
                delay = retryAfterMax;
            }
        } else {
            try {
                delay = Duration.between(now, ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        if (delay.isNegative()) {
            delay = Duration.ZERO;
        }
        return Optional.of(delay.compareTo(retryAfterMax) > 0 ? retryAfterMax : delay);
    }
}
