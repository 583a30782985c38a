package io.dialgate.gateway.metrics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.dialgate.gateway.EmbeddedPostgresResource;
import io.dialgate.gateway.SimulatorResource;
import io.dialgate.gateway.event.Event;
import io.dialgate.gateway.event.EventService;
import io.dialgate.gateway.event.EventType;
import io.dialgate.gateway.polling.HostReachability;
import io.dialgate.gateway.support.Api;
import io.dialgate.gateway.support.MovableTimeProfile;
import io.dialgate.gateway.support.PbxFixture;
import io.dialgate.gateway.support.SettableClock;
import io.dialgate.gateway.webhook.WebhookDelivery;
import io.dialgate.gateway.webhook.WebhookDeliveryRepository;
import io.dialgate.gateway.webhook.WebhookReceiver;
import io.dialgate.gateway.webhook.WebhookService;
import io.dialgate.gateway.webhook.WebhookTestSupport;
import io.dialgate.gateway.webhook.dispatch.WebhookDispatcher;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The alerts, the Grafana dashboard and the metrics table of docs/operations.md against what the running gateway
 * exports. The test drives real outcomes (webhook attempts that deliver, fail and are retried, give up, hit 410 or
 * are superseded; polls that change something or not, and fail; users monitored; a lease held and one lost; a
 * host unreachable, then deleted), scrapes {@code /q/metrics}, and requires every selector of every alert and
 * panel to select a series of that scrape, with every label value it names carried by one. Time for the webhook
 * retries is moved on with the app's clock rather than waited for.
 */
@QuarkusTest
@TestProfile(MovableTimeProfile.class)
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(SimulatorResource.class)
class MetricsTruthTest {

    /** Labels Prometheus adds from the scrape target; the app cannot export them, so their matchers are not checked. */
    private static final Set<String> TARGET_LABELS = Set.of("job", "instance", "namespace", "pod", "service", "endpoint",
            "container");
    /** Beyond one retry delay of the profile's schedule, jitter included. */
    private static final Duration PAST_A_RETRY = Duration.ofMinutes(25);
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Inject
    WebhookDispatcher dispatcher;
    @Inject
    WebhookService webhooks;
    @Inject
    WebhookDeliveryRepository deliveries;
    @Inject
    EventService events;
    @Inject
    HostReachability hosts;
    @Inject
    GatewayMetrics metrics;
    @Inject
    EntityManager em;
    @Inject
    SettableClock clock;

    @Test
    void shouldExportEverySeriesTheAlertsDashboardAndDocsUse() throws Exception {
        PbxFixture polled = PbxFixture.create();
        PbxFixture failing = PbxFixture.create();
        String agent = monitor(polled);
        String lost = monitor(failing);
        await("both users polled").atMost(DEADLINE).until(() -> polls(polled) > 0 && polls(failing) > 0);

        // A poll that changes something, and (the simulator holds a poll 2 s) some that change nothing.
        polled.tenant.request().put("/v1/users/" + agent + "/queues/1000").then().statusCode(200);
        await().atMost(DEADLINE).until(() -> value(scrape(), "dialgate_polls_total", Map.of("outcome", "changed")) > 0
                && value(scrape(), "dialgate_polls_total", Map.of("outcome", "unchanged")) > 0);

        // Another replica takes a lease this one holds: the next renewal finds it gone.
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                UPDATE poll_lease SET locked_by = 'another-replica', locked_until = now() + interval '2 seconds'
                WHERE user_id = ?1""").setParameter(1, agent).executeUpdate());
        await().atMost(DEADLINE).until(() -> value(scrape(), "dialgate_lease_renewal_failures_total", Map.of()) > 0);

        // A PBX answering 503: the polls fail and the host's circuit opens.
        failing.pbx.fault(Map.of("endpoint", "appPullData", "status", 503));
        failing.pbx.ring("agent", "123", "1000"); // answers the held poll; the next ones fail
        await().atMost(DEADLINE).until(() -> value(scrape(), "dialgate_pbx_reachable", Map.of("pbx_host", failing.hostId)) == 0
                && value(scrape(), "dialgate_poll_errors_total", Map.of("reason", "http_5xx")) > 0);

        driveEveryWebhookOutcome();

        await("the monitored users gauge follows the database").atMost(DEADLINE).until(() ->
                value(scrape(), "dialgate_monitored_users", Map.of()) == pollLeases());
        String text = scrape();
        List<PromSelectors.Series> scrape = PromSelectors.parseScrape(text);

        List<String> problems = new ArrayList<>();
        Map<String, String> expressions = new LinkedHashMap<>();
        expressions.putAll(ruleExpressions("deploy/kubernetes/overlays/prod/prometheusrule.yaml"));
        expressions.putAll(ruleExpressions("deploy/helm/dialgate/files/prometheus-rules.yaml"));
        expressions.putAll(dashboardExpressions("deploy/grafana/dialgate.json"));
        assertThat(expressions).hasSizeGreaterThan(15);
        expressions.forEach((where, expr) -> {
            List<PromSelectors.Selector> selectors = PromSelectors.of(expr).stream()
                    .filter(s -> !"up".equals(s.name())) // Prometheus's own series for each target
                    .toList();
            if (selectors.isEmpty() && !expr.contains("up{")) {
                problems.add(where + ": no selector found in " + expr);
            }
            selectors.forEach(s -> PromSelectors.problems(s, scrape, TARGET_LABELS).forEach(p -> problems.add(where + ": " + p)));
        });
        assertThat(problems).as("alerts and panels that select nothing the gateway exports").isEmpty();

        assertDocumentedExactly(text, scrape);
        assertThat(scrape).as("the connection pool's series the docs name").extracting(PromSelectors.Series::name)
                .contains("agroal_active_count", "agroal_awaiting_count", "agroal_max_used_count");

        // Every value of the delivery outcome is emitted by some path (no dead vocabulary).
        assertThat(labelValues(scrape, "dialgate_webhook_deliveries_total", "outcome")).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(WebhookAttemptOutcome.values()).map(WebhookAttemptOutcome::label).toList());
        assertThat(labelValues(scrape, "dialgate_polls_total", "outcome")).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(PollOutcome.values()).map(PollOutcome::label).toList());

        // A deleted host's reachability series goes with it.
        failing.tenant.request().delete("/v1/pbx-hosts/" + failing.hostId).then().statusCode(204);
        assertThat(scrape()).doesNotContain("pbx_host=\"" + failing.hostId + "\"");
        // On another replica, the minute's check drops a host deleted elsewhere.
        metrics.setPbxReachable("pbx_deletedelsewhere0000000000", false);
        assertThat(hosts.forgetDeletedHosts()).isGreaterThanOrEqualTo(1);
        assertThat(scrape()).doesNotContain("pbx_deletedelsewhere0000000000").contains("dialgate_pbx_reachable{");
    }

    /**
     * The docs' metrics table lists exactly the families the scrape has, each with its labels, and each closed
     * label with exactly the values of its enum; values scraped are among them.
     */
    private void assertDocumentedExactly(String text, List<PromSelectors.Series> scrape) throws IOException {
        Map<String, Map<String, List<String>>> documented = documentedMetrics();
        Set<String> exported = new TreeSet<>();
        Matcher type = Pattern.compile("(?m)^# TYPE (dialgate_\\w+) (\\w+)").matcher(text);
        Map<String, String> types = new LinkedHashMap<>();
        while (type.find()) {
            // The text format names a counter's family without the _total its samples carry.
            String family = type.group(2).equals("counter") && !type.group(1).endsWith("_total") ? type.group(1) + "_total"
                    : type.group(1);
            exported.add(family);
            types.put(family, type.group(2));
        }
        assertThat(documented.keySet()).as("metrics in docs/operations.md").containsExactlyInAnyOrderElementsOf(exported);

        Map<String, List<String>> closed = Map.of(
                "dialgate_webhook_deliveries_total/outcome", labels(WebhookAttemptOutcome.values(), WebhookAttemptOutcome::label),
                "dialgate_polls_total/outcome", labels(PollOutcome.values(), PollOutcome::label),
                "dialgate_poll_errors_total/reason", labels(PollFailure.values(), PollFailure::label),
                "dialgate_events_total/type", labels(EventType.values(), EventType::wireName));
        documented.forEach((family, labels) -> {
            List<PromSelectors.Series> series = scrape.stream().filter(s -> s.name().equals(family)
                    || "histogram".equals(types.get(family)) && s.name().matches(Pattern.quote(family) + "_(bucket|count|sum)"))
                    .toList();
            Set<String> scrapedLabels = series.stream().flatMap(s -> s.labels().keySet().stream())
                    .filter(l -> !l.equals("le")).collect(Collectors.toCollection(TreeSet::new));
            assertThat(scrapedLabels).as(family + " labels").containsExactlyInAnyOrderElementsOf(labels.keySet());
            labels.forEach((label, values) -> {
                List<String> vocabulary = closed.get(family + "/" + label);
                if (values.isEmpty()) {
                    assertThat(vocabulary).as(family + " " + label + " is documented as open but is an enum").isNull();
                    return;
                }
                assertThat(values).as(family + " " + label + " values in the docs").containsExactlyInAnyOrderElementsOf(vocabulary);
                assertThat(labelValues(series, family, label)).as(family + " " + label + " values scraped").isSubsetOf(values);
            });
        });
    }

    /** The metrics table of docs/operations.md: name to labels, each label to its listed values (empty: open). */
    private static Map<String, Map<String, List<String>>> documentedMetrics() throws IOException {
        String doc = Files.readString(ROOT.resolve("docs/operations.md"));
        String section = doc.substring(doc.indexOf("## Metrics"), doc.indexOf("## Runbook"));
        Pattern code = Pattern.compile("`([^`]+)`");
        Map<String, Map<String, List<String>>> metrics = new LinkedHashMap<>();
        for (String row : section.split("\n")) {
            if (!row.startsWith("| `dialgate_")) {
                continue;
            }
            String[] cells = row.split("\\|");
            Matcher name = code.matcher(cells[1]);
            assertThat(name.find()).isTrue();
            Map<String, List<String>> labels = new LinkedHashMap<>();
            if (!cells[3].trim().equals("none")) {
                for (String part : cells[3].split(";")) {
                    Matcher words = code.matcher(part);
                    assertThat(words.find()).as("a label in " + row).isTrue();
                    String label = words.group(1);
                    List<String> values = new ArrayList<>();
                    while (words.find()) {
                        values.add(words.group(1));
                    }
                    labels.put(label, values);
                }
            }
            metrics.put(name.group(1), labels);
        }
        return metrics;
    }

    private static <T> List<String> labels(T[] values, java.util.function.Function<T, String> label) {
        return Arrays.stream(values).map(label).toList();
    }

    private static Map<String, String> ruleExpressions(String file) throws IOException {
        JsonNode root = new YAMLMapper().readTree(ROOT.resolve(file).toFile());
        JsonNode groups = root.has("spec") ? root.path("spec").path("groups") : root.path("groups");
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode group : groups) {
            for (JsonNode rule : group.path("rules")) {
                out.put(file + " " + rule.path("alert").asText(), rule.path("expr").asText());
            }
        }
        assertThat(out).as(file).isNotEmpty();
        return out;
    }

    private static Map<String, String> dashboardExpressions(String file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(ROOT.resolve(file).toFile());
        Map<String, String> out = new LinkedHashMap<>();
        panels(root.path("panels")).forEach(panel -> {
            int i = 0;
            for (JsonNode target : panel.path("targets")) {
                out.put(file + " panel '" + panel.path("title").asText() + "' #" + i++, target.path("expr").asText());
            }
        });
        return out;
    }

    /** Panels, with those nested in rows. */
    private static Stream<JsonNode> panels(JsonNode list) {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode panel : list) {
            all.add(panel);
            panels(panel.path("panels")).forEach(all::add);
        }
        return all.stream();
    }

    /**
     * One attempt of each outcome, each on an endpoint of its own (failure runs are per endpoint): delivered;
     * failed then retried; given up after the schedule; 410; superseded by a manual retry during the attempt.
     */
    private void driveEveryWebhookOutcome() {
        try (WebhookReceiver ok = new WebhookReceiver(); WebhookReceiver flaky = new WebhookReceiver();
                WebhookReceiver down = new WebhookReceiver(); WebhookReceiver gone = new WebhookReceiver();
                WebhookReceiver raced = new WebhookReceiver()) {
            Api.TestTenant delivering = webhookTenant(ok);
            // Its own endpoint: a success of the same endpoint would end the failure run and send the retry at once.
            Api.TestTenant retrying = webhookTenant(flaky);
            Api.TestTenant givingUp = webhookTenant(down);
            Api.TestTenant disabled = webhookTenant(gone);
            Api.TestTenant superseded = webhookTenant(raced);
            down.answer(500);
            gone.answer(410);

            Event retried = append(retrying, EventType.QUEUE_LOGIN);
            flaky.failFirst(retried.id, 1);
            Event delivered = append(delivering, EventType.QUEUE_LOGOUT);
            Event given = append(givingUp, EventType.CALL_RINGING);
            Event refused = append(disabled, EventType.CALL_ENDED);
            Event racing = append(superseded, EventType.PAUSE_STARTED);
            raced.failFirst(racing.id, 1);
            String racingDelivery = delivery(racing).id;
            raced.onRequest(racing.id, () -> webhooks.retry(superseded.id(), racingDelivery));

            // The superseded delivery's manual attempt is not held to the schedule: it is delivered at once.
            dispatchUntil(() -> "delivered".equals(delivery(delivered).state) && "pending".equals(delivery(retried).state)
                    && "endpoint_disabled".equals(delivery(refused).state) && delivery(given).attempts == 1
                    && "delivered".equals(delivery(racing).state));
            assertThat(raced.received()).hasSize(2);
            // The retries are due ten minutes on: move the clock rather than wait.
            dispatcher.runOnce();
            assertThat(flaky.received()).hasSize(1);
            clock.advance(PAST_A_RETRY);
            dispatchUntil(() -> "delivered".equals(delivery(retried).state) && delivery(given).attempts == 2);
            clock.advance(PAST_A_RETRY);
            dispatchUntil(() -> "failed".equals(delivery(given).state));
            assertThat(down.received()).hasSize(3);
        }
    }

    private Api.TestTenant webhookTenant(WebhookReceiver receiver) {
        Api.TestTenant tenant = Api.newTenant();
        tenant.request().body(Map.of("url", receiver.url())).post("/v1/webhooks").then().statusCode(201);
        return tenant;
    }

    private Event append(Api.TestTenant tenant, EventType type) {
        return WebhookTestSupport.append(events, tenant.id(), WebhookTestSupport.newUserId(), type);
    }

    private WebhookDelivery delivery(Event event) {
        return QuarkusTransaction.requiringNew().call(() -> deliveries.find("eventId", event.id).firstResult());
    }

    private void dispatchUntil(Callable<Boolean> condition) {
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(50)).until(() -> {
            dispatcher.runOnce();
            return condition.call();
        });
    }

    private static String monitor(PbxFixture f) {
        return f.tenant.request().body(Map.of("pbxHostId", f.hostId, "login", "agent", "accessToken", f.agentToken))
                .post("/v1/users").then().statusCode(201).extract().path("id");
    }

    private static double polls(PbxFixture f) {
        return value(scrape(), "dialgate_pbx_request_seconds_count", Map.of("pbx_host", f.hostId));
    }

    private long pollLeases() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery("SELECT count(*) FROM poll_lease")
                .getSingleResult()).longValue());
    }

    private static String scrape() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The value of the one series of {@code name} with these labels (others allowed), or -1 when there is none. */
    private static double value(String text, String name, Map<String, String> labels) {
        return PromSelectors.parseScrape(text).stream()
                .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(PromSelectors.Series::value).findFirst().orElse(-1);
    }

    private static Set<String> labelValues(List<PromSelectors.Series> scrape, String name, String label) {
        return scrape.stream().filter(s -> s.name().startsWith(name) && s.labels().containsKey(label))
                .map(s -> s.labels().get(label)).collect(Collectors.toCollection(TreeSet::new));
    }
}
