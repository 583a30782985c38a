package io.dialgate.gateway.webhook.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dialgate.gateway.EmbeddedPostgresResource;
import io.dialgate.gateway.common.Ids;
import io.dialgate.gateway.event.Event;
import io.dialgate.gateway.event.EventService;
import io.dialgate.gateway.event.EventType;
import io.dialgate.gateway.support.Api;
import io.dialgate.gateway.webhook.DeliveryAttempt;
import io.dialgate.gateway.webhook.DeliveryAttemptRepository;
import io.dialgate.gateway.webhook.WebhookDeliveryRepository;
import io.dialgate.gateway.webhook.WebhookReceiver;
import io.dialgate.gateway.webhook.WebhookTestSupport;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Delivery after things went wrong: a replica that died holding claims, an endpoint that answers again after
 * failing, and what the tenant is told about its endpoints. Real PostgreSQL, real receivers on loopback; the
 * tests drive the dispatcher with runOnce().
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
class DeliveryRecoveryTest {

    @Inject
    WebhookDispatcher dispatcher;

    @Inject
    DispatcherHeartbeat heartbeat;

    @Inject
    WebhookDeliveryRepository deliveries;

    @Inject
    DeliveryAttemptRepository attempts;

    @Inject
    EventService events;

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    WebhookReceiver receiver;
    WebhookReceiver other;
    Api.TestTenant tenant;

    @BeforeEach
    void setUp() {
        receiver = new WebhookReceiver();
        other = new WebhookReceiver();
        tenant = Api.newTenant();
    }

    @AfterEach
    void tearDown() {
        receiver.close();
        other.close();
    }

    private String endpoint(WebhookReceiver to) {
        return tenant.request().body(Map.of("url", to.url())).post("/v1/webhooks").then().statusCode(201).extract().path("id");
    }

    private void dispatchUntil(Callable<Boolean> condition) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(() -> {
            dispatcher.runOnce();
            return condition.call();
        });
    }

    private List<Map<String, Object>> deliveriesOf(String endpointId) {
        return tenant.request().get("/v1/webhooks/" + endpointId + "/deliveries").then().statusCode(200).extract().path("data");
    }

    /** Claims what is due as another replica would, attempt rows included, and never sends: that replica then dies. */
    private void claimAs(String replica) {
        QuarkusTransaction.requiringNew().run(() -> {
            Instant now = clock.instant();
            for (WebhookDeliveryRepository.Claimed c : deliveries.claimDueDeliveries(replica, now, Duration.ofMinutes(2), 100, 16)) {
                attempts.insertAll(List.of(DeliveryAttempt.startedAt(Ids.next("att", clock), c.tenantId(), c.id(), false, now)));
            }
        });
    }

    private void beatAs(String replica, Instant at) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "INSERT INTO webhook_dispatcher_replica (replica_id, heartbeat_at) VALUES (?1, ?2) "
                        + "ON CONFLICT (replica_id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at")
                .setParameter(1, replica).setParameter(2, at).executeUpdate());
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldTakeBackADeadReplicasClaimAtOnceAndShowBothSendsInTheHistory() {
        String id = endpoint(receiver);
        Event event = WebhookTestSupport.append(events, tenant.id(), WebhookTestSupport.newUserId(), EventType.CALL_RINGING);
        String dead = "dead-" + event.id;
        beatAs(dead, clock.instant());
        claimAs(dead);
        assertThat(deliveriesOf(id)).singleElement().satisfies(d -> assertThat(d).containsEntry("state", "sending"));

        // While its replica beats, the claim is left alone, although its lease runs for two more minutes.
        heartbeat.reclaimOrphans();
        dispatcher.runOnce();
        assertThat(receiver.received()).isEmpty();

        // Its heartbeat stops: the next check takes the claim back, long before the lease ends.
        beatAs(dead, clock.instant().minus(Duration.ofMinutes(1)));
        assertThat(heartbeat.reclaimOrphans()).isGreaterThanOrEqualTo(1);
        dispatchUntil(() -> "delivered".equals(deliveriesOf(id).get(0).get("state")));
        assertThat(receiver.received()).extracting(r -> r.header("webhook-id")).containsExactly(event.id);

        Map<String, Object> delivery = deliveriesOf(id).get(0);
        assertThat(delivery).containsEntry("attemptCount", 2);
        List<Map<String, Object>> history = (List<Map<String, Object>>) delivery.get("attempts");
        assertThat(history).hasSize(2);
        assertThat(history.get(0)).containsEntry("statusCode", null);
        assertThat((String) history.get(0).get("error")).contains("may have got it");
        assertThat(history.get(0).get("finishedAt")).isNotNull();
        assertThat(history.get(1)).containsEntry("statusCode", 200);
    }

    @Test
    void shouldSendWaitingRetriesAtOnceWhenTheEndpointAnswersAgain() {
        String id = endpoint(receiver);
        String alice = WebhookTestSupport.newUserId();
        // The receiver is down and asks for an hour's pause...
        receiver.then(503, "3600");
        Event first = WebhookTestSupport.append(events, tenant.id(), alice, EventType.QUEUE_LOGIN);
        dispatchUntil(() -> receiver.received().size() == 1);
        Event second = WebhookTestSupport.append(events, tenant.id(), alice, EventType.PAUSE_STARTED);
        dispatchUntil(() -> deliveriesOf(id).get(0).get("lastStatus") != null);
        Instant next = Instant.parse((String) deliveriesOf(id).get(0).get("nextAttemptAt"));
        assertThat(next).isAfter(Instant.now().plus(Duration.ofMinutes(50)));

        // ...then another user's event goes through: the endpoint is back, and the hour-long wait is dropped.
        WebhookTestSupport.append(events, tenant.id(), WebhookTestSupport.newUserId(), EventType.CALL_RINGING);
        dispatchUntil(() -> deliveriesOf(id).stream().allMatch(d -> "delivered".equals(d.get("state"))));
        List<String> aliceOrder = receiver.received().stream().map(r -> r.header("webhook-id"))
                .filter(m -> m.equals(first.id) || m.equals(second.id)).toList();
        assertThat(aliceOrder).containsExactly(first.id, first.id, second.id);
    }

    @Test
    void shouldTellTheTenantWhenAnEndpointFailsIsDisabledAndRecovers() throws Exception {
        String failing = endpoint(receiver);
        String watcher = endpoint(other);
        receiver.answer(500);
        // Three failed attempts in a row (the test threshold) make endpoint.failing.
        WebhookTestSupport.append(events, tenant.id(), WebhookTestSupport.newUserId(), EventType.CALL_RINGING);
        dispatchUntil(() -> types(other).contains("endpoint.failing"));
        JsonNode failingEvent = eventOf(other, "endpoint.failing");
        assertThat(failingEvent.get("data").get("webhookId").asText()).isEqualTo(failing);
        assertThat(failingEvent.get("data").get("failures").asInt()).isEqualTo(3);
        assertThat(failingEvent.get("data").get("lastError").asText()).isEqualTo("HTTP 500");

        // It answers again: endpoint.recovered.
        receiver.answer(200);
        WebhookTestSupport.append(events, tenant.id(), WebhookTestSupport.newUserId(), EventType.CALL_RINGING);
        dispatchUntil(() -> types(other).contains("endpoint.recovered"));
        assertThat(eventOf(other, "endpoint.recovered").get("data").get("webhookId").asText()).isEqualTo(failing);

        // It answers 410: endpoint.disabled, with the reason.
        receiver.answer(410);
        WebhookTestSupport.append(events, tenant.id(), WebhookTestSupport.newUserId(), EventType.CALL_RINGING);
        dispatchUntil(() -> types(other).contains("endpoint.disabled"));
        assertThat(eventOf(other, "endpoint.disabled").get("data").get("reason").asText()).isEqualTo("gone");

        // The endpoint concerned never gets its own operational events; the feed has them all, in order.
        assertThat(types(receiver)).noneMatch(t -> t.startsWith("endpoint."));
        List<String> feed = tenant.request().queryParam("limit", 100).get("/v1/events").then().statusCode(200)
                .extract().path("data.type");
        assertThat(feed.stream().filter(t -> t.startsWith("endpoint.")).toList())
                .containsExactly("endpoint.failing", "endpoint.recovered", "endpoint.disabled");
        tenant.request().get("/v1/webhooks/" + watcher).then().body("status", equalTo("enabled"));
    }

    private List<String> types(WebhookReceiver to) throws Exception {
        List<String> types = new java.util.ArrayList<>();
        for (WebhookReceiver.Received r : to.received()) {
            types.add(json.readTree(r.body()).get("type").asText());
        }
        return types;
    }

    private JsonNode eventOf(WebhookReceiver to, String type) throws Exception {
        for (WebhookReceiver.Received r : to.received()) {
            JsonNode event = json.readTree(r.body());
            if (event.get("type").asText().equals(type)) {
                return event;
            }
        }
        throw new AssertionError("no " + type);
    }
}
