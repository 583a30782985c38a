package io.dialgate.gateway.webhook.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dialgate.gateway.EmbeddedPostgresResource;
import io.dialgate.gateway.event.Event;
import io.dialgate.gateway.event.EventService;
import io.dialgate.gateway.event.EventType;
import io.dialgate.gateway.support.Api;
import io.dialgate.gateway.webhook.WebhookConfig;
import io.dialgate.gateway.webhook.WebhookDeliveryRepository;
import io.dialgate.gateway.webhook.WebhookReceiver;
import io.dialgate.gateway.webhook.WebhookTestSupport;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pipelined dispatcher loop, on its own thread as in production (the %test profile switches the
 * application's loop off, so each test starts one of its own): order per user, a slow attempt not holding
 * back the others, and a graceful stop. Real PostgreSQL, a real receiver on loopback.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
class WebhookDispatcherWorkerTest {

    @Inject
    WebhookDispatcher dispatcher;

    @Inject
    WebhookConfig config;

    @Inject
    io.dialgate.gateway.database.DatabaseAvailability database;

    @Inject
    EventService events;

    @Inject
    WebhookDeliveryRepository deliveries;

    WebhookReceiver receiver;
    Api.TestTenant tenant;
    WebhookDispatcherWorker worker;
    String endpointId;

    @BeforeEach
    void setUp() {
        receiver = new WebhookReceiver();
        tenant = Api.newTenant();
        endpointId = tenant.request().body(Map.of("url", receiver.url(), "eventTypes", List.of(), "description", "test"))
                .post("/v1/webhooks").then().statusCode(201).extract().path("id");
        worker = new WebhookDispatcherWorker(dispatcher, config, database);
    }

    @AfterEach
    void tearDown() {
        worker.stop();
        receiver.close();
    }

    private String state(Event event) {
        return QuarkusTransaction.requiringNew().call(() -> deliveries.find("endpointId = ?1 and eventId = ?2", endpointId, event.id)
                .firstResult().state);
    }

    private long delivered() {
        return QuarkusTransaction.requiringNew().call(() -> deliveries.count("endpointId = ?1 and state = 'delivered'", endpointId));
    }

    /** Webhook ids in order of arrival (a port reused from an earlier test's receiver may bring strangers; callers filter). */
    private List<String> receivedIds() {
        return receiver.received().stream().map(r -> r.header("webhook-id")).toList();
    }

    @Test
    void shouldKeepEachUsersOrderWhileAttemptsOverlap() {
        // A receiver taking 0 to 3 ms per request, so attempts overlap and results come back out of order.
        receiver.onEveryRequest(() -> LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(TimeUnit.MILLISECONDS.toNanos(3))));
        List<String> users = new ArrayList<>();
        for (int u = 0; u < 8; u++) {
            users.add(WebhookTestSupport.newUserId());
        }
        Map<String, Long> sequenceOf = new HashMap<>();
        Map<String, String> userOf = new HashMap<>();
        List<Event> appended = new ArrayList<>();
        for (int round = 0; round < 6; round++) {
            for (String user : users) {
                Event e = WebhookTestSupport.append(events, tenant.id(), user, EventType.PAUSE_STARTED);
                sequenceOf.put(e.id, e.sequence);
                userOf.put(e.id, user);
                appended.add(e);
            }
        }
        // Some heads fail once, so later events of their users must wait for the retry.
        receiver.failFirst(appended.get(0).id, 1);
        receiver.failFirst(appended.get(9).id, 1);
        receiver.failFirst(appended.get(20).id, 2);

        worker.start();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> delivered() == appended.size());

        Map<String, List<Long>> arrivals = new HashMap<>();
        for (String id : receivedIds()) {
            if (userOf.containsKey(id)) {
                arrivals.computeIfAbsent(userOf.get(id), k -> new ArrayList<>()).add(sequenceOf.get(id));
            }
        }
        assertThat(arrivals).hasSize(users.size());
        arrivals.forEach((user, sequences) -> assertThat(sequences).as("arrivals of %s", user).isSorted());
        assertThat(arrivals.values().stream().mapToInt(List::size).sum()).isEqualTo(appended.size() + 4);
        assertThat(receiver.maxInFlight()).as("attempts in flight at once").isGreaterThan(1);
    }

    @Test
    void shouldDeliverOtherEventsWhileOneAttemptIsSlow() {
        CountDownLatch slowAnswer = new CountDownLatch(1);
        Event slow = WebhookTestSupport.append(events, tenant.id(), WebhookTestSupport.newUserId(), EventType.CALL_RINGING);
        receiver.onRequest(slow.id, () -> {
            try {
                slowAnswer.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            worker.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> receivedIds().contains(slow.id));
            // Claimed after the slow attempt started: a batch-at-a-time loop would hold them until it answered.
            List<Event> later = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                later.add(WebhookTestSupport.append(events, tenant.id(), WebhookTestSupport.newUserId(), EventType.QUEUE_LOGIN));
            }
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> delivered() == later.size());
            assertThat(state(slow)).isEqualTo("sending");
        } finally {
            slowAnswer.countDown();
        }
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> "delivered".equals(state(slow)));
    }

    @Test
    void shouldRecordTheAttemptsInFlightWhenStopping() {
        Event event = WebhookTestSupport.append(events, tenant.id(), WebhookTestSupport.newUserId(), EventType.CALL_ENDED);
        // The receiver answers half a second after the request arrives: the stop below comes in between.
        receiver.onRequest(event.id, () -> LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500)));
        worker.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> receivedIds().contains(event.id));

        worker.stop();

        assertThat(worker.inFlight()).isZero();
        assertThat(state(event)).isEqualTo("delivered");
    }
}
