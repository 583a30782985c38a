package io.dialgate.simulator.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.dialgate.simulator.Sim;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** JSONP, CORS, faults, quirks and the journal. */
@QuarkusTest
class WireFeaturesTest {

    @Test
    void shouldWrapGetInValidJsonpCallback() {
        String instance = Sim.freshInstance(false);
        given().queryParam("accessToken", "tok-a-" + instance).queryParam("callback", "jQuery.cb_1")
                .get(Sim.api(instance) + "/queues.json").then().statusCode(200)
                .contentType(startsWith("application/javascript"))
                .body(startsWith("jQuery.cb_1({")).body(containsString("\"total\":2"));
        given().queryParam("callback", "cb").get(Sim.api(instance) + "/queues.json").then().statusCode(200)
                .body(startsWith("cb({")).body(containsString("\"_status\":401"));
    }

    @Test
    void shouldTunnelWritesThroughJsonpMethodParameter() {
        String instance = Sim.freshInstance(false);
        given().queryParam("username", "boss").queryParam("password", "bosspw")
                .queryParam("only_token", "1").queryParam("_method", "POST").queryParam("callback", "cb")
                .get(Sim.api(instance) + "/login.json").then().statusCode(200)
                .body(startsWith("cb({")).body(containsString("\"_status\":200"));
        given().queryParam("accessToken", "tok-a-" + instance).queryParam("queues[0][login]", "true")
                .queryParam("queues[0][name]", "2000").queryParam("queues[0][penalty]", "0")
                .queryParam("pause", "lunch").queryParam("_method", "post").queryParam("callback", "cb")
                .get(Sim.api(instance) + "/usersSession.json").then().statusCode(200)
                .body(startsWith("cb({")).body(containsString("\"logged_in\":true"))
                .body(containsString("\"name\":\"lunch\""));
        given().queryParam("accessToken", "tok-a-" + instance).queryParam("_method", "PATCH").queryParam("callback", "cb")
                .get(Sim.api(instance) + "/usersSession.json").then().statusCode(200)
                .body(containsString("\"_status\":400"));
        given().header("X-Auth-Token", "tok-a-" + instance).queryParam("_method", "POST")
                .get(Sim.api(instance) + "/usersSession.json").then().statusCode(200)
                .body("result.pause.name", equalTo("lunch"));
    }

    @Test
    void shouldRejectCallbackThatIsNotAnIdentifier() {
        String instance = Sim.freshInstance(false);
        given().queryParam("accessToken", "tok-a-" + instance).queryParam("callback", "alert(1)")
                .get(Sim.api(instance) + "/queues.json").then().statusCode(400).contentType(ContentType.JSON)
                .body("error[0]", containsString("JavaScript identifier"));
    }

    @Test
    void shouldSendNoCorsHeadersWhenInstanceHasCorsOff() {
        String instance = Sim.freshInstance(false);
        given().header("Origin", "https://app.example").header("X-Auth-Token", "tok-a-" + instance)
                .get(Sim.api(instance) + "/queues.json").then().statusCode(200)
                .header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", "https://app.example").header("Access-Control-Request-Method", "POST")
                .options(Sim.api(instance) + "/usersSession.json").then()
                .header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void shouldAnswerPreflightAndAddHeadersWhenCorsOn() {
        String instance = Sim.freshInstance(true);
        given().header("Origin", "https://app.example").header("Access-Control-Request-Method", "POST")
                .options(Sim.api(instance) + "/usersSession.json").then().statusCode(204)
                .header("Access-Control-Allow-Origin", "https://app.example")
                .header("Access-Control-Allow-Credentials", "true")
                .header("Access-Control-Allow-Headers", "X-Auth-Token, Content-Type")
                .header("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS");
        given().header("Origin", "https://app.example").header("X-Auth-Token", "tok-a-" + instance)
                .get(Sim.api(instance) + "/queues.json").then().statusCode(200)
                .header("Access-Control-Allow-Origin", "https://app.example")
                .header("Access-Control-Allow-Credentials", "true");
    }

    @Test
    void shouldReflectAnyOriginByDefault() {
        String instance = Sim.freshInstance(true);
        for (String origin : new String[] {"https://anything.example", "http://localhost:5173", "null"}) {
            given().header("Origin", origin).header("X-Auth-Token", "tok-a-" + instance)
                    .get(Sim.api(instance) + "/queues.json").then().statusCode(200)
                    .header("Access-Control-Allow-Origin", origin)
                    .header("Access-Control-Allow-Credentials", "true");
        }
    }

    @Test
    void shouldForceStatusForCountRequestsThenRecover() {
        String instance = Sim.freshInstance(false);
        fault(instance, Map.of("endpoint", "queues.json", "status", 503, "count", 2));
        String token = "tok-a-" + instance;
        for (int i = 0; i < 2; i++) {
            given().header("X-Auth-Token", token).get(Sim.api(instance) + "/queues.json").then().statusCode(503)
                    .body("result", nullValue());
        }
        given().header("X-Auth-Token", token).get(Sim.api(instance) + "/queues.json").then().statusCode(200);
        given().header("X-Auth-Token", token).get(Sim.api(instance) + "/pauses.json").then().statusCode(200);
    }

    @Test
    void shouldAdd429WithRetryAfterAndMatchByToken() {
        String instance = Sim.freshInstance(false);
        fault(instance, Map.of("token", "tok-a-" + instance, "status", 429, "retryAfter", 7));
        given().header("X-Auth-Token", "tok-a-" + instance).get(Sim.api(instance) + "/queues.json").then()
                .statusCode(429).header("Retry-After", "7");
        given().header("X-Auth-Token", "tok-b-" + instance).get(Sim.api(instance) + "/queues.json").then()
                .statusCode(200);
        String faults = given().get("/_sim/instances/" + instance + "/faults").asString();
        assertThat(faults).doesNotContain("tok-a-");
        given().delete("/_sim/instances/" + instance + "/faults").then().statusCode(204);
        given().header("X-Auth-Token", "tok-a-" + instance).get(Sim.api(instance) + "/queues.json").then()
                .statusCode(200);
    }

    @Test
    void shouldSimulateRevokedTokenWith401Fault() {
        String instance = Sim.freshInstance(false);
        fault(instance, Map.of("token", "tok-a-" + instance, "status", 401));
        given().header("X-Auth-Token", "tok-a-" + instance).get(Sim.api(instance) + "/appPullData.json").then()
                .statusCode(401).body("error[0]", equalTo("Invalid access token"));
    }

    @Test
    void shouldDelayWithLatencyFault() {
        String instance = Sim.freshInstance(false);
        fault(instance, Map.of("endpoint", "queues", "latencyMs", 400, "count", 1));
        long ms = given().header("X-Auth-Token", "tok-a-" + instance).get(Sim.api(instance) + "/queues.json")
                .then().statusCode(200).extract().time();
        assertThat(ms).isGreaterThanOrEqualTo(380);
        given().get("/_sim/instances/" + instance + "/journal").then().body("[-1].ms", org.hamcrest.Matchers
                .greaterThanOrEqualTo(380));
    }

    @Test
    void shouldDropConnectionAndJournalStatusZero() {
        String instance = Sim.freshInstance(false);
        // Unlimited: rest-assured's HTTP client retries a dropped idempotent GET on its own.
        fault(instance, Map.of("endpoint", "queues", "drop", true));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> given().header("X-Auth-Token", "tok-a-" + instance)
                .get(Sim.api(instance) + "/queues.json")).isInstanceOf(Exception.class);
        given().get("/_sim/instances/" + instance + "/journal").then().body("[-1].status", equalTo(0));
    }

    @Test
    void shouldApplyRatioZeroNeverAndOneAlways() {
        String instance = Sim.freshInstance(false);
        fault(instance, Map.of("endpoint", "pauses", "status", 500, "ratio", 0.0));
        fault(instance, Map.of("endpoint", "queues", "status", 502, "ratio", 1.0));
        given().header("X-Auth-Token", "tok-a-" + instance).get(Sim.api(instance) + "/pauses.json").then()
                .statusCode(200);
        given().header("X-Auth-Token", "tok-a-" + instance).get(Sim.api(instance) + "/queues.json").then()
                .statusCode(502);
    }

    @Test
    void shouldProduceEveryQuirk() {
        String instance = Sim.freshInstance(false);
        String api = Sim.api(instance);
        String token = "tok-a-" + instance;
        fault(instance, Map.of("quirk", "html-502", "count", 1));
        given().header("X-Auth-Token", token).get(api + "/queues.json").then().statusCode(502)
                .contentType(startsWith("text/html")).body(containsString("502 Bad Gateway"));
        fault(instance, Map.of("quirk", "error-200", "count", 1));
        given().header("X-Auth-Token", token).get(api + "/queues.json").then().statusCode(200)
                .body("error", hasSize(1)).body("result", nullValue());
        fault(instance, Map.of("quirk", "error-object", "count", 1));
        given().header("X-Auth-Token", token).get(api + "/queues.json").then().statusCode(400)
                .body("error.message", equalTo("Simulated error"));
        fault(instance, Map.of("quirk", "error-form", "count", 1));
        given().header("X-Auth-Token", token).get(api + "/queues.json").then().statusCode(400)
                .body("error[0].primary[0]", equalTo("Invalid form")).body("error[0].form.number", equalTo("Required"));
        fault(instance, Map.of("quirk", "total-string", "count", 1));
        given().header("X-Auth-Token", token).get(api + "/queues.json").then().statusCode(200)
                .body("result.total", equalTo("2"));
        fault(instance, Map.of("quirk", "total-null", "count", 1));
        given().header("X-Auth-Token", token).get(api + "/queues.json").then().statusCode(200)
                .body("result.total", nullValue()).body("result.data", hasSize(2));
        fault(instance, Map.of("quirk", "data-keyed", "count", 1));
        given().header("X-Auth-Token", token).get(api + "/queues.json").then().statusCode(200)
                .body("result.data.'2000'.type", equalTo("out"));
    }

    @Test
    void shouldRejectInvalidFaults() {
        String instance = Sim.freshInstance(false);
        given().contentType(ContentType.JSON).body(Map.of("quirk", "nonsense"))
                .post("/_sim/instances/" + instance + "/faults").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("quirk"));
        given().contentType(ContentType.JSON).body(Map.of("status", 99))
                .post("/_sim/instances/" + instance + "/faults").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("ratio", 2, "status", 500))
                .post("/_sim/instances/" + instance + "/faults").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("endpoint", "queues"))
                .post("/_sim/instances/" + instance + "/faults").then().statusCode(400);
    }

    @Test
    void shouldClearJournal() {
        String instance = Sim.freshInstance(false);
        given().header("X-Auth-Token", "tok-a-" + instance).get(Sim.api(instance) + "/queues.json");
        given().get("/_sim/instances/" + instance + "/journal").then().body("$", hasSize(1))
                .body("[0].method", equalTo("GET"));
        given().delete("/_sim/instances/" + instance + "/journal").then().statusCode(204);
        given().get("/_sim/instances/" + instance + "/journal").then().body("$", hasSize(0));
    }

    private static void fault(String instance, Map<String, Object> body) {
        given().contentType(ContentType.JSON).body(body).post("/_sim/instances/" + instance + "/faults").then()
                .statusCode(201);
    }
}
