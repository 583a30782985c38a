package io.dialgate.it;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.dialgate.testsupport.AppProcess;
import io.dialgate.testsupport.WebhookReceiver;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The packaged simulator and gateway as end-to-end tests start them: the gateway with a known operator token, a
 * throw-away key and private webhook URLs allowed (the receivers listen on loopback), plus the steps every such
 * test takes first (a tenant, its PBX host, a polled user) and the wait for webhooks to arrive.
 */
final class GatewayStack implements AutoCloseable {

    static final String OPERATOR = "it-operator-token-of-at-least-32-chars";

    private final AppProcess simulator;
    private final AppProcess gateway;

    private GatewayStack(AppProcess simulator, AppProcess gateway) {
        this.simulator = simulator;
        this.gateway = gateway;
    }

    /** A simulator without seed data, with {@code simulatorSettings} (environment variables) on top. */
    static GatewayStack start(Map<String, String> simulatorSettings) {
        Map<String, String> simulatorEnv = new HashMap<>(Map.of("SIMULATOR_SEED", "none"));
        simulatorEnv.putAll(simulatorSettings);
        AppProcess simulator = AppProcess.simulator(simulatorEnv);
        try {
            AppProcess gateway = AppProcess.gateway(Map.of("DIALGATE_ADMIN_TOKEN", OPERATOR,
                    "DIALGATE_CRYPTO_KEYS", "it:" + Base64.getEncoder().encodeToString(new byte[32]),
                    "DIALGATE_WEBHOOK_ALLOW_PRIVATE_URLS", "true"));
            return new GatewayStack(simulator, gateway);
        } catch (RuntimeException e) {
            simulator.close();
            throw e;
        }
    }

    String simulatorUrl() {
        return simulator.baseUrl();
    }

    /** A request to the gateway with {@code bearer} (an API key or the operator token) and a JSON body type. */
    RequestSpecification as(String bearer) {
        return given().baseUri(gateway.baseUrl()).header("Authorization", "Bearer " + bearer).contentType(ContentType.JSON);
    }

    /** A new tenant's API key. */
    String tenant(String name) {
        return as(OPERATOR).body(Map.of("name", name)).post("/admin/tenants").then().statusCode(201).extract().path("apiKey");
    }

    /** A PBX host of the tenant, by id. */
    String pbxHost(String key, String pbxUrl) {
        return as(key).body(Map.of("name", "sim", "baseUrl", pbxUrl)).post("/v1/pbx-hosts").then().statusCode(201)
                .extract().path("id");
    }

    /** Registers a monitored user with its access token and waits for its first poll; returns its id. */
    String polledUser(String key, String hostId, String login, String accessToken) {
        String user = as(key).body(Map.of("pbxHostId", hostId, "login", login, "accessToken", accessToken, "monitored", true))
                .post("/v1/users").then().statusCode(201).extract().path("id");
        await("first snapshot").atMost(Duration.ofSeconds(20)).until(() ->
                "polling".equals(as(key).get("/v1/users/" + user + "/state").then().extract().path("source")));
        return user;
    }

    /** Waits until the receiver holds exactly these event types, in event order, and returns what it holds. */
    static List<WebhookReceiver.Received> awaitTypes(WebhookReceiver receiver, String... types) {
        await("events " + List.of(types)).atMost(Duration.ofSeconds(30)).until(() -> receivedTypes(receiver).equals(List.of(types)));
        return receiver.received();
    }

    private static List<String> receivedTypes(WebhookReceiver receiver) {
        return receiver.received().stream()
                .sorted(Comparator.comparingLong(r -> JsonPath.from(r.body()).getLong("sequence")))
                .map(r -> JsonPath.from(r.body()).getString("type")).toList();
    }

    @Override
    public void close() {
        gateway.close();
        simulator.close();
    }
}
