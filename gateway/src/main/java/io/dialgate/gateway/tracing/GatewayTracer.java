package io.dialgate.gateway.tracing;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The tracer the gateway's own spans use. With tracing off ({@code quarkus.otel.sdk.disabled=true}, the
 * default) Quarkus still hands out an SDK tracer that records spans and drops them, giving each a fresh trace
 * id; this gives the API's no-op tracer instead, so that spans cost nothing, no trace id reaches a database row
 * or a delivery record, and a command writes no trace context.
 */
@ApplicationScoped
public class GatewayTracer {

    private final Tracer tracer;

    public GatewayTracer(Tracer quarkus, @ConfigProperty(name = "quarkus.otel.sdk.disabled") boolean disabled) {
        this.tracer = disabled ? TracerProvider.noop().get("io.dialgate.gateway") : quarkus;
    }

    public Tracer get() {
        return tracer;
    }
}
