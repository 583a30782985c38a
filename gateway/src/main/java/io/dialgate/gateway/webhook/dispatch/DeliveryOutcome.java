package io.dialgate.gateway.webhook.dispatch;

import java.time.Instant;

/** The result of one HTTP attempt; {@code status} is null when no response arrived (then {@code error} says why). */
record DeliveryOutcome(Integer status, String error, int durationMs, String responseBody, String retryAfter, Instant attemptedAt) {

    boolean success() {
        return status != null && status >= 200 && status < 300;
    }

    boolean gone() {
        return status != null && status == 410;
    }
}
