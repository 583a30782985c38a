package io.dialgate.simulator.fidelity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.dialgate.simulator.Sim;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The control API refuses faults that could never fire, journals what clients sent, and documents itself. */
@QuarkusTest
class ControlApiFidelityTest {

    String instance;
    String api;
    String tokenA;

    @BeforeEach
    void seed() {
        instance = Sim.freshInstance(false);
        api = Sim.api(instance);
        tokenA = "tok-a-" + instance;
    }

    @Test
    void shouldRefuseAFaultForAnUnknownEndpoint() {
        given().contentType(ContentType.JSON).body(Map.of("endpoint", "queuez", "status", 500))
                .post("/_sim/instances/" + instance + "/faults").then().statusCode(400)
                .body("detail", containsString("queuez"));
        given().contentType(ContentType.JSON).body(Map.of("endpoint", "queues.json", "status", 500))
                .post("/_sim/instances/" + instance + "/faults").then().statusCode(201);
    }

    @Test
    void shouldJournalTheQueryAndBodyWithSecretsMasked() {
        given().queryParam("accessToken", tokenA).queryParam("take", "5").get(api + "/queues.json").then().statusCode(200);
        given().get("/_sim/instances/" + instance + "/journal").then()
                .body("[-1].query", equalTo("accessToken=***&take=5"));
        given().contentType(ContentType.JSON).body(Map.of("username", "a", "password", "apw", "accessToken", tokenA))
                .post(api + "/login.json").then().statusCode(200);
        String journal = given().get("/_sim/instances/" + instance + "/journal").then()
                .body("[-1].body.username", equalTo("a")).body("[-1].body.password", equalTo("***"))
                .body("[-1].body.accessToken", equalTo("***")).extract().asString();
        org.assertj.core.api.Assertions.assertThat(journal).doesNotContain(tokenA).doesNotContain("apw");
    }

    @Test
    void shouldServeAnOpenApiDocumentOfTheControlApi() {
        given().accept("application/json").get("/_sim/openapi").then().statusCode(200)
                .body(containsString("/_sim/instances/{instance}/faults")).body(not(containsString("/api/v6")));
    }
}
