package io.dialgate.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dialgate.testsupport.AppProcess;
import io.dialgate.testsupport.SimulatorControl;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway against a PBX that answers as Daktela does (related records nested as objects, Daktela's field
 * names) and whose login tokens expire within seconds: its poll loop and its operations keep working past
 * several expiries, because the api-client renews the token the gateway got for the user's password.
 */
class ExpiringTokensNestedRecordsIT {

    private static final String OPERATOR = "it-operator-token-of-at-least-32-chars";
    private static final int TOKEN_LIFETIME_SECONDS = 3;
    private static AppProcess simulator;
    private static AppProcess gateway;

    @BeforeAll
    static void start() {
        simulator = AppProcess.simulator(Map.of("SIMULATOR_SEED", "none", "SIMULATOR_CALLS_RING_TIME", "300ms",
                "SIMULATOR_CALLS_TALK_TIME", "1s", "SIMULATOR_PULL_HOLD", "2s"));
        gateway = AppProcess.gateway(Map.of("DIALGATE_ADMIN_TOKEN", OPERATOR,
                "DIALGATE_CRYPTO_KEYS", "it:" + Base64.getEncoder().encodeToString(new byte[32])));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        simulator.close();
    }

    private static RequestSpecification as(String bearer) {
        return given().baseUri(gateway.baseUrl()).header("Authorization", "Bearer " + bearer).contentType(ContentType.JSON);
    }

    @Test
    void shouldKeepPollingAndOperatingPastTokenExpiries() {
        String name = "exp-" + UUID.randomUUID().toString().substring(0, 6);
        SimulatorControl pbx = SimulatorControl.instance(simulator.baseUrl(), name);
        given().baseUri(simulator.baseUrl()).contentType(ContentType.JSON)
                .body(Map.of("name", name, "relations", "nested", "tokenLifetimeSeconds", TOKEN_LIFETIME_SECONDS))
                .post("/_sim/instances").then().statusCode(200);
        pbx.addUser("agent", "agent-pw", "static-token-unused-" + name, List.of());
        pbx.addQueue("2000", "out");
        pbx.addPause("lunch", null, false);

        String key = as(OPERATOR).body(Map.of("name", name)).post("/admin/tenants").then().statusCode(201).extract().path("apiKey");
        String host = as(key).body(Map.of("name", "sim", "baseUrl", pbx.pbxUrl())).post("/v1/pbx-hosts").then().statusCode(201)
                .extract().path("id");
        // Registered with the password: the gateway trades it for a login token, which expires.
        String user = as(key).body(Map.of("pbxHostId", host, "login", "agent", "password", "agent-pw", "monitored", true))
                .post("/v1/users").then().statusCode(201).extract().path("id");
        await("first snapshot").atMost(Duration.ofSeconds(30)).until(() ->
                "polling".equals(as(key).get("/v1/users/" + user + "/state").then().extract().path("source")));

        // Outlive several token lifetimes while the poll loop runs (each held poll lasts the 2 s hold).
        long renewalsBefore = renewals(pbx);
        await("token renewed while polling").pollDelay(Duration.ofSeconds(TOKEN_LIFETIME_SECONDS * 2L))
                .atMost(Duration.ofSeconds(40)).until(() -> renewals(pbx) > renewalsBefore);

        as(key).body(Map.of("penalty", 0)).put("/v1/users/" + user + "/queues/2000").then().statusCode(200);
        await("queue login seen by the poll loop").atMost(Duration.ofSeconds(20)).until(() -> Boolean.TRUE.equals(
                as(key).get("/v1/users/" + user + "/state").then().extract()
                        .path("queues.find { it.name == '2000' }.loggedIn")));
        as(key).body(Map.of("pause", "lunch")).put("/v1/users/" + user + "/pause").then().statusCode(200);
        await("pause seen by the poll loop").atMost(Duration.ofSeconds(20)).until(() -> "lunch".equals(
                as(key).get("/v1/users/" + user + "/state").then().extract().path("pause.name")));
        as(key).delete("/v1/users/" + user + "/pause").then().statusCode(200);
        as(key).header("Idempotency-Key", UUID.randomUUID().toString()).body(Map.of("number", "+420777888999", "queue", "2000"))
                .post("/v1/users/" + user + "/calls").then().statusCode(201);

        // The PBX answered with nested records all along, and refused no request the gateway kept sending.
        given().baseUri(simulator.baseUrl()).header("X-Auth-Token", "static-token-unused-" + name)
                .get(pbx.pbxUrl().substring(simulator.baseUrl().length()) + "/api/v6/activities.json").then().statusCode(200)
                .body("result.data[0].user.name", org.hamcrest.Matchers.equalTo("agent"))
                .body("result.data[0].queue.name", org.hamcrest.Matchers.equalTo("2000"));
        assertThat(pbx.journal()).filteredOn(e -> e.path("status").asInt() == 401)
                .allSatisfy(e -> assertThat(e.path("endpoint").asText()).isNotEqualTo("login"));
        assertThat(as(key).get("/v1/users/" + user + "/state").then().statusCode(200).extract().<String>path("source"))
                .isEqualTo("polling");
    }

    private static long renewals(SimulatorControl pbx) {
        return pbx.journal().stream()
                .filter(e -> "login".equals(e.path("endpoint").asText()) && "PUT".equals(e.path("method").asText())
                        && e.path("status").asInt() == 200)
                .count();
    }
}
