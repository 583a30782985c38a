package io.dialgate.gateway.tracing;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Test scope: an in-memory span exporter, which Quarkus uses instead of OTLP (a {@code SpanExporter} bean
 * replaces the default exporter). It holds spans only while tracing is on, which only {@link TracingTest}'s
 * profile does; every other test runs with the production default, tracing off.
 */
public class InMemorySpans {

    @Produces
    @Singleton
    InMemorySpanExporter exporter() {
        return InMemorySpanExporter.create();
    }
}
