package io.dialgate.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.dialgate.gateway.EmbeddedPostgresResource;
import io.dialgate.gateway.SimulatorResource;
import io.dialgate.gateway.event.EventService;
import io.dialgate.gateway.event.EventType;
import io.dialgate.gateway.support.Api;
import io.dialgate.gateway.support.MovableTimeProfile;
import io.dialgate.gateway.support.SettableClock;
import io.dialgate.gateway.webhook.dispatch.WebhookDispatcher;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The retry schedule and {@code Retry-After} in the app's own time: the delays are minutes long (0 s, 10 min,
 * 10 min) and the test moves the app's clock instead of waiting, so it also shows that nothing goes out early.
 * The simulator resource is declared only so that this class shares the app start of the other tests on this
 * profile (Quarkus restarts the app when the set of test resources changes).
 */
@QuarkusTest
@TestProfile(MovableTimeProfile.class)
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(SimulatorResource.class)
class WebhookRetryScheduleTest {

    /** Beyond one 10-minute delay of the schedule, jitter included. */
    private static final Duration PAST_A_RETRY = Duration.ofMinutes(25);

    @Inject
    WebhookDispatcher dispatcher;
    @Inject
    EventService events;
    @Inject
    SettableClock clock;

    WebhookReceiver receiver;
    Api.TestTenant tenant;
    String endpoint;

    @BeforeEach
    void setUp() {
        receiver = new WebhookReceiver();
        tenant = Api.newTenant();
        endpoint = tenant.request().body(Map.of("url", receiver.url())).post("/v1/webhooks").then().statusCode(201)
                .extract().path("id");
    }

    @AfterEach
    void tearDown() {
        receiver.close();
    }

    private Map<String, Object> delivery() {
        List<Map<String, Object>> all = tenant.request().get("/v1/webhooks/" + endpoint + "/deliveries").then().statusCode(200)
                .extract().path("data");
        return all.get(0);
    }

    /** Runs dispatcher rounds until the condition holds: only for the round trips, never for a delay. */
    private void dispatchUntil(Callable<Boolean> condition) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(() -> {
            dispatcher.runOnce();
            return condition.call();
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldFailAfterTheScheduleAndRetryManually() {
        receiver.answer(500);
        WebhookTestSupport.append(events, tenant.id(), WebhookTestSupport.newUserId(), EventType.SMS_SENT);

        for (int attempt = 1; attempt <= 2; attempt++) {
            int sent = attempt;
            dispatchUntil(() -> receiver.received().size() == sent && "pending".equals(delivery().get("state")));
            dispatcher.runOnce();
            assertThat(receiver.received()).as("nothing before the next delay is over").hasSize(attempt);
            clock.advance(PAST_A_RETRY);
        }
        dispatchUntil(() -> "failed".equals(delivery().get("state")));
        assertThat(receiver.received()).hasSize(3);
        clock.advance(PAST_A_RETRY);
        dispatcher.runOnce();
        assertThat(receiver.received()).as("the schedule is used up").hasSize(3);

        String deliveryId = (String) delivery().get("id");
        receiver.answer(200);
        tenant.request().post("/v1/deliveries/" + deliveryId + "/retry").then().statusCode(202)
                .body("id", equalTo(deliveryId)).body("state", equalTo("pending"));
        dispatchUntil(() -> "delivered".equals(delivery().get("state")));
        List<Map<String, Object>> attempts = (List<Map<String, Object>>) delivery().get("attempts");
        assertThat(attempts).extracting(a -> a.get("trigger")).containsExactly("scheduled", "scheduled", "scheduled", "manual");

        // Retry works whatever the state, even delivered; another tenant gets 404.
        tenant.request().post("/v1/deliveries/" + deliveryId + "/retry").then().statusCode(202);
        Api.newTenant().request().post("/v1/deliveries/" + deliveryId + "/retry").then().statusCode(404);
        dispatchUntil(() -> receiver.received().size() == 5);
    }

    @Test
    void shouldHonourARetryAfterLongerThanTheSchedule() {
        // The schedule says 10 minutes; the receiver asks for 50.
        receiver.then(429, "3000");
        WebhookTestSupport.append(events, tenant.id(), WebhookTestSupport.newUserId(), EventType.CALL_RINGING);
        dispatchUntil(() -> receiver.received().size() == 1 && "pending".equals(delivery().get("state")));
        Map<String, Object> delivery = delivery();
        Instant last = Instant.parse((String) delivery.get("lastAttemptAt"));
        Instant next = Instant.parse((String) delivery.get("nextAttemptAt"));
        assertThat(Duration.between(last, next)).isGreaterThanOrEqualTo(Duration.ofSeconds(3000));

        clock.advance(PAST_A_RETRY);
        dispatcher.runOnce();
        assertThat(receiver.received()).as("past the schedule's delay, before the receiver's").hasSize(1);

        clock.advance(PAST_A_RETRY.plus(PAST_A_RETRY));
        dispatchUntil(() -> "delivered".equals(delivery().get("state")));
        assertThat(receiver.received()).hasSize(2);
    }
}
