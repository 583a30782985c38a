package io.dialgate.simulator.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.nullValue;

import io.dialgate.simulator.Sim;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With {@code simulator.cors.allowed-origins} set, only the listed origins get CORS headers from an
 * instance that enables CORS; the default (every origin) is covered by {@link WireFeaturesTest}.
 */
@QuarkusTest
@TestProfile(CorsAllowListTest.Profile.class)
class CorsAllowListTest {

    /** Two allowed origins, the second written the way a person might type it. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("simulator.cors.allowed-origins", "https://app.example,HTTPS://Desk.Example:8443/");
        }
    }

    @Test
    void shouldReflectAListedOriginOnPreflightAndAnswer() {
        String instance = Sim.freshInstance(true);
        for (String origin : new String[] {"https://app.example", "https://desk.example:8443"}) {
            given().header("Origin", origin).header("Access-Control-Request-Method", "POST")
                    .options(Sim.api(instance) + "/usersSession.json").then().statusCode(204)
                    .header("Access-Control-Allow-Origin", origin)
                    .header("Access-Control-Allow-Credentials", "true")
                    .header("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS");
            given().header("Origin", origin).header("X-Auth-Token", "tok-a-" + instance)
                    .get(Sim.api(instance) + "/queues.json").then().statusCode(200)
                    .header("Access-Control-Allow-Origin", origin)
                    .header("Access-Control-Allow-Credentials", "true")
                    .header("Vary", "Origin");
        }
    }

    @Test
    void shouldSendNoCorsHeadersToAnOriginNotListed() {
        String instance = Sim.freshInstance(true);
        for (String origin : new String[] {"https://evil.example", "null", "http://app.example",
            "https://app.example.evil.example", "https://desk.example"}) {
            given().header("Origin", origin).header("Access-Control-Request-Method", "POST")
                    .options(Sim.api(instance) + "/usersSession.json").then().statusCode(204)
                    .header("Access-Control-Allow-Origin", nullValue())
                    .header("Access-Control-Allow-Credentials", nullValue())
                    .header("Access-Control-Allow-Methods", nullValue());
            given().header("Origin", origin).header("X-Auth-Token", "tok-a-" + instance)
                    .get(Sim.api(instance) + "/queues.json").then().statusCode(200)
                    .header("Access-Control-Allow-Origin", nullValue())
                    .header("Access-Control-Allow-Credentials", nullValue())
                    .header("Vary", "Origin");
        }
    }

    @Test
    void shouldSendNoCorsHeadersWhenTheInstanceHasCorsOffEvenForAListedOrigin() {
        String instance = Sim.freshInstance(false);
        given().header("Origin", "https://app.example").header("X-Auth-Token", "tok-a-" + instance)
                .get(Sim.api(instance) + "/queues.json").then().statusCode(200)
                .header("Access-Control-Allow-Origin", nullValue());
    }
}
