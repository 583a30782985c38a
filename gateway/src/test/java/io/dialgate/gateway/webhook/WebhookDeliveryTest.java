package io.dialgate.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dialgate.gateway.EmbeddedPostgresResource;
import io.dialgate.gateway.event.Event;
import io.dialgate.gateway.event.EventService;
import io.dialgate.gateway.event.EventType;
import io.dialgate.gateway.support.Api;
import io.dialgate.gateway.webhook.dispatch.WebhookDispatcher;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dispatcher against real PostgreSQL and a real receiver on loopback; tests drive it with runOnce(). */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
class WebhookDeliveryTest {

    private static final Duration TOLERANCE = Duration.ofMinutes(5);

    @Inject
    WebhookDispatcher dispatcher;

    @Inject
    EventService events;

    @Inject
    ObjectMapper json;

    WebhookReceiver receiver;
    Api.TestTenant tenant;

    @BeforeEach
    void setUp() {
        receiver = new WebhookReceiver();
        tenant = Api.newTenant();
    }

    @AfterEach
    void tearDown() {
        receiver.close();
    }

    private Map<String, Object> createEndpoint(List<String> types) {
        return tenant.request().body(Map.of("url", receiver.url(), "eventTypes", types, "description", "test"))
                .post("/v1/webhooks").then().statusCode(201).extract().as(Map.class);
    }

    private Event append(String userId, EventType type) {
        return WebhookTestSupport.append(events, tenant.id(), userId, type);
    }

    /** Runs dispatcher rounds until the condition holds (never sleeps: Awaitility polls with a deadline). */
    private void dispatchUntil(Callable<Boolean> condition) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(() -> {
            dispatcher.runOnce();
            return condition.call();
        });
    }

    private List<Map<String, Object>> deliveries(String endpointId) {
        return tenant.request().get("/v1/webhooks/" + endpointId + "/deliveries").then().statusCode(200).extract().path("data");
    }

    @Test
    void shouldDeliverSignedEventWithStandardWebhooksHeaders() throws Exception {
        Map<String, Object> endpoint = createEndpoint(List.of());
        String user = WebhookTestSupport.newUserId();
        Event event = append(user, EventType.QUEUE_LOGIN);

        dispatchUntil(() -> receiver.received().size() == 1);
        WebhookReceiver.Received got = receiver.received().get(0);
        assertThat(got.header("webhook-id")).isEqualTo(event.id);
        assertThat(got.header("content-type")).isEqualTo("application/json");
        assertThat(got.header("user-agent")).isEqualTo("Dialgate-Webhooks/1.0");
        assertThat(WebhookSigner.verify((String) endpoint.get("secret"), got.header("webhook-id"), got.header("webhook-timestamp"),
                got.header("webhook-signature"), got.body(), Instant.now(), TOLERANCE)).isEqualTo(WebhookSigner.Verdict.VALID);
        JsonNode body = json.readTree(got.body());
        assertThat(body.get("id").asText()).isEqualTo(event.id);
        assertThat(body.get("type").asText()).isEqualTo("queue.login");
        assertThat(body.get("tenantId").asText()).isEqualTo(tenant.id());
        assertThat(body.get("userId").asText()).isEqualTo(user);
        assertThat(body.get("sequence").asLong()).isEqualTo(event.sequence);
        assertThat(body.get("data").get("queue").asText()).isEqualTo("2000");
        assertThat(body.get("occurredAt").asText()).endsWith("Z");

        dispatchUntil(() -> "delivered".equals(deliveries((String) endpoint.get("id")).get(0).get("state")));
        Map<String, Object> delivery = deliveries((String) endpoint.get("id")).get(0);
        assertThat(delivery).containsEntry("attemptCount", 1).containsEntry("lastStatus", 200).containsEntry("eventId", event.id);
        List<Map<String, Object>> attempts = (List<Map<String, Object>>) delivery.get("attempts");
        assertThat(attempts).singleElement().satisfies(a -> {
            assertThat(a).containsEntry("statusCode", 200).containsEntry("trigger", "scheduled").containsEntry("responseBody", "status 200");
        });
    }

    @Test
    void shouldDeliverOnlyMatchingEventTypes() {
        createEndpoint(List.of("call.ringing"));
        String user = WebhookTestSupport.newUserId();
        append(user, EventType.QUEUE_LOGIN);
        Event ringing = append(user, EventType.CALL_RINGING);
        dispatchUntil(() -> receiver.received().size() >= 1);
        dispatcher.runOnce();
        assertThat(receiver.received()).extracting(r -> r.header("webhook-id")).containsExactly(ringing.id);
    }

    @Test
    void shouldRetryAfter500ThenSucceedKeepingTheMessageId() {
        Map<String, Object> endpoint = createEndpoint(List.of());
        receiver.then(500, null);
        Event event = append(WebhookTestSupport.newUserId(), EventType.PAUSE_STARTED);

        dispatchUntil(() -> receiver.received().size() == 2);
        assertThat(receiver.received()).extracting(r -> r.header("webhook-id")).containsOnly(event.id);
        dispatchUntil(() -> "delivered".equals(deliveries((String) endpoint.get("id")).get(0).get("state")));
        List<Map<String, Object>> attempts = (List<Map<String, Object>>) deliveries((String) endpoint.get("id")).get(0).get("attempts");
        assertThat(attempts).extracting(a -> a.get("statusCode")).containsExactly(500, 200);
    }

    @Test
    void shouldKeepOneUsersEventsInOrderWhileOtherUsersProceed() {
        createEndpoint(List.of());
        String alice = WebhookTestSupport.newUserId();
        String bob = WebhookTestSupport.newUserId();
        Event a1 = append(alice, EventType.QUEUE_LOGIN);
        receiver.failFirst(a1.id, 1);
        Event a2 = append(alice, EventType.PAUSE_STARTED);
        Event a3 = append(alice, EventType.PAUSE_ENDED);
        Event b1 = append(bob, EventType.QUEUE_LOGIN);

        dispatchUntil(() -> receiver.received().stream().filter(r -> r.header("webhook-id").equals(a3.id)).count() == 1);
        List<String> ids = receiver.received().stream().map(r -> r.header("webhook-id")).toList();
        // a1 failed once (503); a2 and a3 waited for it, b1 did not.
        assertThat(ids.stream().filter(id -> !id.equals(b1.id)).toList()).containsExactly(a1.id, a1.id, a2.id, a3.id);
        assertThat(ids.indexOf(b1.id)).isLessThan(ids.lastIndexOf(a1.id));
    }

    @Test
    void shouldDisableEndpointOn410AndParkItsDeliveries() {
        Map<String, Object> endpoint = createEndpoint(List.of());
        String id = (String) endpoint.get("id");
        receiver.answer(410);
        String user = WebhookTestSupport.newUserId();
        append(user, EventType.QUEUE_LOGIN);
        append(user, EventType.QUEUE_LOGOUT);
        dispatchUntil(() -> deliveries(id).stream().allMatch(d -> "endpoint_disabled".equals(d.get("state"))));
        assertThat(receiver.received()).hasSize(1);
        tenant.request().get("/v1/webhooks/" + id).then().body("status", equalTo("disabled")).body("disabledReason", equalTo("gone"));
        // Events while it is disabled are kept as skipped deliveries, not sent.
        append(user, EventType.PAUSE_STARTED);
        assertThat(deliveries(id)).hasSize(3).allMatch(d -> "endpoint_disabled".equals(d.get("state")));
        dispatcher.runOnce();
        assertThat(receiver.received()).hasSize(1);
    }

    @Test
    void shouldDeliverEveryEventMissedWhileDisabledInEachUsersOrderOnRecover() throws Exception {
        Map<String, Object> endpoint = createEndpoint(List.of());
        String id = (String) endpoint.get("id");
        Instant start = Instant.now().minusSeconds(1);
        receiver.answer(410);
        List<String> users = List.of(WebhookTestSupport.newUserId(), WebhookTestSupport.newUserId(), WebhookTestSupport.newUserId());
        append(users.get(0), EventType.QUEUE_LOGIN);
        dispatchUntil(() -> "disabled".equals(tenant.request().get("/v1/webhooks/" + id).path("status")));
        // 30 more events of three users, interleaved, while the endpoint is disabled.
        java.util.Map<String, List<Long>> sent = new java.util.HashMap<>();
        for (int i = 0; i < 30; i++) {
            String user = users.get(i % 3);
            sent.computeIfAbsent(user, u -> new java.util.ArrayList<>()).add(append(user, EventType.PAUSE_STARTED).sequence);
        }
        assertThat(deliveries(id)).hasSize(31).allMatch(d -> "endpoint_disabled".equals(d.get("state")));

        receiver.answer(200);
        // Recover enables the endpoint too; an event arriving right after queues behind the recovered ones.
        tenant.request().body(Map.of("since", start.toString())).post("/v1/webhooks/" + id + "/recover").then().statusCode(202)
                .body("requeued", equalTo(31));
        sent.get(users.get(1)).add(append(users.get(1), EventType.PAUSE_ENDED).sequence);
        dispatchUntil(() -> receiver.received().size() == 33);

        java.util.Map<String, List<Long>> received = new java.util.HashMap<>();
        for (WebhookReceiver.Received r : receiver.received().subList(1, 33)) {
            JsonNode event = json.readTree(r.body());
            received.computeIfAbsent(event.get("userId").asText(), u -> new java.util.ArrayList<>()).add(event.get("sequence").asLong());
        }
        // The first user's login (answered 410) comes again first, then its events of the disabled time.
        List<Long> first = new java.util.ArrayList<>(List.of(json.readTree(receiver.received().get(0).body()).get("sequence").asLong()));
        first.addAll(sent.get(users.get(0)));
        assertThat(received.get(users.get(0))).containsExactlyElementsOf(first);
        assertThat(received.get(users.get(1))).containsExactlyElementsOf(sent.get(users.get(1)));
        assertThat(received.get(users.get(2))).containsExactlyElementsOf(sent.get(users.get(2)));
    }

    @Test
    void shouldDisableEndpointAfterARunOfFailuresAndRecoverAfterReEnabling() {
        Map<String, Object> endpoint = createEndpoint(List.of());
        String id = (String) endpoint.get("id");
        receiver.answer(500);
        // Two users, three scheduled attempts each: the fifth consecutive failure (test threshold) disables.
        append(WebhookTestSupport.newUserId(), EventType.CALL_RINGING);
        append(WebhookTestSupport.newUserId(), EventType.CALL_RINGING);
        dispatchUntil(() -> "disabled".equals(tenant.request().get("/v1/webhooks/" + id).path("status")));
        tenant.request().get("/v1/webhooks/" + id).then().body("disabledReason", equalTo("failing"));
        dispatchUntil(() -> deliveries(id).stream().noneMatch(d -> "pending".equals(d.get("state")) || "sending".equals(d.get("state"))));
        assertThat(receiver.received()).hasSizeBetween(5, 6); // a sixth may already be in flight in parallel

        receiver.answer(200);
        tenant.request().body(Map.of("enabled", true)).patch("/v1/webhooks/" + id).then().statusCode(200)
                .body("status", equalTo("enabled"));
        tenant.request().body(Map.of("since", Instant.now().minusSeconds(60).toString())).post("/v1/webhooks/" + id + "/recover")
                .then().statusCode(202).body("requeued", equalTo(2));
        dispatchUntil(() -> deliveries(id).stream().allMatch(d -> "delivered".equals(d.get("state"))));
    }

    @Test
    void shouldSignWithBothSecretsDuringRotation() {
        Map<String, Object> endpoint = createEndpoint(List.of());
        String id = (String) endpoint.get("id");
        String oldSecret = (String) endpoint.get("secret");
        String newSecret = tenant.request().post("/v1/webhooks/" + id + "/rotate-secret").then().statusCode(200)
                .extract().path("secret");
        assertThat(newSecret).startsWith("whsec_").isNotEqualTo(oldSecret);
        append(WebhookTestSupport.newUserId(), EventType.CALL_ENDED);
        dispatchUntil(() -> receiver.received().size() == 1);
        WebhookReceiver.Received got = receiver.received().get(0);
        assertThat(got.header("webhook-signature").split(" ")).hasSize(2);
        for (String secret : List.of(oldSecret, newSecret)) {
            assertThat(WebhookSigner.verify(secret, got.header("webhook-id"), got.header("webhook-timestamp"),
                    got.header("webhook-signature"), got.body(), Instant.now(), TOLERANCE)).isEqualTo(WebhookSigner.Verdict.VALID);
        }
    }
}
