package io.dialgate.simulator.control;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;

import io.dialgate.simulator.Sim;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ControlApiTest {

    @Test
    void shouldCreateInstancesIdempotently() {
        given().contentType(ContentType.JSON).body(Map.of("name", "idem", "cors", false)).post("/_sim/instances")
                .then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(201), equalTo(200)));
        given().contentType(ContentType.JSON).body(Map.of("name", "idem", "cors", true)).post("/_sim/instances")
                .then().statusCode(200).body("cors", equalTo(true));
    }

    @Test
    void shouldGenerateTokenWhenAbsentAndReturnIt() {
        String instance = Sim.freshInstance(false);
        String token = given().contentType(ContentType.JSON).body(Map.of("login", "gen", "password", "p"))
                .post("/_sim/instances/" + instance + "/users").then().statusCode(201)
                .body("accessToken", matchesPattern("[0-9a-f]{32}")).body("title", equalTo("gen"))
                .extract().path("accessToken");
        given().header("X-Auth-Token", token).get(Sim.api(instance) + "/whoim.json").then()
                .body("result.user.name", equalTo("gen"));
    }

    @Test
    void shouldRotateAndRevokeTokens() {
        String instance = Sim.freshInstance(false);
        String old = "tok-a-" + instance;
        given().contentType(ContentType.JSON).body(Map.of("accessToken", "rotated-" + instance))
                .put("/_sim/instances/" + instance + "/users/a/token").then().statusCode(200)
                .body("accessToken", equalTo("rotated-" + instance));
        given().header("X-Auth-Token", old).get(Sim.api(instance) + "/queues.json").then().statusCode(401);
        given().header("X-Auth-Token", "rotated-" + instance).get(Sim.api(instance) + "/queues.json").then()
                .statusCode(200);
        given().contentType(ContentType.JSON).body("{\"accessToken\": null}")
                .put("/_sim/instances/" + instance + "/users/a/token").then().statusCode(200)
                .body("accessToken", nullValue());
        given().header("X-Auth-Token", "rotated-" + instance).get(Sim.api(instance) + "/queues.json").then()
                .statusCode(401);
        given().contentType(ContentType.JSON).body("{\"accessToken\": null}")
                .put("/_sim/instances/" + instance + "/users/ghost/token").then().statusCode(404);
    }

    @Test
    void shouldResetInstanceToEmpty() {
        String instance = Sim.freshInstance(false);
        given().delete("/_sim/instances/" + instance).then().statusCode(204);
        given().header("X-Auth-Token", "tok-a-" + instance).get(Sim.api(instance) + "/queues.json").then()
                .statusCode(401);
        given().get("/_sim/instances/" + instance + "/state").then().body("users", hasSize(0));
    }

    @Test
    void shouldAnswerProblemJsonForBadControlInput() {
        given().delete("/_sim/instances/missing").then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404)).body("title", equalTo("Not Found"))
                .body("detail", equalTo("Unknown PBX instance 'missing'"));
        String instance = Sim.freshInstance(false);
        String base = "/_sim/instances/" + instance;
        expect400(base + "/users", Map.of("password", "x"), "login");
        expect400(base + "/queues", Map.of("name", "3000", "type", "sideways"), "type");
        expect400(base + "/queues", Map.of("title", "no name", "type", "in"), "name");
        expect400(base + "/pauses", Map.of("name", "p", "type", "nap"), "type");
        expect400(base + "/calls", Map.of("to", "a", "from", "1"), "queue");
        expect400(base + "/calls", Map.of("to", "ghost", "from", "1", "queue", "1000"), "ghost");
        expect400("/_sim/instances", Map.of("name", "bad name!"), "name");
        expect400(base + "/users", Map.of("login", "x", "unexpected", 1), "unexpected");
        given().contentType(ContentType.JSON).body("{broken").post(base + "/users").then().statusCode(400)
                .contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(Map.of("login", "dup", "accessToken", "tok-a-" + instance))
                .post(base + "/users").then().statusCode(409);
    }

    private static void expect400(String path, Map<String, ?> body, String mention) {
        given().contentType(ContentType.JSON).body(body).post(path).then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString(mention));
    }
}
