package io.dialgate.gateway.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialgate.gateway.EmbeddedPostgresResource;
import io.dialgate.gateway.support.Api;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** With the shipped settings tracing is off: no span is recorded, so nothing could be exported or stored. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
class TracingOffTest {

    @Inject
    InMemorySpanExporter spans;
    @Inject
    GatewayTracer tracer;

    @Test
    void shouldRecordNoSpanByDefault() {
        Api.newTenant().request().get("/v1/webhooks").then().statusCode(200);

        Span span = tracer.get().spanBuilder("probe").startSpan();
        assertThat(span.isRecording()).isFalse();
        assertThat(TraceContext.of(span)).isNull();
        span.end();
        assertThat(spans.getFinishedSpanItems()).isEmpty();
    }
}
