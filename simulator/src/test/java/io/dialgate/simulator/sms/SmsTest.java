package io.dialgate.simulator.sms;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import io.dialgate.simulator.Sim;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SmsTest {

    String instance;
    String api;
    String a;

    @BeforeEach
    void seed() {
        instance = Sim.freshInstance(false);
        api = Sim.api(instance);
        a = "tok-a-" + instance;
        Sim.post("/_sim/instances/" + instance + "/queues", Map.of("name", "3000", "title", "SMS", "type", "sms"), 201);
    }

    private ValidatableResponse sms(String token, Map<String, ?> body) {
        return given().contentType(ContentType.JSON).header("X-Auth-Token", token).body(body)
                .post(api + "/activities.json").then();
    }

    @Test
    void shouldSendThroughALoggedInSmsQueueWithTheClientsName() {
        sms(a, Map.of("type", "SMS", "number", "+420600111222", "text", "Hi", "queue", "3000")).statusCode(400)
                .body("error.primary[0]", equalTo("User 'a' is not logged in to queue '3000'"));
        Sim.loginQueue(instance, a, "3000");
        sms(a, Map.of("type", "SMS", "number", "+420 600 111 222", "text", "Hi", "queue", "3000", "name", "dg_sms_1"))
                .statusCode(201).body("result.name", equalTo("dg_sms_1")).body("result.type", equalTo("SMS"))
                .body("result.action", equalTo("CLOSE")).body("result.item.direction", equalTo("OUT"))
                .body("result.item.sender", equalTo("+420600111222")).body("result.item.text", equalTo("Hi"))
                .body("result.item.queue", equalTo("3000"));
        sms(a, Map.of("type", "SMS", "number", "+420600111222", "text", "Hi", "queue", "3000", "name", "dg_sms_1"))
                .statusCode(400).body("error.form.name", equalTo("Activity 'dg_sms_1' already exists"));
        given().header("X-Auth-Token", a).queryParam("filter[type]", "SMS").get(api + "/activities.json").then()
                .body("result.data", hasSize(1));
    }

    @Test
    void shouldRefuseBadSmsWithFormErrors() {
        Sim.loginQueue(instance, a, "3000");
        Sim.loginQueue(instance, a, "2000");
        sms(a, Map.of("type", "SMS", "number", "call me", "text", "", "queue", "3000")).statusCode(400)
                .body("error.form.number", equalTo("Invalid phone number"))
                .body("error.form.text", equalTo("Entry is required"));
        sms(a, Map.of("type", "SMS", "number", "+420600", "text", "x")).statusCode(400)
                .body("error.form.queue", equalTo("Entry is required"));
        sms(a, Map.of("type", "SMS", "number", "+420600", "text", "x", "queue", "2000")).statusCode(400)
                .body("error.primary[0]", equalTo("Queue '2000' is not an SMS queue"));
        sms("tok-b-" + instance, Map.of("type", "SMS", "number", "+420600", "text", "x", "queue", "3000", "user", "a"))
                .statusCode(403);
        given().header("X-Auth-Token", a).queryParam("filter[type]", "SMS").get(api + "/activities.json").then()
                .body("result.total", equalTo(0));
    }

    @Test
    void shouldDeliverAnInboundSmsToTheUsersPullData() {
        String hash = given().header("X-Auth-Token", a).get(api + "/appPullData.json").path("result.hash");
        given().contentType(ContentType.JSON).body(Map.of("to", "a", "from", "+420777000111", "text", "Where is my parcel?",
                "queue", "3000")).post("/_sim/instances/" + instance + "/sms").then().statusCode(201)
                .body("type", equalTo("SMS")).body("action", equalTo("OPEN")).body("item.direction", equalTo("IN"))
                .body("item.sender", equalTo("+420777000111"));
        given().header("X-Auth-Token", a).queryParam("hash", hash).get(api + "/appPullData.json").then()
                .body("result.activities.find { it.type == 'SMS' }.item.text", equalTo("Where is my parcel?"))
                .body("result.hash", notNullValue());
        given().contentType(ContentType.JSON).body(Map.of("to", "a", "from", "+420777000111", "text", "x",
                "queue", "2000")).post("/_sim/instances/" + instance + "/sms").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("to", "ghost", "from", "+420777000111", "text", "x",
                "queue", "3000")).post("/_sim/instances/" + instance + "/sms").then().statusCode(400);
    }
}
