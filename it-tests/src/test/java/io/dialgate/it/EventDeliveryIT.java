package io.dialgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dialgate.testsupport.SimulatorControl;
import io.dialgate.testsupport.WebhookReceiver;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
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

    private static GatewayStack stack;

    @BeforeAll
    static void start() {
        stack = GatewayStack.start(Map.of("SIMULATOR_CALLS_RING_TIME", "300ms", "SIMULATOR_CALLS_TALK_TIME", "1s"));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static RequestSpecification as(String bearer) {
        return stack.as(bearer);
    }

    @Test
    void shouldDeliverEveryStateChangeAsSignedOrderedWebhooks() {
        SimulatorControl pbx = SimulatorControl.instance(stack.simulatorUrl(), "e2e-" + UUID.randomUUID().toString().substring(0, 6));
        pbx.addUser("agent", "pw", "tok-agent", List.of());
        pbx.addQueue("2000", "out");
        pbx.addQueue("1000", "in");
        pbx.addPause("lunch", null, false);
        String key = stack.tenant("e2e");
        String host = stack.pbxHost(key, pbx.pbxUrl());
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            String secret = as(key).body(Map.of("url", receiver.url(), "eventTypes", List.of(), "description", "e2e"))
                    .post("/v1/webhooks").then().statusCode(201).extract().path("secret");
            String user = stack.polledUser(key, host, "agent", "tok-agent");

            as(key).body(Map.of("penalty", 0)).put("/v1/users/" + user + "/queues/2000").then().statusCode(200);
            GatewayStack.awaitTypes(receiver, "queue.login");
            as(key).body(Map.of("pause", "lunch")).put("/v1/users/" + user + "/pause").then().statusCode(200);
            GatewayStack.awaitTypes(receiver, "queue.login", "pause.started");
            as(key).delete("/v1/users/" + user + "/pause").then().statusCode(200);
            GatewayStack.awaitTypes(receiver, "queue.login", "pause.started", "pause.ended");
            as(key).header("Idempotency-Key", UUID.randomUUID().toString()).body(Map.of("number", "+420777888999", "queue", "2000"))
                    .post("/v1/users/" + user + "/calls").then().statusCode(201);
            GatewayStack.awaitTypes(receiver, "queue.login", "pause.started", "pause.ended", "call.ringing", "call.answered", "call.ended");
            String inbound = pbx.ring("agent", "+420111000111", "1000").path("id").asText();
            GatewayStack.awaitTypes(receiver, "queue.login", "pause.started", "pause.ended", "call.ringing", "call.answered", "call.ended",
                    "call.ringing");
            pbx.answer(inbound);
            pbx.hangup(inbound);
            List<WebhookReceiver.Received> all = GatewayStack.awaitTypes(receiver, "queue.login", "pause.started", "pause.ended",
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
}
