package io.dialgate.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dialgate.testsupport.AppProcess;
import io.dialgate.testsupport.SimulatorControl;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A user registered with a password on a PBX whose tokens expire within seconds stays usable across a gateway
 * crash: the gateway stores each renewed token pair, and the restarted process resumes the session from it. The
 * PBX retires an access token when its refresh token is spent, so without the stored pair the restarted gateway
 * would hold only dead tokens and mark the user's token invalid.
 */
class ExpiringTokensRestartIT {

    private static final String OPERATOR = "it-operator-token-of-at-least-32-chars";
    private static final int TOKEN_LIFETIME_SECONDS = 6;
    private static AppProcess simulator;
    private static AppProcess gateway;
    private static Map<String, String> gatewayEnv;

    @BeforeAll
    static void start() throws Exception {
        simulator = AppProcess.simulator(Map.of("SIMULATOR_SEED", "none", "SIMULATOR_PULL_HOLD", "2s"));
        gatewayEnv = new HashMap<>(Map.of("DIALGATE_ADMIN_TOKEN", OPERATOR,
                "DIALGATE_CRYPTO_KEYS", "it:" + Base64.getEncoder().encodeToString(new byte[32]),
                // The restarted process takes over the crashed one's lease once it runs out.
                "DIALGATE_POLLING_LEASE", "6s"));
        // Absolute: each gateway process runs in a work folder of its own, where a relative path would name a new,
        // empty database for the restarted one.
        Path data = Files.createTempDirectory(Files.createDirectories(Path.of("target/it-work").toAbsolutePath()), "restart-data-");
        gatewayEnv.put("DIALGATE_DATA_DIR", data.toString());
        gateway = AppProcess.gateway(gatewayEnv);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        simulator.close();
    }

    private static RequestSpecification as(String bearer) {
        return given().baseUri(gateway.baseUrl()).header("Authorization", "Bearer " + bearer).contentType(ContentType.JSON);
    }

    @Test
    void shouldResumeTheStoredTokenSessionAfterAKill9() {
        String name = "rst-" + UUID.randomUUID().toString().substring(0, 6);
        SimulatorControl pbx = SimulatorControl.instance(simulator.baseUrl(), name);
        given().baseUri(simulator.baseUrl()).contentType(ContentType.JSON)
                .body(Map.of("name", name, "tokenLifetimeSeconds", TOKEN_LIFETIME_SECONDS))
                .post("/_sim/instances").then().statusCode(200);
        pbx.addUser("agent", "agent-pw", "static-token-unused-" + name, List.of());
        pbx.addQueue("2000", "out");
        pbx.addQueue("3000", "out");

        String key = as(OPERATOR).body(Map.of("name", name)).post("/admin/tenants").then().statusCode(201).extract().path("apiKey");
        String host = as(key).body(Map.of("name", "sim", "baseUrl", pbx.pbxUrl())).post("/v1/pbx-hosts").then().statusCode(201)
                .extract().path("id");
        String user = as(key).body(Map.of("pbxHostId", host, "login", "agent", "password", "agent-pw", "monitored", true))
                .post("/v1/users").then().statusCode(201).extract().path("id");
        await("first snapshot").atMost(Duration.ofSeconds(30)).until(() ->
                "polling".equals(as(key).get("/v1/users/" + user + "/state").then().extract().path("source")));
        as(key).body(Map.of("penalty", 0)).put("/v1/users/" + user + "/queues/2000").then().statusCode(200);
        await("queue login seen before the crash").atMost(Duration.ofSeconds(20)).until(() -> events(key, user, "queue.login") == 1);

        // Let the running gateway renew the token (the registration's token is then retired by the PBX).
        await("renewed while polling").atMost(Duration.ofSeconds(40)).until(() -> renewals(pbx) >= 2);
        // Renewals come half a lifetime apart; crash in the middle of one such gap, after the last pair was stored.
        long before = renewals(pbx);
        await("a fresh renewal").atMost(Duration.ofSeconds(20)).until(() -> renewals(pbx) > before);
        await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> true);
        gateway.kill();

        // Down for longer than a token lives: every access token the dead process held has expired by now.
        long atCrash = renewals(pbx);
        await().pollDelay(Duration.ofSeconds(TOKEN_LIFETIME_SECONDS + 1)).atMost(Duration.ofSeconds(20)).until(() -> true);
        assertThat(renewals(pbx)).isEqualTo(atCrash);
        gateway = AppProcess.gateway(gatewayEnv);

        // The new process renews from the stored refresh token, polls, and operates as the user.
        await("renewed after the restart").atMost(Duration.ofSeconds(60)).until(() -> renewals(pbx) > atCrash);
        as(key).body(Map.of("penalty", 0)).put("/v1/users/" + user + "/queues/3000").then().statusCode(200);
        await("queue login seen after the restart").atMost(Duration.ofSeconds(40)).until(() -> Boolean.TRUE.equals(
                as(key).get("/v1/users/" + user + "/state").then().extract()
                        .path("queues.find { it.name == '3000' }.loggedIn")));
        await("its event delivered").atMost(Duration.ofSeconds(20)).until(() -> events(key, user, "queue.login") == 2);
        // And keeps going past the next expiry.
        long afterRestart = renewals(pbx);
        await("renewed again").atMost(Duration.ofSeconds(40)).until(() -> renewals(pbx) > afterRestart);
        as(key).delete("/v1/users/" + user + "/queues/3000").then().statusCode(200);
        await("queue logout seen").atMost(Duration.ofSeconds(20)).until(() -> events(key, user, "queue.logout") == 1);

        assertThat(events(key, user, "user.token_invalid")).isZero();
        as(key).get("/v1/users/" + user).then().statusCode(200).body("tokenStatus", org.hamcrest.Matchers.equalTo("valid"));
        assertThat(pbx.journal()).filteredOn(e -> "login".equals(e.path("endpoint").asText()))
                .allSatisfy(e -> assertThat(e.path("status").asInt()).isEqualTo(200));
    }

    private static int events(String key, String user, String type) {
        List<?> data = as(key).queryParam("type", type).queryParam("userId", user).queryParam("limit", 100)
                .get("/v1/events").then().statusCode(200).extract().path("data");
        return data.size();
    }

    private static long renewals(SimulatorControl pbx) {
        return pbx.journal().stream()
                .filter(e -> "login".equals(e.path("endpoint").asText()) && "PUT".equals(e.path("method").asText())
                        && e.path("status").asInt() == 200)
                .count();
    }
}
