package io.dialgate.gateway.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dialgate.gateway.EmbeddedPostgresResource;
import io.dialgate.gateway.support.Api;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What one tenant's SSE streams may cost and how long they outlive their credentials: a stream limit per
 * tenant, streams closed when their key is revoked or the tenant suspended, and one database read per
 * interval for all streams of the replica, however many there are.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
class EventStreamLimitsTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    EventStreamHub hub;

    @Inject
    EventConfig config;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private HttpResponse<InputStream> open(String apiKey) throws Exception {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(base + "v1/events/stream"))
                        .header("Authorization", "Bearer " + apiKey).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream()).get(10, TimeUnit.SECONDS);
    }

    /** Completes when the stream's body ends (the gateway closed it). */
    private static CompletableFuture<Void> ended(HttpResponse<InputStream> stream) {
        return CompletableFuture.runAsync(() -> {
            try (InputStream in = stream.body()) {
                while (in.read() >= 0) {
                    // heartbeats and events until the end
                }
            } catch (Exception e) {
                // a reset also ends it
            }
        });
    }

    @Test
    void shouldRefuseAStreamBeyondTheTenantsLimitUntilOneCloses() throws Exception {
        Api.TestTenant tenant = Api.newTenant();
        List<HttpResponse<InputStream>> open = new ArrayList<>();
        try {
            for (int i = 0; i < config.maxStreamsPerTenant(); i++) {
                HttpResponse<InputStream> stream = open(tenant.apiKey());
                assertThat(stream.statusCode()).isEqualTo(200);
                open.add(stream);
            }
            HttpResponse<InputStream> refused = open(tenant.apiKey());
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            refused.body().close();
            // Another tenant is not affected.
            HttpResponse<InputStream> other = open(Api.newTenant().apiKey());
            assertThat(other.statusCode()).isEqualTo(200);
            other.body().close();

            open.remove(0).body().close();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                HttpResponse<InputStream> again = open(tenant.apiKey());
                again.body().close();
                return again.statusCode() == 200;
            });
        } finally {
            for (HttpResponse<InputStream> stream : open) {
                stream.body().close();
            }
        }
    }

    @Test
    void shouldCloseStreamsWhenTheirKeyIsRevokedOrTheirTenantSuspended() throws Exception {
        Api.TestTenant tenant = Api.newTenant();
        Map<String, Object> second = Api.operator().post("/admin/tenants/" + tenant.id() + "/api-keys").then().statusCode(201)
                .extract().as(Map.class);
        HttpResponse<InputStream> withFirstKey = open(tenant.apiKey());
        HttpResponse<InputStream> withSecondKey = open((String) second.get("apiKey"));
        CompletableFuture<Void> firstEnded = ended(withFirstKey);
        CompletableFuture<Void> secondEnded = ended(withSecondKey);

        Api.operator().delete("/admin/tenants/" + tenant.id() + "/api-keys/" + second.get("id")).then().statusCode(204);
        secondEnded.get(10, TimeUnit.SECONDS);
        assertThat(firstEnded).isNotDone();

        Api.operator().body(Map.of("suspended", true)).patch("/admin/tenants/" + tenant.id()).then().statusCode(200);
        firstEnded.get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldReadTheDatabaseOncePerIntervalWhateverTheNumberOfStreams() throws Exception {
        List<HttpResponse<InputStream>> open = new ArrayList<>();
        try {
            for (int t = 0; t < 3; t++) {
                Api.TestTenant tenant = Api.newTenant();
                for (int i = 0; i < 10; i++) {
                    open.add(open(tenant.apiKey()));
                }
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> hub.liveStreams() >= 30);
            long before = hub.reads();
            long started = System.nanoTime();
            await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
            long intervals = (System.nanoTime() - started) / config.streamPollInterval().toNanos();
            // Thirty streams, one reader: at most one read per interval (plus one for a read under way).
            assertThat(hub.reads() - before).isLessThanOrEqualTo(intervals + 1);
        } finally {
            for (HttpResponse<InputStream> stream : open) {
                stream.body().close();
            }
        }
    }
}
