package io.dialgate.simulator.seed;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(JsonSeedProfile.class)
class SeedLoadingTest {

    @Test
    void shouldLoadInstancesFromJsonSeedInsteadOfDemo() {
        given().header("X-Auth-Token", "json-token").get("/pbx/acme/api/v6/queues.json").then().statusCode(200)
                .body("result.data.name", contains("500"));
        given().header("Origin", "https://x.example").header("X-Auth-Token", "json-token")
                .get("/pbx/acme/api/v6/whoim.json").then().header("Access-Control-Allow-Origin", "https://x.example")
                .body("result.user.title", equalTo("Json User"));
        given().get("/api/v6/whoim.json").then().statusCode(404);
    }

    @Test
    void shouldOpenTheSeededInstancePort() {
        // The seed asks for port 0, any free one: the answer names it.
        int port = given().get("/_sim/instances").then().statusCode(200)
                .extract().path("find { it.name == 'acme' }.port");
        given().header("X-Auth-Token", "json-token").get("http://127.0.0.1:" + port + "/api/v6/whoim").then()
                .statusCode(200).body("result.user.title", equalTo("Json User"));
    }
}
