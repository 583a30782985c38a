package io.dialgate.simulator.fidelity;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.dialgate.simulator.Sim;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** login.json's token pair: its expiry date, expiring tokens, refresh, and the cookie. */
@QuarkusTest
class TokenExpiryTest {

    private static JsonPath login(String api) {
        return given().contentType(ContentType.JSON).body(Map.of("username", "a", "password", "apw"))
                .post(api + "/login.json").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void shouldNeverExpireByDefault() {
        String instance = Sim.freshInstance(false);
        String api = Sim.api(instance);
        given().contentType(ContentType.JSON).body(Map.of("username", "a", "password", "apw"))
                .post(api + "/login.json").then().statusCode(200)
                .body("result.accessTokenExpirationDate", nullValue())
                .header("Set-Cookie", startsWith("c_user="));
    }

    @Test
    void shouldExpireAnIssuedTokenAndRefreshIt() {
        String instance = Sim.freshInstance(false);
        String api = Sim.api(instance);
        Sim.post("/_sim/instances", Map.of("name", instance, "tokenLifetimeSeconds", 1), 200);
        JsonPath pair = login(api);
        org.assertj.core.api.Assertions.assertThat(pair.getString("result.accessTokenExpirationDate"))
                .matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
        String access = pair.getString("result.accessToken");
        given().header("X-Auth-Token", access).get(api + "/whoim.json").then().statusCode(200)
                .body("result.user.name", equalTo("a"));
        // The lifetime is a whole second on the server's clock: polled with a deadline until the token is refused.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() ->
                given().header("X-Auth-Token", access).get(api + "/queues.json").then().extract().statusCode() == 401);
        String renewed = given().contentType(ContentType.JSON)
                .body(Map.of("refreshToken", pair.getString("result.refreshToken")))
                .put(api + "/login.json").then().statusCode(200)
                .body("result.accessTokenExpirationDate", matchesPattern("\\d{4}-.*"))
                .extract().path("result.accessToken");
        given().header("X-Auth-Token", renewed).get(api + "/queues.json").then().statusCode(200);
        // The static token never expires.
        given().header("X-Auth-Token", "tok-a-" + instance).get(api + "/queues.json").then().statusCode(200);
    }
}
