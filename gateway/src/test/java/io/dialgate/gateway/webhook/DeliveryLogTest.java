package io.dialgate.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

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

/** The delivery log the console reads: filters, newest first, one delivery, test events and endpoint health. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
class DeliveryLogTest {

    @Inject
    WebhookDispatcher dispatcher;

    @Inject
    EventService events;

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

    private String endpoint(List<String> types) {
        return tenant.request().body(Map.of("url", receiver.url(), "eventTypes", types, "description", "log"))
                .post("/v1/webhooks").then().statusCode(201).extract().path("id");
    }

    private void dispatchUntil(Callable<Boolean> condition) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(() -> {
            dispatcher.runOnce();
            return condition.call();
        });
    }

    private List<String> ids(String query) {
        return tenant.request().get("/v1/deliveries" + query).then().statusCode(200).extract().path("data.id");
    }

    @Test
    void shouldFilterDeliveriesByStateTypeUserAndTimeAndListNewestFirst() {
        String hook = endpoint(List.of());
        String alice = WebhookTestSupport.newUserId();
        String bob = WebhookTestSupport.newUserId();
        Event first = WebhookTestSupport.append(events, tenant.id(), alice, EventType.QUEUE_LOGIN);
        WebhookTestSupport.append(events, tenant.id(), bob, EventType.CALL_RINGING);
        Instant between = Instant.now();
        WebhookTestSupport.append(events, tenant.id(), alice, EventType.CALL_RINGING);

        List<String> oldest = ids("?webhookId=" + hook);
        assertThat(oldest).hasSize(3);
        List<String> reversed = new java.util.ArrayList<>(oldest);
        java.util.Collections.reverse(reversed);
        assertThat(ids("?webhookId=" + hook + "&order=newest")).containsExactlyElementsOf(reversed);
        assertThat(tenant.request().get("/v1/webhooks/" + hook + "/deliveries").then().statusCode(200)
                .extract().<List<String>>path("data.id")).as("the endpoint's list keeps oldest first").isEqualTo(oldest);

        assertThat(ids("?userId=" + alice)).hasSize(2);
        assertThat(ids("?eventType=call.ringing")).hasSize(2);
        assertThat(ids("?eventType=call.ringing&userId=" + alice)).containsExactly(oldest.get(2));
        assertThat(ids("?to=" + between)).containsExactly(oldest.get(0), oldest.get(1));
        assertThat(ids("?from=" + between)).containsExactly(oldest.get(2));
        assertThat(ids("?state=pending")).hasSize(3);
        assertThat(ids("?state=delivered")).isEmpty();

        // Newest first pages on in the same order.
        String cursor = tenant.request().get("/v1/deliveries?order=newest&limit=2").then().statusCode(200)
                .body("data", hasSize(2)).extract().path("nextCursor");
        tenant.request().get("/v1/deliveries?order=newest&limit=2&after=" + cursor).then().statusCode(200)
                .body("data.id", equalTo(List.of(oldest.get(0)))).body("nextCursor", nullValue());

        dispatchUntil(() -> ids("?state=delivered").size() == 3);
        tenant.request().get("/v1/deliveries/" + oldest.get(0)).then().statusCode(200)
                .body("eventId", equalTo(first.id)).body("state", equalTo("delivered")).body("webhookId", equalTo(hook))
                .body("attempts", hasSize(1)).body("attempts[0].statusCode", equalTo(200));
    }

    @Test
    void shouldRefuseWrongFiltersNamingTheParameter() {
        tenant.request().get("/v1/deliveries?state=lost").then().statusCode(400).body("errors[0].field", equalTo("state"));
        tenant.request().get("/v1/deliveries?eventType=call.exploded").then().statusCode(400)
                .body("errors[0].field", equalTo("eventType"));
        tenant.request().get("/v1/deliveries?userId=bob").then().statusCode(400).body("errors[0].field", equalTo("userId"));
        tenant.request().get("/v1/deliveries?from=yesterday").then().statusCode(400).body("errors[0].field", equalTo("from"));
        tenant.request().get("/v1/deliveries?order=random").then().statusCode(400).body("errors[0].field", equalTo("order"));
        tenant.request().get("/v1/deliveries?webhookId=nope").then().statusCode(400).body("errors[0].field", equalTo("webhookId"));
        String hook = endpoint(List.of());
        tenant.request().get("/v1/webhooks/" + hook + "/deliveries?state=lost").then().statusCode(400);
    }

    @Test
    void shouldHideAnotherTenantsDeliveries() {
        String hook = endpoint(List.of());
        WebhookTestSupport.append(events, tenant.id(), WebhookTestSupport.newUserId(), EventType.QUEUE_LOGIN);
        String delivery = ids("").get(0);
        Api.TestTenant other = Api.newTenant();
        other.request().get("/v1/deliveries/" + delivery).then().statusCode(404);
        other.request().get("/v1/deliveries").then().statusCode(200).body("data", hasSize(0));
        other.request().get("/v1/deliveries?webhookId=" + hook).then().statusCode(404);
        other.request().post("/v1/webhooks/" + hook + "/test").then().statusCode(404);
        other.request().get("/v1/webhooks/" + hook + "/health").then().statusCode(404);
    }

    @Test
    void shouldSendTestEventToThatEndpointAloneWhateverItSubscribesTo() {
        String target = endpoint(List.of("call.ended"));
        String bystander = endpoint(List.of());
        String delivery = tenant.request().post("/v1/webhooks/" + target + "/test").then().statusCode(202)
                .body("webhookId", equalTo(target)).body("eventType", equalTo("webhook.test")).body("state", equalTo("pending"))
                .extract().path("id");
        dispatchUntil(() -> "delivered".equals(tenant.request().get("/v1/deliveries/" + delivery).then().extract().path("state")));
        assertThat(receiver.received()).singleElement().satisfies(r -> assertThat(r.body()).contains("\"type\":\"webhook.test\"")
                .contains(target));
        assertThat(ids("?webhookId=" + bystander)).isEmpty();
        tenant.request().get("/v1/events?type=webhook.test").then().statusCode(200).body("data", hasSize(1));
    }

    @Test
    void shouldReportSuccessRateAndMedianLatencyOfTheLastHour() {
        String hook = endpoint(List.of());
        tenant.request().get("/v1/webhooks/" + hook + "/health").then().statusCode(200)
                .body("attempts", equalTo(0)).body("successRate", nullValue()).body("p50LatencyMs", nullValue())
                .body("status", equalTo("enabled"));
        receiver.then(500, null);
        for (int i = 0; i < 4; i++) {
            WebhookTestSupport.append(events, tenant.id(), WebhookTestSupport.newUserId(), EventType.QUEUE_LOGIN);
        }
        // One answer is a 500; that delivery's retry succeeds, so five attempts finish, four of them with a 2xx.
        dispatchUntil(() -> ids("?state=delivered").size() == 4);
        Map<String, Object> health = tenant.request().get("/v1/webhooks/" + hook + "/health").then().statusCode(200)
                .extract().as(Map.class);
        assertThat(health).containsEntry("attempts", 5).containsEntry("succeeded", 4).containsEntry("webhookId", hook)
                .containsEntry("consecutiveFailures", 0);
        assertThat(((Number) health.get("successRate")).doubleValue()).isCloseTo(0.8, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(((Number) health.get("p50LatencyMs")).longValue()).isBetween(0L, 5000L);
        tenant.request().body(Map.of("enabled", false)).patch("/v1/webhooks/" + hook).then().statusCode(200);
        tenant.request().get("/v1/webhooks/" + hook + "/health").then().statusCode(200).body("status", equalTo("disabled"))
                .body("disabledReason", equalTo("manual"));
    }
}
