package io.dialgate.gateway.webhook.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dialgate.gateway.EmbeddedPostgresResource;
import io.dialgate.gateway.database.DatabaseAvailability;
import io.dialgate.gateway.event.EventService;
import io.dialgate.gateway.event.EventType;
import io.dialgate.gateway.support.Api;
import io.dialgate.gateway.webhook.WebhookConfig;
import io.dialgate.gateway.webhook.WebhookTestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One endpoint cannot take another's share of the dispatcher: a receiver that hangs holds at most its
 * endpoint's in-flight cap of attempts and connections, while endpoints of other tenants, on the same host
 * and port or elsewhere, keep being delivered. The dispatcher loop runs on its own thread as in production;
 * the receivers are real HTTP servers on loopback.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
class EndpointIsolationTest {

    @Inject
    WebhookDispatcher dispatcher;

    @Inject
    WebhookConfig config;

    @Inject
    DatabaseAvailability database;

    @Inject
    EventService events;

    Receivers receivers;
    Receivers elsewhere;
    WebhookDispatcherWorker worker;

    @BeforeEach
    void setUp() {
        receivers = new Receivers();
        elsewhere = new Receivers();
        worker = new WebhookDispatcherWorker(dispatcher, config, database);
        worker.start();
    }

    @AfterEach
    void tearDown() {
        receivers.release();
        elsewhere.release();
        worker.stop();
        receivers.close();
        elsewhere.close();
    }

    private static String endpoint(Api.TestTenant tenant, String url, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(extra);
        body.put("url", url);
        return tenant.request().body(body).post("/v1/webhooks").then().statusCode(201).extract().path("id");
    }

    @Test
    void shouldKeepDeliveringOtherEndpointsWhileOneOnTheSameHostHangs() {
        Api.TestTenant slowTenant = Api.newTenant();
        Api.TestTenant fastTenant = Api.newTenant();
        endpoint(slowTenant, receivers.url("/slow"), Map.of());
        endpoint(fastTenant, receivers.url("/fast"), Map.of());
        endpoint(fastTenant, elsewhere.url("/fast"), Map.of());

        // 100 users of one tenant whose endpoint never answers while the test runs...
        for (int i = 0; i < 100; i++) {
            WebhookTestSupport.append(events, slowTenant.id(), WebhookTestSupport.newUserId(), EventType.CALL_RINGING);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> receivers.inFlight("/slow") == config.endpointMaxInFlight());
        // ...and 20 events of another tenant, with endpoints on the same host and port and on another.
        for (int i = 0; i < 20; i++) {
            WebhookTestSupport.append(events, fastTenant.id(), WebhookTestSupport.newUserId(), EventType.CALL_RINGING);
        }

        // All 20 arrive at both while the slow endpoint still holds every one of its requests.
        await().atMost(Duration.ofSeconds(4)).until(() -> receivers.count("/fast") == 20 && elsewhere.count("/fast") == 20);
        assertThat(receivers.count("/slow")).isEqualTo(config.endpointMaxInFlight());
        assertThat(receivers.maxInFlight("/slow")).isEqualTo(config.endpointMaxInFlight());

        receivers.release();
        await().atMost(Duration.ofSeconds(30)).until(() -> receivers.count("/slow") == 100);
        assertThat(receivers.maxInFlight("/slow")).isEqualTo(config.endpointMaxInFlight());
    }

    @Test
    void shouldHoldAnEndpointToTheInFlightCapItSets() {
        Api.TestTenant tenant = Api.newTenant();
        endpoint(tenant, receivers.url("/slow"), Map.of("maxInFlight", 3));
        for (int i = 0; i < 12; i++) {
            WebhookTestSupport.append(events, tenant.id(), WebhookTestSupport.newUserId(), EventType.CALL_RINGING);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> receivers.inFlight("/slow") == 3);
        // A claim comes back empty-handed for this endpoint while it is full: nothing more reaches the receiver.
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).until(() -> receivers.count("/slow") == 3);
        receivers.release();
        await().atMost(Duration.ofSeconds(15)).until(() -> receivers.count("/slow") == 12);
        assertThat(receivers.maxInFlight("/slow")).isEqualTo(3);
    }

    @Test
    void shouldSpaceAttemptsToAnEndpointWithARateLimit() {
        Api.TestTenant tenant = Api.newTenant();
        endpoint(tenant, receivers.url("/fast"), Map.of("rateLimit", 10));
        for (int i = 0; i < 11; i++) {
            WebhookTestSupport.append(events, tenant.id(), WebhookTestSupport.newUserId(), EventType.CALL_RINGING);
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> receivers.count("/fast") == 11);
        List<Instant> at = receivers.arrivals("/fast");
        // Ten a second: the 11th comes at least ten slots (less timer slack) after the first.
        assertThat(Duration.between(at.get(0), at.get(10))).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    /** Real HTTP on 127.0.0.1: {@code /slow} holds each request until released, anything else answers 200 at once. */
    static final class Receivers implements AutoCloseable {
        private final HttpServer server;
        private final ExecutorService threads = Executors.newCachedThreadPool();
        private final CountDownLatch released = new CountDownLatch(1);
        private final Map<String, List<Instant>> arrivals = new ConcurrentHashMap<>();
        private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
        private final Map<String, AtomicInteger> maxInFlight = new ConcurrentHashMap<>();

        Receivers() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 500);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            server.setExecutor(threads);
            server.createContext("/", this::handle);
            server.start();
        }

        private void handle(HttpExchange exchange) throws IOException {
            String path = exchange.getRequestURI().getPath();
            exchange.getRequestBody().readAllBytes();
            arrivals.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(Instant.now());
            AtomicInteger current = inFlight.computeIfAbsent(path, p -> new AtomicInteger());
            maxInFlight.computeIfAbsent(path, p -> new AtomicInteger()).accumulateAndGet(current.incrementAndGet(), Math::max);
            try {
                if (path.equals("/slow")) {
                    released.await(60, TimeUnit.SECONDS);
                }
                exchange.sendResponseHeaders(200, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                current.decrementAndGet();
                exchange.close();
            }
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        int count(String path) {
            return arrivals.getOrDefault(path, List.of()).size();
        }

        List<Instant> arrivals(String path) {
            return List.copyOf(arrivals.getOrDefault(path, List.of()));
        }

        int inFlight(String path) {
            return inFlight.getOrDefault(path, new AtomicInteger()).get();
        }

        int maxInFlight(String path) {
            return maxInFlight.getOrDefault(path, new AtomicInteger()).get();
        }

        void release() {
            released.countDown();
        }

        @Override
        public void close() {
            server.stop(0);
            threads.shutdownNow();
        }
    }
}
