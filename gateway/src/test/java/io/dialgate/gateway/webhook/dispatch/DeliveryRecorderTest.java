package io.dialgate.gateway.webhook.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dialgate.gateway.EmbeddedPostgresResource;
import io.dialgate.gateway.event.Event;
import io.dialgate.gateway.event.EventService;
import io.dialgate.gateway.event.EventType;
import io.dialgate.gateway.support.Api;
import io.dialgate.gateway.webhook.DeliveryAttempt;
import io.dialgate.gateway.webhook.DeliveryAttemptRepository;
import io.dialgate.gateway.webhook.WebhookDelivery;
import io.dialgate.gateway.webhook.WebhookDeliveryRepository;
import io.dialgate.gateway.webhook.WebhookReceiver;
import io.dialgate.gateway.webhook.WebhookService;
import io.dialgate.gateway.webhook.WebhookTestSupport;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The write-back of a round: every result in one transaction, the per-row rules kept, and one transaction
 * per result when the round's cannot commit. Real PostgreSQL, real receivers on loopback, rounds driven by
 * runOnce().
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
class DeliveryRecorderTest {

    @Inject
    WebhookDispatcher dispatcher;

    @Inject
    WebhookService service;

    @Inject
    EventService events;

    @Inject
    WebhookDeliveryRepository deliveries;

    @Inject
    DeliveryAttemptRepository attempts;

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

    private String createEndpoint(WebhookReceiver at) {
        return tenant.request().body(Map.of("url", at.url(), "eventTypes", List.of(), "description", "test"))
                .post("/v1/webhooks").then().statusCode(201).extract().path("id");
    }

    private Event append(EventType type) {
        return WebhookTestSupport.append(events, tenant.id(), WebhookTestSupport.newUserId(), type);
    }

    private WebhookDelivery delivery(String endpointId, Event event) {
        return QuarkusTransaction.requiringNew().call(() -> deliveries.find("endpointId = ?1 and eventId = ?2", endpointId, event.id)
                .firstResult());
    }

    private List<DeliveryAttempt> attemptsOf(WebhookDelivery d) {
        return QuarkusTransaction.requiringNew().call(() -> attempts.forDeliveriesForTenant(tenant.id(), List.of(d.id)));
    }

    /** Runs rounds until none of the given deliveries is claimed or due any more (other tests' leftovers may share a round). */
    private void runOnceUntilSettled(String endpointId, Event... of) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(() -> {
            dispatcher.runOnce();
            for (Event e : of) {
                if ("sending".equals(delivery(endpointId, e).state)) {
                    return false;
                }
            }
            return true;
        });
    }

    @Test
    void shouldRecordSuccessFailureAndTakenBackResultsOfOneRoundInOneWriteBack() {
        String endpoint = createEndpoint(receiver);
        Event ok = append(EventType.QUEUE_LOGIN);
        Event failing = append(EventType.PAUSE_STARTED);
        Event takenBack = append(EventType.CALL_RINGING);
        receiver.failFirst(failing.id, 1);
        String takenBackId = delivery(endpoint, takenBack).id;
        // A person asks for a retry while the attempt is in flight: its result may be logged, but no longer decide the state.
        receiver.onRequest(takenBack.id, () -> service.retry(tenant.id(), takenBackId));

        assertThat(dispatcher.runOnce()).isGreaterThanOrEqualTo(3);

        WebhookDelivery delivered = delivery(endpoint, ok);
        assertThat(delivered.state).isEqualTo("delivered");
        assertThat(delivered.attempts).isEqualTo(1);
        assertThat(delivered.scheduledAttempts).isEqualTo(1);
        assertThat(delivered.lastStatus).isEqualTo(200);
        assertThat(delivered.lockedBy).isNull();

        WebhookDelivery retrying = delivery(endpoint, failing);
        assertThat(retrying.state).isEqualTo("pending");
        assertThat(retrying.attempts).isEqualTo(1);
        assertThat(retrying.scheduledAttempts).isEqualTo(1);
        assertThat(retrying.lastStatus).isEqualTo(503);
        assertThat(retrying.nextAttemptAt).isAfter(retrying.lastAttemptAt);
        assertThat(retrying.lockedBy).isNull();

        WebhookDelivery back = delivery(endpoint, takenBack);
        assertThat(back.state).isEqualTo("pending");
        assertThat(back.manual).isTrue();
        assertThat(back.attempts).isZero();
        assertThat(back.lastStatus).isNull();

        List<DeliveryAttempt> logged = List.of(attemptsOf(delivered).get(0), attemptsOf(retrying).get(0), attemptsOf(back).get(0));
        assertThat(logged).extracting(a -> a.statusCode).containsExactly(200, 503, 200);
        assertThat(logged).extracting(a -> a.trigger).containsOnly(DeliveryAttempt.SCHEDULED);
        // One write-back transaction stamps every attempt of the round with the same time.
        assertThat(logged).extracting(a -> a.createdAt).containsOnly(logged.get(0).createdAt);

        // The manual attempt and the retry go out on later rounds, as before.
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(() -> {
            dispatcher.runOnce();
            return "delivered".equals(delivery(endpoint, takenBack).state) && "delivered".equals(delivery(endpoint, failing).state);
        });
        assertThat(attemptsOf(back)).extracting(a -> a.trigger).containsExactly(DeliveryAttempt.SCHEDULED, DeliveryAttempt.MANUAL);
        assertThat(delivery(endpoint, takenBack).attempts).isEqualTo(1);
        assertThat(receiver.received()).extracting(r -> r.header("webhook-id"))
                .containsExactlyInAnyOrder(ok.id, failing.id, takenBack.id, failing.id, takenBack.id);
    }

    @Test
    void shouldWriteEachResultAloneWhenTheRoundCannotCommit() {
        String kept = createEndpoint(receiver);
        String deleted = createEndpoint(other);
        Event first = append(EventType.QUEUE_LOGIN);
        Event second = append(EventType.QUEUE_LOGOUT);
        // Deleting the endpoint during its attempt deletes its deliveries: logging that attempt violates the
        // foreign key, which fails the round's transaction.
        other.onRequest(first.id, () -> service.delete(tenant.id(), deleted));

        runOnceUntilSettled(kept, first, second);

        for (Event e : List.of(first, second)) {
            WebhookDelivery d = delivery(kept, e);
            assertThat(d.state).isEqualTo("delivered");
            assertThat(d.attempts).isEqualTo(1);
            assertThat(attemptsOf(d)).singleElement().satisfies(a -> assertThat(a.statusCode).isEqualTo(200));
        }
        assertThat(delivery(deleted, first)).isNull();
        assertThat(receiver.received()).hasSize(2);
    }

    @Test
    void shouldParkAScheduledAttemptForADisabledEndpointWithoutSendingIt() {
        String endpoint = createEndpoint(receiver);
        Event event = append(EventType.CALL_ENDED);
        // Disabled behind the dispatcher's back (PATCH would park the open deliveries itself).
        QuarkusTransaction.requiringNew().run(() -> service.get(tenant.id(), endpoint).enabled = false);

        runOnceUntilSettled(endpoint, event);

        assertThat(delivery(endpoint, event).state).isEqualTo("endpoint_disabled");
        assertThat(attemptsOf(delivery(endpoint, event))).isEmpty();
        assertThat(receiver.received()).isEmpty();
    }
}
