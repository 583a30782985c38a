package io.dialgate.simulator.control;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.dialgate.simulator.RawHttp;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With {@code simulator.control.token} set, every /_sim request needs it; the Daktela API does not. */
@QuarkusTest
@TestProfile(ControlTokenTest.Profile.class)
class ControlTokenTest {

    private static final String TOKEN = "control-token-for-tests";

    /** A control token. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("simulator.control.token", TOKEN);
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Test
    void shouldRefuseAControlRequestWithoutTheTokenWith401Problem() {
        given().get("/_sim/instances").then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer realm=\"simulator control API\"")
                .body("status", equalTo(401)).body("code", equalTo("unauthorized"))
                .body("title", equalTo("Unauthorized"));
    }

    @Test
    void shouldRefuseAWrongToken() {
        for (String[] header : List.of(new String[] {"X-Sim-Token", "wrong"},
                new String[] {"X-Sim-Token", TOKEN + "x"}, new String[] {"X-Sim-Token", TOKEN.substring(1)},
                new String[] {"X-Sim-Token", ""}, new String[] {"Authorization", "Bearer wrong"},
                new String[] {"Authorization", TOKEN}, new String[] {"Authorization", "Basic " + TOKEN})) {
            given().header(header[0], header[1]).get("/_sim/instances").then()
                    .statusCode(401).contentType("application/problem+json");
        }
    }

    @Test
    void shouldAcceptTheTokenInEitherHeader() {
        given().header("X-Sim-Token", TOKEN).contentType(ContentType.JSON)
                .body(Map.of("name", "guarded", "cors", false)).post("/_sim/instances").then()
                .statusCode(org.hamcrest.Matchers.oneOf(200, 201));
        given().header("Authorization", "Bearer " + TOKEN).get("/_sim/instances/guarded/journal").then()
                .statusCode(200);
        given().header("Authorization", "bearer " + TOKEN).get("/_sim/instances/guarded/state").then()
                .statusCode(200).body("instance", equalTo("guarded"));
    }

    @Test
    void shouldGuardEverySpellingOfAControlPath() throws Exception {
        for (String target : List.of("/_sim/instances", "/_sim", "/_sim/", "/_sim/nothing", "//_sim/instances",
                "/%5Fsim/instances", "/%5fsim/instances", "/x/../_sim/instances", "/./_sim/instances",
                "/%2e/_sim/instances", "/_SIM/instances", "/_sim//instances", "/_sim/instances?x=1",
                "/_sim/instances/default/faults")) {
            for (String method : List.of("GET", "POST", "DELETE", "OPTIONS", "PUT")) {
                RawHttp.Answer answer = RawHttp.send(base.getHost(), base.getPort(), method, target,
                        RawHttp.headers("Content-Type", "application/json"),
                        "{\"name\":\"sneaked\",\"status\":503}".getBytes(StandardCharsets.UTF_8));
                assertThat(answer.status()).as(method + " " + target + ": " + answer.body()).isEqualTo(401);
            }
        }
        given().header("X-Sim-Token", TOKEN).get("/_sim/instances").then().statusCode(200)
                .body("name", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("sneaked")));
        given().header("X-Sim-Token", TOKEN).get("/_sim/instances/default/faults").then().statusCode(200)
                .body("$", org.hamcrest.Matchers.hasSize(0));
    }

    @Test
    void shouldLeaveTheDaktelaApiAndHealthOpen() {
        given().get("/q/health/ready").then().statusCode(200);
        given().header("X-Auth-Token", "demo-token-agent1").get("/api/v6/whoim.json").then().statusCode(200)
                .body("result.user.name", equalTo("agent1"));
    }
}
