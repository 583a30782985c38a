package io.dialgate.simulator.fidelity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import io.dialgate.simulator.Sim;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Records as Daktela returns them: nested relations, {@code _sys}, Daktela's field names, times per zone. */
@QuarkusTest
class RecordShapesTest {

    String instance;
    String api;
    String tokenA;

    @BeforeEach
    void seed() {
        instance = Sim.freshInstance(false);
        api = Sim.api(instance);
        tokenA = "tok-a-" + instance;
    }

    private String call() {
        Sim.loginQueue(instance, tokenA, "2000");
        return given().contentType(ContentType.JSON).header("X-Auth-Token", tokenA)
                .body(Map.of("type", "CALL", "number", "+420111", "queue", "2000"))
                .post(api + "/activities.json").then().statusCode(201).extract().path("result.name");
    }

    @Test
    void shouldNestAnActivitysUserQueueAndItem() {
        String name = call();
        given().header("X-Auth-Token", tokenA).get(api + "/activities/" + name + ".json").then().statusCode(200)
                .body("result.user.name", equalTo("a")).body("result.user.title", equalTo("User a"))
                .body("result.user.alias", equalTo("a"))
                .body("result.queue.name", equalTo("2000")).body("result.queue.type", equalTo("out"))
                .body("result.item.id_call", notNullValue()).body("result.item.id_agent.name", equalTo("a"))
                .body("result._sys.model", equalTo("activities"));
    }

    @Test
    void shouldNameCallFieldsAsDaktelaDoes() {
        String name = call();
        String callId = given().header("X-Auth-Token", tokenA).get(api + "/activities/" + name + ".json")
                .path("result.item.id_call");
        given().header("X-Auth-Token", tokenA).get(api + "/activitiesCall/" + callId + ".json").then().statusCode(200)
                .body("result.id_queue.name", equalTo("2000")).body("result.id_agent.name", equalTo("a"))
                .body("result.call_time", matchesPattern("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d"))
                .body("result.waiting_time", equalTo(0)).body("result.containsKey('state')", equalTo(false));
    }

    @Test
    void shouldNameTheAgentOfARealtimeSessionIdAgent() {
        given().header("X-Auth-Token", tokenA).get(api + "/realtimeSessions.json").then().statusCode(200)
                .body("result.data[0].id_agent.name", equalTo("a"))
                .body("result.data[0].containsKey('user')", equalTo(false));
    }

    @Test
    void shouldCarryTheTokenInWhoimsUserSys() {
        given().header("X-Auth-Token", tokenA).get(api + "/whoim.json").then().statusCode(200)
                .body("result.user._sys.accessToken", equalTo(tokenA));
    }

    @Test
    void shouldSendTimesInTheInstancesZone() {
        given().header("X-Auth-Token", tokenA).get(api + "/queues.json").then()
                .body("_timezone", equalTo("Europe/Prague"))
                .body("_time", matchesPattern(pragueNowPattern("Europe/Prague")));
        Sim.post("/_sim/instances", Map.of("name", instance, "timezone", "America/New_York"), 200);
        given().header("X-Auth-Token", tokenA).get(api + "/queues.json").then()
                .body("_timezone", equalTo("America/New_York"))
                .body("_time", matchesPattern(pragueNowPattern("America/New_York")));
    }

    @Test
    void shouldRenderRelationsFlatWhenTheInstanceSaysSo() {
        Sim.post("/_sim/instances", Map.of("name", instance, "relations", "flat"), 200);
        String name = call();
        given().header("X-Auth-Token", tokenA).get(api + "/activities/" + name + ".json").then()
                .body("result.user", equalTo("a")).body("result.queue", equalTo("2000"));
    }

    /** The current hour in the zone (the minute may tick between the request and the check). */
    private static String pragueNowPattern(String zone) {
        LocalDateTime now = LocalDateTime.now(ZoneId.of(zone)).truncatedTo(ChronoUnit.HOURS);
        String hour = now.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH"));
        String next = now.plusHours(1).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH"));
        return "(" + hour + "|" + next + "):\\d\\d:\\d\\d";
    }
}
