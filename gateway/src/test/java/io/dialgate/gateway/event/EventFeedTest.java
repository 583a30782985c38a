package io.dialgate.gateway.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.dialgate.gateway.EmbeddedPostgresResource;
import io.dialgate.gateway.support.Api;
import io.dialgate.gateway.webhook.WebhookTestSupport;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
class EventFeedTest {

    @Inject
    EventService events;

    @Inject
    EventRetentionWorker retention;

    @Inject
    EntityManager em;

    @TestHTTPResource("/")
    URL base;

    private Event append(Api.TestTenant tenant, String user, EventType type) {
        return WebhookTestSupport.append(events, tenant.id(), user, type);
    }

    @Test
    void shouldPageAndFilterTheTenantsEventsOnly() {
        Api.TestTenant tenant = Api.newTenant();
        Api.TestTenant other = Api.newTenant();
        String alice = WebhookTestSupport.newUserId();
        String bob = WebhookTestSupport.newUserId();
        List<String> ids = new ArrayList<>();
        ids.add(append(tenant, alice, EventType.QUEUE_LOGIN).id);
        ids.add(append(tenant, bob, EventType.QUEUE_LOGIN).id);
        ids.add(append(tenant, alice, EventType.CALL_RINGING).id);
        String foreign = append(other, alice, EventType.CALL_RINGING).id;

        String cursor = tenant.request().get("/v1/events?limit=2").then().statusCode(200)
                .body("data.id", equalTo(ids.subList(0, 2))).body("data[0].type", equalTo("queue.login"))
                .body("data[0].tenantId", equalTo(tenant.id())).body("data[0].data.queue", equalTo("2000"))
                .extract().path("nextCursor");
        assertThat(cursor).isEqualTo(ids.get(1));
        tenant.request().get("/v1/events?limit=2&after=" + cursor).then().body("data.id", equalTo(ids.subList(2, 3)))
                .body("nextCursor", nullValue());
        tenant.request().get("/v1/events?userId=" + alice).then().body("data.id", equalTo(List.of(ids.get(0), ids.get(2))));
        tenant.request().get("/v1/events?type=call.ringing").then().body("data.id", equalTo(List.of(ids.get(2))));
        tenant.request().get("/v1/events?type=queue.login&userId=" + bob).then().body("data.id", equalTo(List.of(ids.get(1))));
        assertThat(tenant.request().get("/v1/events").asString()).doesNotContain(foreign);
        other.request().get("/v1/events").then().body("data", hasSize(1)).body("data[0].id", equalTo(foreign));

        tenant.request().get("/v1/events?type=call.exploded").then().statusCode(400).body("errors[0].field", equalTo("type"));
        tenant.request().get("/v1/events?after=bogus").then().statusCode(400);
        tenant.request().get("/v1/events?limit=0").then().statusCode(400);
        Api.tenant("dgk_wrong").get("/v1/events").then().statusCode(401);
    }

    /** One open SSE connection read line by line on its own thread; events are parsed into (id, type, data). */
    private final class SseClient implements AutoCloseable {
        record Message(String id, String type, String data) {
        }

        private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
        private final InputStream body;
        private final Thread reader;

        SseClient(String apiKey, String lastEventId) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "v1/events/stream"))
                    .header("Authorization", "Bearer " + apiKey).header("Accept", "text/event-stream");
            if (lastEventId != null) {
                request.header("Last-Event-ID", lastEventId);
            }
            HttpResponse<InputStream> response = HttpClient.newHttpClient()
                    .sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream()).get(10, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
            body = response.body();
            reader = new Thread(this::read, "sse-test-reader");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String id = null;
                String type = null;
                StringBuilder data = new StringBuilder();
                for (String line; (line = lines.readLine()) != null;) {
                    if (line.isEmpty()) {
                        if (id != null) {
                            messages.add(new Message(id, type, data.toString()));
                        }
                        id = null;
                        type = null;
                        data.setLength(0);
                    } else if (line.startsWith("id:")) {
                        id = line.substring(3).strip();
                    } else if (line.startsWith("event:")) {
                        type = line.substring(6).strip();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).strip());
                    }
                }
            } catch (Exception e) {
                // closed by the test
            }
        }

        Message next() throws InterruptedException {
            Message m = messages.poll(10, TimeUnit.SECONDS);
            assertThat(m).as("an SSE message within 10 s").isNotNull();
            return m;
        }

        @Override
        public void close() throws Exception {
            body.close();
        }
    }

    @Test
    void shouldStreamLiveEventsAndResumeWithLastEventId() throws Exception {
        Api.TestTenant tenant = Api.newTenant();
        Api.TestTenant other = Api.newTenant();
        String user = WebhookTestSupport.newUserId();
        Event before = append(tenant, user, EventType.QUEUE_LOGIN);
        String lastSeen;
        try (SseClient sse = new SseClient(tenant.apiKey(), null)) {
            // Without Last-Event-ID the stream starts now: the older event is not replayed.
            append(other, user, EventType.CALL_RINGING);
            Event live1 = append(tenant, user, EventType.PAUSE_STARTED);
            Event live2 = append(tenant, user, EventType.PAUSE_ENDED);
            SseClient.Message m1 = sse.next();
            assertThat(m1.id()).isEqualTo(live1.id);
            assertThat(m1.type()).isEqualTo("pause.started");
            assertThat(m1.data()).contains("\"id\":\"" + live1.id + "\"").contains("\"tenantId\":\"" + tenant.id() + "\"");
            assertThat(sse.next().id()).isEqualTo(live2.id);
            lastSeen = live2.id;
        }
        assertThat(before.id).isLessThan(lastSeen);
        // Missed while disconnected, then resumed: backlog first, then live.
        Event missed1 = append(tenant, user, EventType.CALL_RINGING);
        Event missed2 = append(tenant, user, EventType.CALL_ANSWERED);
        try (SseClient sse = new SseClient(tenant.apiKey(), lastSeen)) {
            assertThat(sse.next().id()).isEqualTo(missed1.id);
            assertThat(sse.next().id()).isEqualTo(missed2.id);
            Event live = append(tenant, user, EventType.CALL_ENDED);
            SseClient.Message m = sse.next();
            assertThat(m.id()).isEqualTo(live.id);
            assertThat(m.type()).isEqualTo("call.ended");
        }
    }

    @Test
    void shouldNeverSkipAnEventWhoseTransactionCommitsAfterALaterOne() throws Exception {
        Api.TestTenant tenant = Api.newTenant();
        String user = WebhookTestSupport.newUserId();
        java.util.concurrent.CountDownLatch appended = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch commit = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<String> slowId = new java.util.concurrent.atomic.AtomicReference<>();
        Thread slow = new Thread(() -> QuarkusTransaction.requiringNew().run(() -> {
            slowId.set(events.append(tenant.id(), user, null, EventType.QUEUE_LOGIN, 1, java.time.Instant.now(),
                    com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()).id);
            em.flush(); // written now, committed later: the transaction is open with its event in it
            appended.countDown();
            try {
                commit.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }), "slow-transaction");
        slow.start();
        List<String> seen = new ArrayList<>();
        try {
            assertThat(appended.await(10, TimeUnit.SECONDS)).isTrue();
            // Another user's event (one user's events are written one transaction at a time), appended after, committed first.
            Event fast = append(tenant, WebhookTestSupport.newUserId(), EventType.PAUSE_STARTED);
            assertThat(fast.id).isGreaterThan(slowId.get());
            // A client following the feed while the older transaction is open...
            seen.addAll(tenant.request().get("/v1/events").then().statusCode(200).extract().path("data.id"));
            assertThat(seen).as("held back behind the open, older transaction").isEmpty();
        } finally {
            commit.countDown();
            slow.join(10_000);
        }
        // ...and after it commits, from where it was: the late event is not skipped, nothing comes twice.
        String cursor = seen.isEmpty() ? "" : seen.get(seen.size() - 1);
        List<String> next = tenant.request().queryParam("after", cursor).get("/v1/events").then().statusCode(200)
                .extract().path("data.id");
        seen.addAll(next);
        assertThat(seen).containsExactly(slowId.get(), seen.get(1)).doesNotHaveDuplicates();
        tenant.request().queryParam("after", seen.get(1)).get("/v1/events").then().statusCode(200)
                .body("data", org.hamcrest.Matchers.empty());
    }

    @Test
    void shouldDeliverEveryEventOnceToAStreamThatReconnectsDuringABurst() throws Exception {
        Api.TestTenant tenant = Api.newTenant();
        int writers = 4;
        int perWriter = 40;
        java.util.Set<String> appendedIds = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.List<String> received = new java.util.ArrayList<>();
        String lastSeen;
        io.dialgate.gateway.support.LogCapture log = io.dialgate.gateway.support.LogCapture.start();
        try (SseClient first = new SseClient(tenant.apiKey(), null)) {
            Event marker = append(tenant, WebhookTestSupport.newUserId(), EventType.QUEUE_LOGIN);
            appendedIds.add(marker.id);
            SseClient.Message m = first.next();
            received.add(m.id());
            lastSeen = m.id();
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
        for (int w = 0; w < writers; w++) {
            String early = WebhookTestSupport.newUserId();
            String late = WebhookTestSupport.newUserId();
            pool.submit(() -> {
                for (int i = 0; i < perWriter / 2; i++) {
                    long sequence = i + 1;
                    // Each round appends one event and, before committing it, commits another in a transaction of
                    // its own: the later event commits first, as concurrent transactions overtake each other.
                    QuarkusTransaction.requiringNew().run(() -> {
                        appendedIds.add(appendFlushed(tenant.id(), early, sequence));
                        QuarkusTransaction.requiringNew().run(() -> appendedIds.add(appendFlushed(tenant.id(), late, sequence)));
                    });
                }
                return null;
            });
        }
        // Reconnect every few messages with Last-Event-ID, as a browser on a flaky network does.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (received.size() < 1 + writers * perWriter && System.nanoTime() < deadline) {
            try (SseClient sse = new SseClient(tenant.apiKey(), lastSeen)) {
                for (int i = 0; i < 7 && received.size() < 1 + writers * perWriter; i++) {
                    SseClient.Message m = sse.next();
                    received.add(m.id());
                    lastSeen = m.id();
                }
            }
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(received).as("no event twice").doesNotHaveDuplicates();
        assertThat(new java.util.HashSet<>(received)).as("no event lost").isEqualTo(appendedIds);
        // Clients going away is normal for SSE: it is never an ERROR (or a WARN) in the gateway's log.
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> log.atLeast(java.util.logging.Level.WARNING).isEmpty());
        log.close();
    }

    private String appendFlushed(String tenantId, String userId, long sequence) {
        Event e = events.append(tenantId, userId, null, EventType.PAUSE_STARTED, sequence, java.time.Instant.now(),
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode());
        em.flush(); // written now, so the transaction holds its id from here on
        return e.id;
    }

    @Test
    void shouldRefuseStreamWithoutKeyOrWithBadLastEventId() {
        Api.tenant("dgk_wrong").get("/v1/events/stream").then().statusCode(401);
        Api.TestTenant tenant = Api.newTenant();
        tenant.request().header("Last-Event-ID", "nonsense").get("/v1/events/stream").then().statusCode(400);
    }

    @Test
    void shouldPurgeExpiredEventsWithTheirDeliveries() {
        Api.TestTenant tenant = Api.newTenant();
        tenant.request().body(Map.of("url", "http://127.0.0.1:9/hook")).post("/v1/webhooks").then().statusCode(201);
        String user = WebhookTestSupport.newUserId();
        Event old = append(tenant, user, EventType.QUEUE_LOGIN);
        Event fresh = append(tenant, user, EventType.QUEUE_LOGOUT);
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("UPDATE event SET created_at = ?1 WHERE id = ?2")
                .setParameter(1, Instant.now().minus(Duration.ofDays(31))).setParameter(2, old.id).executeUpdate());

        assertThat(retention.runOnce()).isGreaterThanOrEqualTo(1);
        tenant.request().get("/v1/events").then().body("data.id", equalTo(List.of(fresh.id)));
        long deliveries = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "SELECT count(*) FROM webhook_delivery WHERE event_id IN (?1, ?2)").setParameter(1, old.id)
                .setParameter(2, fresh.id).getSingleResult()).longValue());
        assertThat(deliveries).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> retention.runOnce() == 0);
    }
}
