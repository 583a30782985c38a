package io.dialgate.simulator.fidelity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.dialgate.simulator.Sim;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** An instance reached by its Host, as a client configured with only {@code https://acme.daktela.com} does. */
@QuarkusTest
class HostInstanceTest {

    @Test
    void shouldPickTheInstanceByTheHostHeader() {
        String instance = Sim.freshInstance(false);
        String token = "tok-a-" + instance;
        given().header("Host", instance + ".localhost").header("X-Auth-Token", token).get("/api/v6/whoim.json").then()
                .statusCode(200).body("result.user.name", equalTo("a"));
        given().header("Host", instance.toUpperCase() + ".LOCALHOST:8081").header("X-Auth-Token", token)
                .get("/api/v6/queues.json").then().statusCode(200).body("result.total", equalTo(2));
        given().header("Host", "nosuch.localhost").header("X-Auth-Token", token).get("/api/v6/queues.json").then()
                .statusCode(404).body("error[0]", equalTo("Unknown PBX instance 'nosuch'"));
        // The path still wins over the host.
        given().header("Host", "nosuch.localhost").header("X-Auth-Token", token).get(Sim.api(instance) + "/queues.json")
                .then().statusCode(200);
    }
}
