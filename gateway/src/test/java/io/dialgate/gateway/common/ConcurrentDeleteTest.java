package io.dialgate.gateway.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialgate.gateway.EmbeddedPostgresResource;
import io.dialgate.gateway.support.Api;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Clients that delete the same object at the same moment (a retry racing its first attempt): one
 * deletes it, the others learn it is gone or was being changed, and none gets a 500.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
class ConcurrentDeleteTest {

    private static final int RACERS = 6;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldDeleteOnceAndAnswerTheRacingDeletesWith404Or409() {
        Api.TestTenant t = Api.newTenant();
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            paths.add("/v1/pbx-hosts/" + t.request().body(Map.of("name", "race-" + i, "baseUrl", "http://127.0.0.1:9"))
                    .post("/v1/pbx-hosts").then().statusCode(201).extract().path("id"));
            paths.add("/v1/action-hooks/" + t.request().body(Map.of()).post("/v1/action-hooks")
                    .then().statusCode(201).extract().path("id"));
            paths.add("/v1/webhooks/" + t.request().body(Map.of("url", "http://127.0.0.1:9/race")).post("/v1/webhooks")
                    .then().statusCode(201).extract().path("id"));
        }
        for (String path : paths) {
            HttpRequest delete = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + path))
                    .header("Authorization", "Bearer " + t.apiKey()).DELETE().build();
            List<CompletableFuture<HttpResponse<String>>> racing = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                racing.add(http.sendAsync(delete, HttpResponse.BodyHandlers.ofString()));
            }
            List<HttpResponse<String>> answers = racing.stream().map(CompletableFuture::join).toList();
            assertThat(answers).as(path).filteredOn(r -> r.statusCode() == 204).hasSize(1);
            assertThat(answers).as(path).allSatisfy(r -> {
                assertThat(r.statusCode()).as(r.body()).isIn(204, 404, 409);
                if (r.statusCode() != 204) {
                    assertThat(r.headers().firstValue("Content-Type")).hasValue(Problem.MEDIA_TYPE);
                }
            });
        }
    }
}
