package io.dialgate.simulator.seed;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bundled YAML demo seed loads into instance default. */
@QuarkusTest
class DemoSeedTest {

    @Test
    void shouldLoadBundledYamlDemo() {
        given().header("X-Auth-Token", "demo-token-supervisor").get("/api/v6/pauses.json").then()
                .body("result.data.name", contains("lunch", "wrap", "dnd", "break"))
                .body("result.data.find { it.name == 'lunch' }.type", equalTo(null))
                .body("result.data.find { it.name == 'lunch' }.paid", equalTo(false));
        given().header("X-Auth-Token", "demo-token-supervisor").get("/api/v6/queues/1000.json").then()
                .body("result.type", equalTo("in"));
        given().contentType("application/json").body(Map.of("username", "agent2", "password", "agent2pw",
                "only_token", "1")).post("/api/v6/login.json").then().body("result", equalTo("demo-token-agent2"));
    }
}
