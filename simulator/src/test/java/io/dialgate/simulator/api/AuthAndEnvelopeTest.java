package io.dialgate.simulator.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.dialgate.simulator.Sim;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuthAndEnvelopeTest {

    String instance;
    String api;
    String tokenA;

    @BeforeEach
    void seed() {
        instance = Sim.freshInstance(false);
        api = Sim.api(instance);
        tokenA = "tok-a-" + instance;
    }

    @Test
    void shouldAcceptTokenInQueryAndJournalItsPlacement() {
        given().queryParam("accessToken", tokenA).get(api + "/queues.json").then().statusCode(200)
                .body("error", hasSize(0)).body("result.total", equalTo(2))
                .body("_time", matchesPattern("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d"));
        given().get("/_sim/instances/" + instance + "/journal").then()
                .body("[-1].tokenPlacement", equalTo("query")).body("[-1].endpoint", equalTo("queues"))
                .body("[-1].path", equalTo(api + "/queues.json")).body("[-1].status", equalTo(200));
    }

    @Test
    void shouldAcceptTokenInHeaderCaseInsensitively() {
        given().header("x-auth-token", tokenA).get(api + "/whoim.json").then().statusCode(200)
                .body("result.user.name", equalTo("a")).body("result.version", equalTo("6.x-simulator"));
        given().get("/_sim/instances/" + instance + "/journal").then().body("[-1].tokenPlacement", equalTo("header"));
    }

    @Test
    void shouldAcceptTokenInCookie() {
        given().cookie("c_user", tokenA).get(api + "/users.json").then().statusCode(200)
                .body("result.data.name", contains("a", "b", "boss"));
        given().get("/_sim/instances/" + instance + "/journal").then().body("[-1].tokenPlacement", equalTo("cookie"));
    }

    @Test
    void shouldAcceptTokenInFormBody() {
        given().contentType(ContentType.URLENC).formParam("accessToken", tokenA)
                .formParam("queues[0][login]", "true").formParam("queues[0][name]", "1000")
                .formParam("queues[0][penalty]", "3")
                .post(api + "/usersSession.json").then().statusCode(200)
                .body("result.user", equalTo("a"))
                .body("result.queues.find { it.name == '1000' }.logged_in", equalTo(true))
                .body("result.queues.find { it.name == '1000' }.penalty", equalTo(3));
        given().get("/_sim/instances/" + instance + "/journal").then().body("[-1].tokenPlacement", equalTo("body"));
    }

    @Test
    void shouldAcceptTokenInJsonBody() {
        given().contentType(ContentType.JSON).body(Map.of("accessToken", tokenA, "pause", "lunch"))
                .post(api + "/usersSession.json").then().statusCode(200).body("result.pause.name", equalTo("lunch"));
    }

    @Test
    void shouldAnswer401WithoutOrWithWrongToken() {
        given().get(api + "/queues.json").then().statusCode(401)
                .body("error[0]", equalTo("Access token required")).body("result", nullValue());
        given().header("X-Auth-Token", "nope").get(api + "/queues.json").then().statusCode(401)
                .body("error[0]", equalTo("Invalid access token"));
        given().get("/_sim/instances/" + instance + "/journal").then().body("[-1].tokenPlacement", equalTo("header"))
                .body("[-1].status", equalTo(401)).body("[-2].tokenPlacement", equalTo("none"));
    }

    @Test
    void shouldAnswerWhoimWithoutTokenWithNullUser() {
        given().get(api + "/whoim.json").then().statusCode(200).body("result.user", nullValue())
                .body("result.version", notNullValue());
    }

    @Test
    void shouldLoginWithOnlyTokenAndWithRefreshPair() {
        given().contentType(ContentType.JSON).body(Map.of("username", "a", "password", "apw", "only_token", 1))
                .post(api + "/login.json").then().statusCode(200).body("result", equalTo(tokenA));
        Map<String, String> pair = given().contentType(ContentType.URLENC).formParam("username", "a")
                .formParam("password", "apw").post(api + "/login.json").then().statusCode(200)
                .extract().path("result");
        given().header("X-Auth-Token", pair.get("accessToken")).get(api + "/whoim.json").then()
                .body("result.user.name", equalTo("a"));
        Map<String, String> next = given().contentType(ContentType.JSON)
                .body(Map.of("refreshToken", pair.get("refreshToken"))).put(api + "/login.json").then()
                .statusCode(200).extract().path("result");
        given().header("X-Auth-Token", next.get("accessToken")).get(api + "/whoim.json").then().statusCode(200);
        given().header("X-Auth-Token", pair.get("accessToken")).get(api + "/whoim.json").then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", pair.get("refreshToken")))
                .put(api + "/login.json").then().statusCode(401);
    }

    @Test
    void shouldRejectBadCredentialsWith401() {
        given().contentType(ContentType.JSON).body(Map.of("username", "a", "password", "wrong", "only_token", 1))
                .post(api + "/login.json").then().statusCode(401).body("error[0]", equalTo("Invalid username or password"))
                .body("result", nullValue());
    }

    @Test
    void shouldAnswerUnknownRecordEndpointAndInstanceWith404() {
        given().header("X-Auth-Token", tokenA).get(api + "/queues/9999.json").then().statusCode(404)
                .body("error[0]", equalTo("Record '9999' not found in queues")).body("result", nullValue());
        given().header("X-Auth-Token", tokenA).get(api + "/nosuchEndpoint.json").then().statusCode(404)
                .body("error[0]", equalTo("Unknown endpoint 'nosuchEndpoint'"));
        given().header("X-Auth-Token", tokenA).get("/pbx/nosuch/api/v6/queues.json").then().statusCode(404)
                .body("error[0]", equalTo("Unknown PBX instance 'nosuch'"));
        given().header("X-Auth-Token", tokenA).get(api + "/queues/2000/members/x").then().statusCode(404);
    }

    @Test
    void shouldReadOneRecordOfEachCatalog() {
        given().header("X-Auth-Token", tokenA).get(api + "/queues/2000.json").then().statusCode(200)
                .body("result.type", equalTo("out")).body("result.title", equalTo("Out"));
        given().header("X-Auth-Token", tokenA).get(api + "/pauses/wrap.json").then().statusCode(200)
                .body("result.type", equalTo("wrap")).body("result.paid", equalTo(true))
                .body("result.max_duration", nullValue());
        given().header("X-Auth-Token", tokenA).get(api + "/users/b.json").then().statusCode(200)
                .body("result.title", equalTo("User b")).body("result.password", nullValue());
        given().header("X-Auth-Token", tokenA).get(api + "/realtimeSessions/a.json").then().statusCode(200)
                .body("result.state", equalTo("Idle")).body("result.exten_status", equalTo("Idle"));
    }

    @Test
    void shouldRejectWritesToReadOnlyEndpointsWith405() {
        given().header("X-Auth-Token", tokenA).contentType(ContentType.JSON).body("{}").post(api + "/queues.json")
                .then().statusCode(405).body("result", nullValue());
    }

    @Test
    void shouldAnswerDefaultInstanceAtPlainPath() {
        given().header("X-Auth-Token", "demo-token-agent1").get("/api/v6/whoim.json").then().statusCode(200)
                .body("result.user.name", equalTo("agent1"));
        given().header("X-Auth-Token", "demo-token-agent1").get("/pbx/default/api/v6/queues.json").then()
                .statusCode(200).body("result.data.name", contains("1000", "2000", "3000"));
    }

    @Test
    void shouldIsolateInstances() {
        String other = Sim.freshInstance(false);
        given().header("X-Auth-Token", tokenA).get(Sim.api(other) + "/queues.json").then().statusCode(401);
        Sim.loginQueue(instance, tokenA, "2000");
        given().header("X-Auth-Token", "tok-a-" + other).get(Sim.api(other) + "/realtimeSessions/a.json").then()
                .body("result.state", equalTo("Idle"));
    }

    @Test
    void shouldRejectMalformedJsonAndNonObjectBodies() {
        given().header("X-Auth-Token", tokenA).contentType(ContentType.JSON).body("{not json")
                .post(api + "/usersSession.json").then().statusCode(400).body("error[0]", equalTo("Malformed JSON body"));
        given().header("X-Auth-Token", tokenA).contentType(ContentType.JSON).body("[1,2]")
                .post(api + "/usersSession.json").then().statusCode(400)
                .body("error[0]", equalTo("The JSON body must be an object"));
    }

    @Test
    void shouldNeverRevealTokenInJournal() {
        given().queryParam("accessToken", tokenA).get(api + "/queues.json").then().statusCode(200);
        String journal = given().get("/_sim/instances/" + instance + "/journal").asString();
        org.assertj.core.api.Assertions.assertThat(journal).doesNotContain(tokenA);
    }

    @Test
    void shouldServeListsOfUsersInOrder() {
        given().header("X-Auth-Token", tokenA).get(api + "/users.json").then().statusCode(200)
                .body("result.data", hasSize(3)).body("result.total", equalTo(3));
        given().header("X-Auth-Token", tokenA).get(api + "/realtimeSessions.json").then().statusCode(200)
                .body("result.data.id_agent.name", equalTo(List.of("a", "b", "boss")));
    }
}
