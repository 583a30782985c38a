package io.dialgate.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialgate.client.DaktelaException;
import io.dialgate.client.DaktelaRateLimitedException;
import io.dialgate.client.DaktelaUnauthorizedException;
import io.dialgate.client.DaktelaUnavailableException;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The meters' Prometheus names, labels and values on a registry of their own. Whether the alerts, the dashboard
 * and the docs use what the running app exports is checked by {@code MetricsTruthTest}.
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
    private static String scrape(PrometheusMeterRegistry registry) {
        return registry.scrape().replace(",}", "}");
    }

    private String scrape() {
        return scrape(registry);
    }

    @Test
    void shouldExportPollCounterAndPerHostLatencyHistogram() {
        metrics.recordPoll("pbx_A1", Duration.ofMillis(300), PollOutcome.CHANGED);
        metrics.recordPoll("pbx_A1", Duration.ofSeconds(15), PollOutcome.UNCHANGED);
        metrics.recordPollError(PollFailure.TIMEOUT);

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
        metrics.recordDelivery(WebhookAttemptOutcome.DELIVERED);
        metrics.recordDelivery(WebhookAttemptOutcome.GAVE_UP);
        metrics.recordDelivery(WebhookAttemptOutcome.GAVE_UP);

        String text = scrape();

        assertThat(text).contains("dialgate_events_total{type=\"call.ringing\"} 1.0");
        assertThat(text).contains("dialgate_webhook_deliveries_total{outcome=\"delivered\"} 1.0");
        assertThat(text).contains("dialgate_webhook_deliveries_total{outcome=\"gave_up\"} 2.0");
        assertThat(text).doesNotContain("usr_").doesNotContain("ten_");
    }

    @Test
    void shouldClassifyPollFailuresIntoTheFixedReasons() {
        assertThat(PollFailure.of(new DaktelaUnavailableException("t", 0, List.of(), null, true, null))).isEqualTo(PollFailure.TIMEOUT);
        assertThat(PollFailure.of(new DaktelaUnavailableException("c", 0, List.of(), null, false, null))).isEqualTo(PollFailure.CONNECT);
        assertThat(PollFailure.of(new DaktelaUnavailableException("5", 503, List.of(), null, false, null)))
                .isEqualTo(PollFailure.HTTP_5XX);
        assertThat(PollFailure.of(new DaktelaUnauthorizedException("u", List.of(), null))).isEqualTo(PollFailure.UNAUTHORIZED);
        assertThat(PollFailure.of(new DaktelaRateLimitedException("r", List.of(), null, java.util.Optional.empty())))
                .isEqualTo(PollFailure.RATE_LIMITED);
        assertThat(PollFailure.of(new DaktelaException("4", 409, List.of(), null, null))).isEqualTo(PollFailure.HTTP_4XX);
        assertThat(PollFailure.of(new DaktelaException("e", 200, List.of(), null, null))).isEqualTo(PollFailure.INVALID_ANSWER);
        assertThat(PollFailure.of(new IllegalStateException("bug"))).isEqualTo(PollFailure.OTHER);
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
        metrics.recordPoll("pbx_B2", Duration.ofSeconds(1), PollOutcome.UNCHANGED);

        assertThat(scrape())
                .contains("dialgate_pbx_reachable{pbx_host=\"pbx_A1\"} 1.0")
                .contains("dialgate_pbx_reachable{pbx_host=\"pbx_B2\"} 0.0");

        metrics.forgetPbxHost("pbx_B2");

        assertThat(scrape()).doesNotContain("pbx_B2").contains("pbx_host=\"pbx_A1\"");
        assertThat(metrics.pbxHostsWithReachability()).containsExactly("pbx_A1");
    }

    /**
     * Quarkus injects Micrometer's global composite registry, which outlives an application started twice in one
     * JVM (as the tests do for each profile). A second start must export its own numbers, whether or not the first
     * one's meters were removed on shutdown: the composite hands back an existing gauge, still bound to the first
     * start's value, to anyone registering the same name.
     */
    @Test
    void shouldExportTheLatestStartsGaugesWhenTheRegistryOutlivesAnEarlierStart() {
        CompositeMeterRegistry global = new CompositeMeterRegistry();
        PrometheusMeterRegistry firstExport = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        global.add(firstExport);
        GatewayMetrics first = new GatewayMetrics(global);
        first.setMonitoredUsers(5);
        first.setLeasesHeld(5);
        first.setPbxReachable("pbx_A1", false);
        // The first start stops without its shutdown hooks (a crash, or a test app torn down abruptly).
        global.remove(firstExport);

        PrometheusMeterRegistry secondExport = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        global.add(secondExport);
        GatewayMetrics second = new GatewayMetrics(global);
        second.setMonitoredUsers(7);
        second.setLeasesHeld(3);
        second.setPbxReachable("pbx_A1", true);

        assertThat(scrape(secondExport))
                .contains("dialgate_monitored_users 7.0")
                .contains("dialgate_poll_leases_held 3.0")
                .contains("dialgate_pbx_reachable{pbx_host=\"pbx_A1\"} 1.0");

        // An orderly stop leaves nothing of this start behind.
        second.removeOwnMeters();
        assertThat(global.getMeters()).noneMatch(m -> m.getId().getName().startsWith("dialgate."));
    }
}
