package io.dialgate.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dialgate.testsupport.AppProcess;
import io.dialgate.testsupport.SimulatorControl;
import io.dialgate.testsupport.WebhookReceiver;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
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
 * The whole path with the packaged apps: the simulator's state changes, the gateway's poll loop
 * turns them into events, and the dispatcher delivers them, signed, in order, to a real receiver.
 */
class EventDeliveryIT {

    private static final String OPERATOR = "it-operator-token-of-at-least-32-chars";
    private static AppProcess simulator;
    private static AppProcess gateway;

    @BeforeAll
    static void start() {
        simulator = AppProcess.simulator(Map.of("SIMULATOR_SEED", "none", "SIMULATOR_CALLS_RING_TIME", "300ms",
                "SIMULATOR_CALLS_TALK_TIME", "1s"));
        gateway = AppProcess.gateway(Map.of("DIALGATE_ADMIN_TOKEN", OPERATOR,
                "DIALGATE_CRYPTO_KEYS", "it:" + Base64.getEncoder().encodeToString(new byte[32]),
                "DIALGATE_WEBHOOK_ALLOW_PRIVATE_URLS", "true"));
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
    void shouldDeliverEveryStateChangeAsSignedOrderedWebhooks() {
        SimulatorControl pbx = SimulatorControl.instance(simulator.baseUrl(), "e2e-" + UUID.randomUUID().toString().substring(0, 6));
        pbx.addUser("agent", "pw", "tok-agent", List.of());
        pbx.addQueue("2000", "out");
        pbx.addQueue("1000", "in");
        pbx.addPause("lunch", null, false);
        String key = as(OPERATOR).body(Map.of("name", "e2e")).post("/admin/tenants").then().statusCode(201).extract().path("apiKey");
        String host = as(key).body(Map.of("name", "sim", "baseUrl", pbx.pbxUrl())).post("/v1/pbx-hosts").then().statusCode(201)
                .extract().path("id");
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            String secret = as(key).body(Map.of("url", receiver.url(), "eventTypes", List.of(), "description", "e2e"))
                    .post("/v1/webhooks").then().statusCode(201).extract().path("secret");
            String user = as(key).body(Map.of("pbxHostId", host, "login", "agent", "accessToken", "tok-agent", "monitored", true))
                    .post("/v1/users").then().statusCode(201).extract().path("id");
            await("first snapshot").atMost(Duration.ofSeconds(20)).until(() ->
                    "polling".equals(as(key).get("/v1/users/" + user + "/state").then().extract().path("source")));

            as(key).body(Map.of("penalty", 0)).put("/v1/users/" + user + "/queues/2000").then().statusCode(200);
            awaitTypes(receiver, "queue.login");
            as(key).body(Map.of("pause", "lunch")).put("/v1/users/" + user + "/pause").then().statusCode(200);
            awaitTypes(receiver, "queue.login", "pause.started");
            as(key).delete("/v1/users/" + user + "/pause").then().statusCode(200);
            awaitTypes(receiver, "queue.login", "pause.started", "pause.ended");
            as(key).header("Idempotency-Key", UUID.randomUUID().toString()).body(Map.of("number", "+420777888999", "queue", "2000"))
                    .post("/v1/users/" + user + "/calls").then().statusCode(201);
            awaitTypes(receiver, "queue.login", "pause.started", "pause.ended", "call.ringing", "call.answered", "call.ended");
            String inbound = pbx.ring("agent", "+420111000111", "1000").path("id").asText();
            awaitTypes(receiver, "queue.login", "pause.started", "pause.ended", "call.ringing", "call.answered", "call.ended",
                    "call.ringing");
            pbx.answer(inbound);
            pbx.hangup(inbound);
            List<WebhookReceiver.Received> all = awaitTypes(receiver, "queue.login", "pause.started", "pause.ended",
                    "call.ringing", "call.answered", "call.ended", "call.ringing", "call.answered", "call.ended");

            assertThat(all).allSatisfy(r -> assertThat(WebhookReceiver.signedWith(r, secret)).as(r.body()).isTrue());
            assertThat(all).extracting(r -> JsonPath.from(r.body()).getLong("sequence")).isSorted().doesNotHaveDuplicates();
            assertThat(all).extracting(WebhookReceiver.Received::id).doesNotHaveDuplicates();
            JsonPath inboundRinging = JsonPath.from(all.get(6).body());
            assertThat(inboundRinging.getString("data.direction")).isEqualTo("in");
            assertThat(inboundRinging.getString("data.clid")).isEqualTo("+420111000111");
            assertThat(inboundRinging.getString("userId")).isEqualTo(user);

            // A receiver that fails, then recovers, still gets the event (retried on the schedule).
            receiver.answerWith(500);
            as(key).body(Map.of("pause", "lunch")).put("/v1/users/" + user + "/pause").then().statusCode(200);
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received().size() > all.size());
            receiver.answerWith(204);
            await("redelivery after recovery").atMost(Duration.ofSeconds(30)).until(() -> receiver.received().stream()
                    .filter(r -> r.body().contains("\"pause.started\"")).count() >= 3);
            String webhookId = as(key).get("/v1/webhooks").then().statusCode(200).extract().path("data[0].id");
            await().atMost(Duration.ofSeconds(10)).until(() -> as(key).get("/v1/webhooks/" + webhookId + "/deliveries")
                    .then().extract().jsonPath().getList("data.state").stream().allMatch("delivered"::equals));
        }
    }

    private static List<WebhookReceiver.Received> awaitTypes(WebhookReceiver receiver, String... types) {
        await("events " + List.of(types)).atMost(Duration.ofSeconds(30)).until(() -> receivedTypes(receiver).equals(List.of(types)));
        return receiver.received();
    }

    private static List<String> receivedTypes(WebhookReceiver receiver) {
        return receiver.received().stream()
                .sorted(java.util.Comparator.comparingLong(r -> JsonPath.from(r.body()).getLong("sequence")))
                .map(r -> JsonPath.from(r.body()).getString("type")).toList();
    }
}
