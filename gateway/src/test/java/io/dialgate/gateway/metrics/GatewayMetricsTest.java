package io.dialgate.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pins the Prometheus names and labels that the Grafana dashboard and the alerts in {@code deploy/}
 * are written against: renaming a meter must fail here first.
 */
class GatewayMetricsTest {

    private PrometheusMeterRegistry registry;
    private GatewayMetrics metrics;

    @BeforeEach
    void setUp() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        metrics = new GatewayMetrics(registry);
    }

    /** The text format this registry writes puts a comma after the last label; drop it to compare. */
    private String scrape() {
        return registry.scrape().replace(",}", "}");
    }

    @Test
    void shouldExportPollCounterAndPerHostLatencyHistogram() {
        metrics.recordPoll("pbx_A1", Duration.ofMillis(300), "changed");
        metrics.recordPoll("pbx_A1", Duration.ofSeconds(15), "unchanged");
        metrics.recordPollError("timeout");

        String text = scrape();

        assertThat(text).contains("dialgate_polls_total{outcome=\"changed\"} 1.0");
        assertThat(text).contains("dialgate_polls_total{outcome=\"unchanged\"} 1.0");
        assertThat(text).contains("dialgate_pbx_request_seconds_count{pbx_host=\"pbx_A1\"} 2");
        assertThat(text).contains("dialgate_pbx_request_seconds_bucket{pbx_host=\"pbx_A1\",le=\"0.5\"} 1");
        assertThat(text).contains("dialgate_poll_errors_total{reason=\"timeout\"} 1.0");
    }

    @Test
    void shouldExportEventsAndDeliveriesByBoundedLabels() {
        metrics.recordEvent("call.ringing");
        metrics.recordDelivery("delivered");
        metrics.recordDelivery("Failed");
        metrics.recordDelivery("failed");

        String text = scrape();

        assertThat(text).contains("dialgate_events_total{type=\"call.ringing\"} 1.0");
        assertThat(text).contains("dialgate_webhook_deliveries_total{outcome=\"delivered\"} 1.0");
        assertThat(text).contains("dialgate_webhook_deliveries_total{outcome=\"failed\"} 2.0");
        assertThat(text).doesNotContain("usr_").doesNotContain("ten_");
    }

    @Test
    void shouldExportLeaseGaugesAndRenewalFailures() {
        metrics.setLeasesHeld(42);
        metrics.setMonitoredUsers(100);
        metrics.leaseRenewalFailed();

        String text = scrape();

        assertThat(text).contains("dialgate_poll_leases_held 42.0");
        assertThat(text).contains("dialgate_monitored_users 100.0");
        assertThat(text).contains("dialgate_lease_renewal_failures_total 1.0");
    }

    @Test
    void shouldTrackReachabilityPerHostAndForgetDeletedHosts() {
        metrics.setPbxReachable("pbx_A1", true);
        metrics.setPbxReachable("pbx_B2", true);
        metrics.setPbxReachable("pbx_B2", false);

        assertThat(scrape())
                .contains("dialgate_pbx_reachable{pbx_host=\"pbx_A1\"} 1.0")
                .contains("dialgate_pbx_reachable{pbx_host=\"pbx_B2\"} 0.0");

        metrics.forgetPbxHost("pbx_B2");

        assertThat(scrape()).doesNotContain("pbx_B2").contains("pbx_host=\"pbx_A1\"");
    }
}
