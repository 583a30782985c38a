package io.dialgate.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The selector extractor on made-up expressions: what it must find, and what it must refuse. */
class PromSelectorsTest {

    private static final List<PromSelectors.Series> SCRAPE = PromSelectors.parseScrape("""
            # HELP dialgate_webhook_deliveries_total Webhook delivery attempts
            # TYPE dialgate_webhook_deliveries_total counter
            dialgate_webhook_deliveries_total{outcome="delivered",} 3.0
            dialgate_webhook_deliveries_total{outcome="retrying",} 1.0
            dialgate_pbx_reachable{pbx_host="pbx_A1",} 0.0
            dialgate_pbx_request_seconds_bucket{pbx_host="pbx_A1",le="0.5",} 2.0
            dialgate_monitored_users 4.0
            """);

    private static List<String> problems(String expr) {
        return PromSelectors.of(expr).stream()
                .flatMap(s -> PromSelectors.problems(s, SCRAPE, Set.of("job", "pod")).stream()).toList();
    }

    @Test
    void shouldFindOnlyTheSelectorsNotGroupingLabelsFunctionsOrKeywords() {
        List<PromSelectors.Selector> found = PromSelectors.of("""
                histogram_quantile(0.95, sum by (le, pbx_host) (rate(dialgate_pbx_request_seconds_bucket[5m])))
                  and on() max(dialgate_monitored_users offset 5m) > 0
                  or count(max by (pbx_host) (dialgate_pbx_reachable{pbx_host=~"pbx_.*", job="x"}) == 0) or vector(0)
                  unless sum(rate(dialgate_webhook_deliveries_total{outcome!="delivered"}[10m])) by (pod) / 2""");

        assertThat(found).extracting(PromSelectors.Selector::toString).containsExactly(
                "dialgate_pbx_request_seconds_bucket[]",
                "dialgate_monitored_users[]",
                "dialgate_pbx_reachable[pbx_host=~\"pbx_.*\", job=\"x\"]",
                "dialgate_webhook_deliveries_total[outcome!=\"delivered\"]");
    }

    @Test
    void shouldAcceptExpressionsThatMatchTheScrape() {
        assertThat(problems("sum(rate(dialgate_webhook_deliveries_total{outcome!=\"delivered\"}[10m])) "
                + "/ sum(rate(dialgate_webhook_deliveries_total[10m])) > 0.25")).isEmpty();
        assertThat(problems("max by (pbx_host) (dialgate_pbx_reachable{job=\"dialgate\"}) == 0")).isEmpty();
        assertThat(problems("dialgate_webhook_deliveries_total{outcome=~\"delivered|retrying\"}")).isEmpty();
    }

    /** The negative self-check: each of these names something the scrape does not have, and must be caught. */
    @Test
    void shouldRefuseUnknownMetricsAndLabelValuesTheScrapeNeverCarries() {
        assertThat(problems("sum(rate(dialgate_no_such_metric_total[5m]))")).singleElement().asString()
                .contains("dialgate_no_such_metric_total").contains("selects no series");
        // One alternative of a regex is emitted, the other never: the alert would look fine but miss those.
        assertThat(problems("sum(rate(dialgate_webhook_deliveries_total{outcome=~\"failed|retrying\"}[10m]))"))
                .singleElement().asString().contains("outcome=\"failed\"");
        // A negative matcher on a value nobody emits excludes nothing: a renamed value would go unnoticed.
        assertThat(problems("dialgate_webhook_deliveries_total{outcome!=\"deliverd\"}")).singleElement().asString()
                .contains("outcome=\"deliverd\"");
        assertThat(problems("dialgate_pbx_reachable{pbx_host=\"pbx_B2\"}")).hasSize(2);
        assertThat(problems("dialgate_monitored_users{pod=\"x\", tenant=\"t\"}")).isNotEmpty();
    }
}
