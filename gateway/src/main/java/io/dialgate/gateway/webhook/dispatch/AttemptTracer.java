package io.dialgate.gateway.webhook.dispatch;

import io.dialgate.gateway.tracing.QueryRedactingSpanProcessor;
import io.dialgate.gateway.tracing.GatewayTracer;
import io.dialgate.gateway.tracing.TraceContext;
import io.dialgate.gateway.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;

/**
 * The span of one webhook attempt ({@code webhook attempt}, kind client): a child of the event's span, whose
 * trace context the delivery row carried from the transaction that appended the event to the dispatcher that
 * claimed it, so every attempt of an event, retries hours later included, sits in the event's trace. An event
 * stored without a trace context (tracing was off) gets attempts that start traces of their own.
 *
 * <p>Written by hand rather than left to the Vert.x HTTP client's instrumentation: that would start its span
 * on whichever event loop sends, with no way to name the event it belongs to. The sender's client therefore
 * ignores tracing, and this span carries the HTTP attributes itself. With tracing off the tracer is a no-op
 * and nothing here allocates beyond the no-op span.
 */
@ApplicationScoped
class AttemptTracer {

    static final String SPAN_NAME = "webhook attempt";

    private final Tracer tracer;

    AttemptTracer(GatewayTracer tracer) {
        this.tracer = tracer.get();
    }

    /** Starts the attempt's span under the event's trace context. */
    Span start(DeliveryJob job) {
        Span span = tracer.spanBuilder(SPAN_NAME)
                .setParent(TraceContext.parent(job.traceparent()))
                .setSpanKind(SpanKind.CLIENT)
                .startSpan();
        if (span.isRecording()) {
            span.setAttribute(Tracing.DELIVERY_ID, job.deliveryId());
            span.setAttribute(Tracing.WEBHOOK_ID, job.endpointId());
            span.setAttribute(Tracing.EVENT_ID, job.eventId());
            span.setAttribute(Tracing.TENANT_ID, job.tenantId());
            if (job.attemptId() != null) {
                span.setAttribute(Tracing.ATTEMPT_ID, job.attemptId());
            }
            span.setAttribute(Tracing.ATTEMPT_TRIGGER, job.manual() ? "manual" : "scheduled");
            span.setAttribute(Tracing.HTTP_METHOD, "POST");
            span.setAttribute(Tracing.URL_FULL, QueryRedactingSpanProcessor.redactUrl(job.url()));
            try {
                URI uri = URI.create(job.url());
                if (uri.getHost() != null) {
                    span.setAttribute(Tracing.SERVER_ADDRESS, uri.getHost());
                }
                int port = uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
                span.setAttribute(Tracing.SERVER_PORT, (long) port);
            } catch (IllegalArgumentException unparsable) {
                // The sender refuses it and says why in the outcome, which finish() records.
            }
        }
        return span;
    }

    /** Ends the span with the attempt's outcome: the status code, or the error when no answer came. */
    void finish(Span span, DeliveryOutcome outcome) {
        if (span.isRecording()) {
            if (outcome.status() != null) {
                span.setAttribute(Tracing.HTTP_STATUS, (long) outcome.status());
            }
            if (!outcome.success()) {
                String type = outcome.status() != null ? Integer.toString(outcome.status()) : errorType(outcome.error());
                span.setAttribute(Tracing.ERROR_TYPE, type);
                span.setStatus(StatusCode.ERROR, outcome.status() != null ? "HTTP " + outcome.status() : outcome.error());
            }
        }
        span.end();
    }

    /** Ends the span of an attempt that crashed (a programming error; the lease brings the delivery back). */
    void crashed(Span span, Throwable failure) {
        if (span.isRecording()) {
            span.setAttribute(Tracing.ERROR_TYPE, failure.getClass().getSimpleName());
            span.setStatus(StatusCode.ERROR, "attempt could not be processed");
        }
        span.end();
    }

    /** The kind of failure ("timeout", "refused", "ConnectException") without its message. */
    private static String errorType(String error) {
        if (error == null) {
            return "_OTHER";
        }
        int colon = error.indexOf(':');
        String head = colon < 0 ? error : error.substring(0, colon);
        int space = head.indexOf(' ');
        return space < 0 ? head : head.substring(0, space);
    }
}
