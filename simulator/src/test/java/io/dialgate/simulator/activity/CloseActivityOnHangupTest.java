package io.dialgate.simulator.activity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.dialgate.simulator.Sim;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(CloseActivityOnHangupTest.WrapUpAtOnce.class)
class CloseActivityOnHangupTest {

    public static class WrapUpAtOnce implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("simulator.calls.close-activity-on-hangup", "true");
        }
    }

    @Test
    void shouldCloseTheCallsActivityWhenTheCallEnds() {
        String instance = Sim.freshInstance(false);
        String token = "tok-a-" + instance;
        var ring = given().contentType(ContentType.JSON).body(Map.of("to", "a", "from", "+420777", "queue", "1000"))
                .post("/_sim/instances/" + instance + "/calls").then().statusCode(201).extract();
        String callId = ring.path("id");
        String activity = ring.path("activity");
        given().header("X-Auth-Token", token).get(Sim.api(instance) + "/activities/" + activity + ".json").then()
                .body("result.action", equalTo("OPEN"));

        given().post("/_sim/instances/" + instance + "/calls/" + callId + "/hangup").then().statusCode(200);

        given().header("X-Auth-Token", token).get(Sim.api(instance) + "/activities/" + activity + ".json").then()
                .body("result.action", equalTo("CLOSE"));
    }
}
