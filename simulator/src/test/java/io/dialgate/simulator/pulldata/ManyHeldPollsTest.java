package io.dialgate.simulator.pulldata;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dialgate.simulator.Sim;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A thousand held polls of one user cost no threads and all wake on one change. */
@QuarkusTest
class ManyHeldPollsTest {

    private static final int POLLS = 1000;

    @TestHTTPResource("/")
    URI base;

    @Test
    void shouldHoldThousandPollsWithoutThreadsAndWakeThemAll() throws Exception {
        String instance = Sim.freshInstance(false);
        String token = "tok-a-" + instance;
        String hash = given().header("X-Auth-Token", token).get(Sim.api(instance) + "/appPullData.json")
                .path("result.hash");
        int threadsBefore = Thread.activeCount();
        ExecutorService executor = Executors.newFixedThreadPool(2);
        HttpClient client = HttpClient.newBuilder().executor(executor).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        try {
            URI uri = base.resolve(Sim.api(instance).substring(1) + "/appPullData.json?hash=" + hash);
            List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();
            for (int i = 0; i < POLLS; i++) {
                HttpRequest request = HttpRequest.newBuilder(uri).header("X-Auth-Token", token)
                        .timeout(Duration.ofSeconds(30)).build();
                polls.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> heldPolls(instance) == POLLS);
            assertThat(Thread.activeCount() - threadsBefore).as("threads added while %d polls are held", POLLS)
                    .isLessThan(60);

            long start = System.nanoTime();
            Sim.loginQueue(instance, token, "1000");
            // How fast they wake is a benchmark's business (bench/run simulator). Here: all of them, with the change,
            // before the 15 s hold could have answered them instead.
            CompletableFuture.allOf(polls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("woken by the change, not by the hold's end")
                    .isLessThan(Duration.ofSeconds(15));

            for (CompletableFuture<HttpResponse<String>> poll : polls) {
                HttpResponse<String> response = poll.join();
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).contains("\"snapshot\":false").contains("\"logged_in\":true")
                        .doesNotContain(hash);
            }
            assertThat(heldPolls(instance)).isZero();
        } finally {
            executor.shutdownNow();
        }
    }

    private static int heldPolls(String instance) {
        return given().get("/_sim/instances/" + instance + "/state").path("heldPolls");
    }
}
