package io.dialgate.simulator.fidelity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.dialgate.simulator.Sim;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Paths with and without {@code .json}, relation paths, empty tokens and Daktela's error shapes. */
@QuarkusTest
class PathsTokensErrorsTest {

    String instance;
    String api;
    String tokenA;

    @BeforeEach
    void seed() {
        instance = Sim.freshInstance(true);
        api = Sim.api(instance);
        tokenA = "tok-a-" + instance;
    }

    @Test
    void shouldServePathsWithoutJsonSuffix() {
        given().header("X-Auth-Token", tokenA).get(api + "/whoim").then().statusCode(200)
                .body("result.user.name", equalTo("a"));
        given().header("X-Auth-Token", tokenA).get(api + "/queues/2000").then().statusCode(200)
                .body("result.name", equalTo("2000"));
        given().contentType(ContentType.JSON).body(Map.of("username", "a", "password", "apw", "only_token", 1))
                .post(api + "/login").then().statusCode(200).body("result", equalTo(tokenA));
        given().header("X-Auth-Token", tokenA).queryParam("hash", "").get(api + "/appPullData").then().statusCode(200)
                .body("result.hash", notNullValue());
    }

    @Test
    void shouldServeAUsersActivitiesAsARelationPath() {
        Sim.loginQueue(instance, tokenA, "2000");
        given().contentType(ContentType.JSON).header("X-Auth-Token", tokenA)
                .body(Map.of("type", "CALL", "number", "+420111", "queue", "2000"))
                .post(api + "/activities.json").then().statusCode(201);
        given().header("X-Auth-Token", tokenA).get(api + "/users/a/activities.json").then().statusCode(200)
                .body("result.data", hasSize(1)).body("result.total", equalTo(1));
        given().header("X-Auth-Token", tokenA).get(api + "/users/b/activities").then().statusCode(200)
                .body("result.data", hasSize(0));
        given().header("X-Auth-Token", tokenA).get(api + "/queues/2000/nonsense.json").then().statusCode(404);
        given().header("Origin", "https://app.example").header("Access-Control-Request-Method", "GET")
                .options(api + "/users/a/activities.json").then().statusCode(204)
                .header("Access-Control-Allow-Origin", equalTo("https://app.example"));
    }

    @Test
    void shouldTreatAnEmptyTokenAsNone() {
        given().queryParam("accessToken", "").get(api + "/whoim.json").then().statusCode(200)
                .body("result.user", nullValue());
        given().header("X-Auth-Token", "").get(api + "/whoim.json").then().statusCode(200)
                .body("result.user", nullValue());
        given().cookie("c_user", "").get(api + "/whoim.json").then().statusCode(200)
                .body("result.user", nullValue());
        given().queryParam("accessToken", "").header("X-Auth-Token", tokenA).get(api + "/whoim.json").then()
                .statusCode(200).body("result.user.name", equalTo("a"));
        given().queryParam("accessToken", "").get(api + "/queues.json").then().statusCode(401)
                .body("error[0]", equalTo("Access token required"));
    }

    @Test
    void shouldLogInWhateverTokenTheClientStillSends() {
        given().contentType(ContentType.JSON).queryParam("accessToken", "")
                .body(Map.of("username", "a", "password", "apw", "only_token", 1))
                .post(api + "/login.json").then().statusCode(200).body("result", equalTo(tokenA));
        given().contentType(ContentType.JSON).header("X-Auth-Token", "expired-long-ago")
                .body(Map.of("username", "a", "password", "apw", "only_token", 1))
                .post(api + "/login.json").then().statusCode(200).body("result", equalTo(tokenA));
    }

    @Test
    void shouldAnswerAFieldErrorAsAFormObjectEchoingTheRecord() {
        given().contentType(ContentType.JSON).header("X-Auth-Token", tokenA)
                .body(Map.of("type", "CALL", "queue", "2000"))
                .post(api + "/activities.json").then().statusCode(400)
                .body("error.form.number", equalTo("Item is mandatory"))
                .body("result.type", equalTo("CALL")).body("result.queue", equalTo("2000"));
        given().contentType(ContentType.JSON).header("X-Auth-Token", tokenA)
                .body(Map.of("type", "CALL", "number", "+420111", "queue", "9999"))
                .post(api + "/activities.json").then().statusCode(400)
                .body("error.form.queue", notNullValue()).body("result.number", equalTo("+420111"))
                .body("result.accessToken", nullValue());
    }

    @Test
    void shouldAnswerOtherErrorsAsAListOfStrings() {
        given().header("X-Auth-Token", tokenA).get(api + "/queues/nope.json").then().statusCode(404)
                .body("error", hasSize(1)).body("result", nullValue());
    }

    @Test
    void shouldReadAnEmptyJsonArrayAsAnEmptyBody() {
        given().contentType(ContentType.JSON).header("X-Auth-Token", tokenA).body("[]")
                .post(api + "/usersSession.json").then().statusCode(200).body("result.user", equalTo("a"));
    }

    @Test
    void shouldReadAJsonBodySentAsPlainText() {
        given().contentType("text/plain").header("X-Auth-Token", tokenA).body("{\"pause\":\"lunch\"}")
                .post(api + "/usersSession.json").then().statusCode(200).body("result.pause.name", equalTo("lunch"));
    }
}
