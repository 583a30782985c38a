package io.dialgate.gateway.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.List;

/**
 * W3C trace context as it is stored in database rows ({@code traceparent} columns): work that a row hands to
 * later work (an event to its deliveries, a command to the poll answer that sees its effect) carries its trace
 * across transactions, replicas and restarts. With tracing off every method answers null or the root context,
 * and costs a check of an invalid span.
 */
public final class TraceContext {

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final String HEADER = "traceparent";

    private TraceContext() {
    }

    /** The {@code traceparent} of the current span when it is recorded (sampled), else null. */
    public static String current() {
        return of(Span.current());
    }

    /** The {@code traceparent} of a span when it is recorded (sampled), else null. */
    public static String of(Span span) {
        SpanContext context = span.getSpanContext();
        if (!context.isValid() || !context.isSampled()) {
            return null;
        }
        String[] value = new String[1];
        W3C.inject(Context.root().with(span), value, SINGLE);
        return value[0];
    }

    /**
     * The parent context a stored {@code traceparent} names: the root context when there is none or it does not
     * parse, so that a span started under it begins a trace of its own.
     */
    public static Context parent(String traceparent) {
        if (traceparent == null || traceparent.isEmpty()) {
            return Context.root();
        }
        return W3C.extract(Context.root(), traceparent, STORED);
    }

    /** The trace id of a {@code traceparent}, or null. */
    public static String traceId(String traceparent) {
        SpanContext context = Span.fromContext(parent(traceparent)).getSpanContext();
        return context.isValid() ? context.getTraceId() : null;
    }

    /** The trace id of a span that is recorded, or null. */
    public static String traceId(Span span) {
        SpanContext context = span.getSpanContext();
        return context.isValid() && context.isSampled() ? context.getTraceId() : null;
    }

    private static final TextMapSetter<String[]> SINGLE = (carrier, key, value) -> {
        if (carrier != null && HEADER.equals(key)) {
            carrier[0] = value;
        }
    };

    private static final TextMapGetter<String> STORED = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of(HEADER);
        }

        @Override
        public String get(String carrier, String key) {
            return HEADER.equals(key) ? carrier : null;
        }
    };
}
