package io.dialgate.simulator.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.dialgate.simulator.Sim;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ActivitiesAndSessionTest {

    String instance;
    String api;
    String a;
    String boss;

    @BeforeEach
    void seed() {
        instance = Sim.freshInstance(false);
        api = Sim.api(instance);
        a = "tok-a-" + instance;
        boss = "tok-boss-" + instance;
    }

    private io.restassured.response.ValidatableResponse post(String token, String path, Map<String, ?> body) {
        return given().contentType(ContentType.JSON).header("X-Auth-Token", token).body(body).post(api + path).then();
    }

    @Test
    void shouldLogInAndOutOfQueuesWithPenalty() {
        post(a, "/usersSession.json", Map.of("queues", List.of(Map.of("login", true, "name", "2000", "penalty", 2))))
                .statusCode(200).body("result.queues.find { it.name == '2000' }.logged_in", equalTo(true))
                .body("result.queues.find { it.name == '2000' }.penalty", equalTo(2))
                .body("result.pause", nullValue());
        given().header("X-Auth-Token", a).get(api + "/realtimeSessions/a.json").then().body("result.state",
                equalTo("Session"));
        given().contentType(ContentType.URLENC).header("X-Auth-Token", a).formParam("queues[0][login]", "false")
                .formParam("queues[0][name]", "2000").post(api + "/usersSession.json").then().statusCode(200)
                .body("result.queues.logged_in", contains(false, false));
    }

    @Test
    void shouldRejectUnknownQueueWith400AndChangeNothing() {
        post(a, "/usersSession.json", Map.of("queues", List.of(Map.of("login", true, "name", "1000"),
                Map.of("login", true, "name", "9999")))).statusCode(400)
                .body("error[0]", equalTo("Unknown queue '9999'")).body("result", nullValue());
        given().header("X-Auth-Token", a).get(api + "/usersSession.json").then()
                .body("result.queues.logged_in", contains(false, false));
    }

    @Test
    void shouldRejectBadSessionInputs() {
        post(a, "/usersSession.json", Map.of("queues", List.of(Map.of("name", "1000")))).statusCode(400)
                .body("error[0]", containsString("login"));
        post(a, "/usersSession.json", Map.of("queues", List.of(Map.of("login", "maybe", "name", "1000"))))
                .statusCode(400);
        post(a, "/usersSession.json", Map.of("queues", List.of(Map.of("login", true, "name", "1000",
                "penalty", "x")))).statusCode(400).body("error[0]", containsString("penalty"));
        post(a, "/usersSession.json", Map.of("queues", "1000")).statusCode(400);
        post(a, "/usersSession.json", Map.of("pause", "siesta")).statusCode(400)
                .body("error[0]", equalTo("Unknown pause 'siesta'"));
    }

    @Test
    void shouldStartAndEndPause() {
        post(a, "/usersSession.json", Map.of("pause", "lunch")).statusCode(200)
                .body("result.pause.name", equalTo("lunch")).body("result.pause.title", equalTo("Lunch"));
        given().header("X-Auth-Token", a).get(api + "/realtimeSessions/a.json").then()
                .body("result.state", equalTo("Paused")).body("result.id_pause.name", equalTo("lunch"));
        given().contentType(ContentType.JSON).header("X-Auth-Token", a).body("{\"pause\": null}")
                .post(api + "/usersSession.json").then().statusCode(200).body("result.pause", nullValue());
    }

    @Test
    void shouldRequireQueueLoginAndOutboundQueueForCalls() {
        post(a, "/activities.json", Map.of("number", "1", "type", "CALL", "queue", "2000")).statusCode(400)
                .body("error[0]", containsString("not logged in"));
        Sim.loginQueue(instance, a, "1000");
        post(a, "/activities.json", Map.of("number", "1", "type", "CALL", "queue", "1000")).statusCode(400)
                .body("error[0]", containsString("not an outbound queue"));
        post(a, "/activities.json", Map.of("number", "1", "type", "CALL", "queue", "7777")).statusCode(400);
        post(a, "/activities.json", Map.of("type", "CALL", "queue", "2000")).statusCode(400)
                .body("error.form.number", equalTo("Item is mandatory"));
        post(a, "/activities.json", Map.of("number", "1", "type", "FAX")).statusCode(400);
        post(a, "/activities.json", Map.of("number", "1")).statusCode(400);
    }

    @Test
    void shouldCreateCallFromFormBody() {
        Sim.loginQueue(instance, a, "2000");
        given().contentType(ContentType.URLENC).formParam("accessToken", a).formParam("number", "123456789")
                .formParam("type", "CALL").formParam("queue", "2000").post(api + "/activities.json").then()
                .statusCode(201).body("result.name", startsWith("activities_")).body("result.type", equalTo("CALL"))
                .body("result.action", equalTo("OPEN")).body("result.user.name", equalTo("a"))
                .body("result.item.clid", equalTo("123456789")).body("result.item.answered", equalTo(false));
    }

    @Test
    void shouldLetUserWithRightsCallForAnotherAndForbidOthers() {
        Sim.loginQueue(instance, a, "2000");
        post(boss, "/activities.json", Map.of("number", "5", "type", "CALL", "queue", "2000", "user", "a"))
                .statusCode(201).body("result.user.name", equalTo("a"));
        post("tok-b-" + instance, "/activities.json", Map.of("number", "5", "type", "CALL", "queue", "2000",
                "user", "a")).statusCode(403).body("result", nullValue());
        post(a, "/activities.json", Map.of("number", "5", "type", "CALL", "queue", "2000", "user", "ghost"))
                .statusCode(400);
        given().header("X-Auth-Token", "tok-b-" + instance).get(api + "/activities.json").then()
                .body("result.total", equalTo(0));
        given().header("X-Auth-Token", boss).get(api + "/activities.json").then().body("result.total", equalTo(1));
    }

    @Test
    void shouldSendSmsAndCloseAndDeleteActivities() {
        Sim.smsQueue(instance, a);
        post(a, "/activities.json", Map.of("number", "+420600", "type", "SMS", "text", "Hi", "queue", "3000"))
                .statusCode(201).body("result.item.text", equalTo("Hi")).body("result.action", equalTo("CLOSE"));
        post(a, "/activities.json", Map.of("number", "+420600", "type", "SMS")).statusCode(400);
        String name = given().header("X-Auth-Token", a).get(api + "/activities.json").path("result.data[0].name");
        given().contentType(ContentType.JSON).header("X-Auth-Token", a).body(Map.of("action", "EXPLODE"))
                .put(api + "/activities/" + name + ".json").then().statusCode(400);
        given().contentType(ContentType.JSON).header("X-Auth-Token", a).body(Map.of("action", "CLOSE"))
                .put(api + "/activities/nope.json").then().statusCode(404);
        given().header("X-Auth-Token", a).delete(api + "/activities/" + name + ".json").then().statusCode(204);
        given().header("X-Auth-Token", a).get(api + "/activities/" + name + ".json").then().statusCode(404);
    }

    @Test
    void shouldFilterSortAndPageActivities() {
        Sim.smsQueue(instance, a);
        for (int i = 0; i < 5; i++) {
            post(a, "/activities.json", Map.of("number", "60" + i, "type", "SMS", "text", "m" + i, "queue", "3000"))
                    .statusCode(201);
        }
        given().header("X-Auth-Token", a).queryParam("filter[type]", "SMS").queryParam("sort", "time")
                .queryParam("dir", "desc").queryParam("skip", 1).queryParam("take", 2)
                .get(api + "/activities.json").then().body("result.total", equalTo(5)).body("result.data", hasSize(2));
        given().header("X-Auth-Token", a)
                .queryParam("filter", "[{\"field\":\"item.sender\",\"operator\":\"eq\",\"value\":\"603\"}]")
                .get(api + "/activities.json").then().body("result.total", equalTo(1))
                .body("result.data[0].item.text", equalTo("m3"));
        given().header("X-Auth-Token", a).queryParam("filter[logic]", "or")
                .queryParam("filter[filters][0][field]", "item.sender").queryParam("filter[filters][0][value]", "600")
                .queryParam("filter[filters][1][field]", "item.sender").queryParam("filter[filters][1][value]", "601")
                .queryParam("sort[0][field]", "item.sender").queryParam("sort[0][dir]", "desc")
                .get(api + "/activities.json").then().body("result.data.item.sender", contains("601", "600"));
        given().header("X-Auth-Token", a).queryParam("filter", "[broken").get(api + "/activities.json").then()
                .statusCode(400);
        given().header("X-Auth-Token", a).queryParam("skip", -1).get(api + "/activities.json").then().statusCode(400);
        given().header("X-Auth-Token", a).queryParam("take", "ten").get(api + "/activities.json").then()
                .statusCode(400);
        given().header("X-Auth-Token", a).queryParam("sort", "time").queryParam("dir", "sideways")
                .get(api + "/activities.json").then().statusCode(400);
    }

    @Test
    void shouldPageOverMoreThanThousandRecordsWithTakeCappedAt1000() {
        String big = "big-" + instance;
        Sim.post("/_sim/instances", Map.of("name", big), 201);
        for (int i = 0; i < 1100; i++) {
            Sim.post("/_sim/instances/" + big + "/queues", Map.of("name", String.format("q%04d", i), "type", "out"),
                    201);
        }
        Sim.user(big, "u", "tok-u-" + big);
        given().header("X-Auth-Token", "tok-u-" + big).queryParam("take", 5000)
                .get(Sim.api(big) + "/queues.json").then().body("result.total", equalTo(1100))
                .body("result.data", hasSize(1000));
        given().header("X-Auth-Token", "tok-u-" + big).queryParam("skip", 1000).queryParam("take", 1000)
                .get(Sim.api(big) + "/queues.json").then().body("result.data", hasSize(100))
                .body("result.data[0].name", equalTo("q1000"));
        given().header("X-Auth-Token", "tok-u-" + big).get(Sim.api(big) + "/queues.json").then()
                .body("result.data", hasSize(100));
    }
}
