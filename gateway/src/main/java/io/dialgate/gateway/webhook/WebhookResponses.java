package io.dialgate.gateway.webhook;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import io.dialgate.gateway.event.EventTypeSchemaFilter;
import io.dialgate.gateway.tracing.TraceContext;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Response records of the webhook API; entities never leave the service layer as they are. */
public final class WebhookResponses {

    private WebhookResponses() {
    }

    @Schema(name = "Webhook")
    public record WebhookResponse(
            @Schema(example = "whk_01hx3v0c8k6q2m4n5p7r9s1t3v") String id,
            @Schema(example = "https://crm.example.com/hooks/dialgate") String url,
            @Schema(description = "Event types delivered; empty means all", example = "[\"call.ringing\"]",
                    extensions = @Extension(name = EventTypeSchemaFilter.MARKER, value = "true"))
            List<String> eventTypes,
            String description,
            @Schema(enumeration = {"enabled", "disabled"}) String status,
            @Schema(description = "Why it is disabled: manual, gone (410) or failing", nullable = true) String disabledReason,
            @Schema(description = "Most attempts in flight at once; null means the gateway's default", nullable = true)
            Integer maxInFlight,
            @Schema(description = "Most attempts a second; null means no limit", nullable = true) Integer rateLimit,
            @Schema(description = "Failed attempts in a row, across its deliveries; 0 when the last attempt succeeded")
            int consecutiveFailures,
            Instant createdAt,
            Instant updatedAt) {

        public static WebhookResponse of(WebhookEndpoint e) {
            return new WebhookResponse(e.id, e.url, Arrays.asList(e.eventTypes), e.description, e.enabled ? "enabled" : "disabled",
                    e.disabledReason, e.maxInFlight, e.rateLimit, e.consecutiveFailures, e.createdAt, e.updatedAt);
        }
    }

    @Schema(name = "CreatedWebhook")
    public record CreatedWebhookResponse(String id, String url,
            @Schema(description = "Event types delivered; empty means all",
                    extensions = @Extension(name = EventTypeSchemaFilter.MARKER, value = "true")) List<String> eventTypes,
            String description,
            @Schema(enumeration = {"enabled", "disabled"}) String status, Instant createdAt,
            @Schema(description = "Standard Webhooks secret (whsec_...), shown only in this response") String secret) {

        @Override
        public String toString() {
            return "CreatedWebhookResponse[id=" + id + ", url=" + url + ", secret=***]";
        }

        static CreatedWebhookResponse of(WebhookService.WithSecret created) {
            WebhookEndpoint e = created.endpoint();
            return new CreatedWebhookResponse(e.id, e.url, Arrays.asList(e.eventTypes), e.description,
                    e.enabled ? "enabled" : "disabled", e.createdAt, created.secret());
        }
    }

    @Schema(name = "RotatedSecret")
    public record RotatedSecretResponse(String id,
            @Schema(description = "The new secret (whsec_...), shown only in this response") String secret,
            @Schema(description = "Until then deliveries carry signatures with both the old and the new secret")
            Instant previousSecretExpiresAt) {
        @Override
        public String toString() {
            return "RotatedSecretResponse[id=" + id + ", secret=***, previousSecretExpiresAt=" + previousSecretExpiresAt + "]";
        }
    }

    @Schema(name = "DeliveryAttempt")
    public record AttemptResponse(String id,
            @Schema(enumeration = {"scheduled", "manual"}) String trigger,
            @Schema(description = "HTTP status, null when no response came", nullable = true) Integer statusCode,
            @Schema(description = "Why no status came; for an attempt whose outcome was lost (the sending replica "
                    + "stopped) it says so, and the receiver may have got it", nullable = true) String error,
            long durationMs,
            @Schema(description = "Start of the response body (at most 1 KB)", nullable = true) String responseBody,
            Instant attemptedAt,
            @Schema(description = "When the outcome was recorded; null while the attempt is in flight", nullable = true)
            Instant finishedAt,
            @Schema(description = "OpenTelemetry trace id of the attempt's span (the receiver got it in the traceparent "
                    + "header); null when tracing is off", nullable = true, example = "4bf92f3577b34da6a3ce929d0e0e4736")
            String traceId) {

        static AttemptResponse of(DeliveryAttempt a) {
            return new AttemptResponse(a.id, a.trigger, a.statusCode, a.error, a.durationMs, a.responseBody, a.attemptedAt,
                    a.finishedAt, a.traceId);
        }
    }

    @Schema(name = "Delivery")
    public record DeliveryResponse(
            @Schema(example = "dlv_01hx3v0c8k6q2m4n5p7r9s1t3v") String id,
            String webhookId,
            String eventId,
            @Schema(description = "The event's type", example = "call.ringing",
                    extensions = @Extension(name = EventTypeSchemaFilter.MARKER, value = "true")) String eventType,
            @Schema(enumeration = {"pending", "sending", "delivered", "failed", "endpoint_disabled"}) String state,
            int attemptCount,
            @Schema(nullable = true) Integer lastStatus,
            @Schema(nullable = true) String lastError,
            @Schema(nullable = true) Instant lastAttemptAt,
            @Schema(description = "When the next attempt is due, if pending", nullable = true) Instant nextAttemptAt,
            Instant createdAt,
            @Schema(description = "OpenTelemetry trace id of the event (of the poll answer, or the command, that produced "
                    + "it); its attempts are spans of this trace. Null when tracing was off",
                    nullable = true, example = "4bf92f3577b34da6a3ce929d0e0e4736") String traceId,
            List<AttemptResponse> attempts) {

        static DeliveryResponse of(WebhookService.DeliveryView view) {
            WebhookDelivery d = view.delivery();
            return new DeliveryResponse(d.id, d.endpointId, d.eventId, d.eventType, d.state, d.attempts, d.lastStatus, d.lastError,
                    d.lastAttemptAt, d.nextAttemptAt, d.createdAt, TraceContext.traceId(d.traceparent),
                    view.attempts().stream().map(AttemptResponse::of).toList());
        }
    }

    @Schema(name = "WebhookHealth", description = "An endpoint's state and its attempts over the last hour")
    public record HealthResponse(
            @Schema(example = "whk_01hx3v0c8k6q2m4n5p7r9s1t3v") String webhookId,
            @Schema(enumeration = {"enabled", "disabled"}, example = "enabled") String status,
            @Schema(description = "Why it is disabled: manual, gone (410) or failing", nullable = true, example = "failing")
            String disabledReason,
            @Schema(description = "Failed attempts in a row; 0 when the last attempt succeeded", example = "0") int consecutiveFailures,
            @Schema(description = "Start of the current failure run", nullable = true) Instant failingSince,
            @Schema(description = "Start of the window of the figures below (an hour ago)") Instant windowStart,
            @Schema(description = "Attempts that finished in the window", example = "120") long attempts,
            @Schema(description = "Of those, the ones answered with a 2xx", example = "118") long succeeded,
            @Schema(description = "succeeded / attempts, from 0 to 1; null without attempts", nullable = true, example = "0.983")
            Double successRate,
            @Schema(description = "Median duration of those attempts in milliseconds; null without attempts", nullable = true,
                    example = "42") Long p50LatencyMs) {

        static HealthResponse of(WebhookService.Health health) {
            WebhookEndpoint e = health.endpoint();
            DeliveryAttemptRepository.Figures f = health.figures();
            Double rate = f.attempts() == 0 ? null : (double) f.succeeded() / f.attempts();
            Long p50 = f.p50DurationMs() == null ? null : Math.round(f.p50DurationMs());
            return new HealthResponse(e.id, e.enabled ? "enabled" : "disabled", e.disabledReason, e.consecutiveFailures,
                    e.failingSince, health.since(), f.attempts(), f.succeeded(), rate, p50);
        }
    }

    @Schema(name = "RecoverResult")
    public record RecoverResponse(@Schema(description = "Deliveries queued again") int requeued) {
    }
}
