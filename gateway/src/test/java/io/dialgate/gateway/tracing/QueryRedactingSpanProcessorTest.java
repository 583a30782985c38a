package io.dialgate.gateway.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueryRedactingSpanProcessorTest {

    @Test
    void shouldKeepParameterNamesAndDropEveryValue() {
        assertThat(QueryRedactingSpanProcessor.redactUrl("https://pbx.example.com/api/v6/whoim.json?accessToken=abc123&x=1"))
                .isEqualTo("https://pbx.example.com/api/v6/whoim.json?accessToken=REDACTED&x=REDACTED");
        assertThat(QueryRedactingSpanProcessor.redactUrl("https://crm.example.com/hook?key=s3cret#frag"))
                .isEqualTo("https://crm.example.com/hook?key=REDACTED");
        assertThat(QueryRedactingSpanProcessor.redactQuery("flag&a=")).isEqualTo("flag&a=REDACTED");
    }

    @Test
    void shouldLeaveUrlsWithoutQueryAlone() {
        assertThat(QueryRedactingSpanProcessor.redactUrl("https://crm.example.com/hook")).isEqualTo("https://crm.example.com/hook");
    }

    @Test
    void shouldReadBackTheTraceIdOfAStoredTraceparent() {
        assertThat(TraceContext.traceId("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
                .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(TraceContext.traceId((String) null)).isNull();
        assertThat(TraceContext.traceId("garbage")).isNull();
    }
}
