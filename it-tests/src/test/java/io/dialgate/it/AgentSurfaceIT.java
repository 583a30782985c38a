package io.dialgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialgate.testsupport.SimulatorControl;
import io.dialgate.testsupport.WebhookReceiver;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SMS and tickets end to end with the packaged apps: the gateway sends an SMS and creates, updates and
 * closes a ticket on the simulator, a customer's SMS arrives, and the poll loop's events reach a loopback
 * receiver signed and in order.
 */
class AgentSurfaceIT {

    private static final List<String> TYPES = List.of("sms.sent", "sms.received", "ticket.created", "ticket.updated",
            "ticket.closed");
    private static GatewayStack stack;

    @BeforeAll
    static void start() {
        stack = GatewayStack.start(Map.of());
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static RequestSpecification as(String bearer) {
        return stack.as(bearer);
    }

    @Test
    void shouldSendSmsAndWorkATicketWithSignedEventsForEachStep() {
        SimulatorControl pbx = SimulatorControl.instance(stack.simulatorUrl(), "as-" + UUID.randomUUID().toString().substring(0, 6));
        pbx.addUser("agent", "pw", "tok-agent", List.of());
        pbx.addQueue("3000", "sms");
        pbx.addTicketStatus("resolved", "Resolved");
        pbx.addTicketCategory(Map.of("name", "support", "title", "Support", "smsQueue", "3000",
                "statusRequired", "closing_ticket"));
        String key = stack.tenant("agent-surface");
        String host = stack.pbxHost(key, pbx.pbxUrl());
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            String secret = as(key).body(Map.of("url", receiver.url(), "eventTypes", TYPES, "description", "agent surface"))
                    .post("/v1/webhooks").then().statusCode(201).extract().path("secret");
            String user = stack.polledUser(key, host, "agent", "tok-agent");

            as(key).put("/v1/users/" + user + "/queues/3000").then().statusCode(200);
            as(key).header("Idempotency-Key", UUID.randomUUID().toString())
                    .body(Map.of("number", "+420600111222", "text", "Your technician arrives at 10:30."))
                    .post("/v1/users/" + user + "/sms").then().statusCode(201);
            GatewayStack.awaitTypes(receiver, "sms.sent");
            pbx.receiveSms("agent", "+420600111222", "Thanks!", "3000");
            GatewayStack.awaitTypes(receiver, "sms.sent", "sms.received");

            String ticket = as(key).body(Map.of("title", "Router keeps rebooting", "category", "support"))
                    .post("/v1/users/" + user + "/tickets").then().statusCode(201).extract().path("id");
            GatewayStack.awaitTypes(receiver, "sms.sent", "sms.received", "ticket.created");
            as(key).body(Map.of("priority", "HIGH")).patch("/v1/users/" + user + "/tickets/" + ticket).then().statusCode(200);
            GatewayStack.awaitTypes(receiver, "sms.sent", "sms.received", "ticket.created", "ticket.updated");
            as(key).body(Map.of("stage", "CLOSE")).patch("/v1/users/" + user + "/tickets/" + ticket).then().statusCode(409);
            // No comment here: a comment changes the ticket too, and a poll between it and the close would see an update.
            as(key).body(Map.of("stage", "CLOSE", "statuses", List.of("resolved")))
                    .patch("/v1/users/" + user + "/tickets/" + ticket).then().statusCode(200);
            List<WebhookReceiver.Received> all = GatewayStack.awaitTypes(receiver, "sms.sent", "sms.received", "ticket.created",
                    "ticket.updated", "ticket.closed");

            assertThat(all).allSatisfy(r -> assertThat(WebhookReceiver.signedWith(r, secret)).as(r.body()).isTrue());
            assertThat(all).extracting(WebhookReceiver.Received::id).doesNotHaveDuplicates();
            JsonPath received = JsonPath.from(byType(all, "sms.received").body());
            assertThat(received.getString("data.number")).isEqualTo("+420600111222");
            assertThat(received.getString("userId")).isEqualTo(user);
            JsonPath updated = JsonPath.from(byType(all, "ticket.updated").body());
            assertThat(updated.getString("data.ticket")).isEqualTo(ticket);
            assertThat(updated.getList("data.changed")).containsExactly("priority");
            assertThat(JsonPath.from(byType(all, "ticket.closed").body()).getString("data.stage")).isEqualTo("CLOSE");
        }
    }

    private static WebhookReceiver.Received byType(List<WebhookReceiver.Received> all, String type) {
        return all.stream().filter(r -> type.equals(JsonPath.from(r.body()).getString("type"))).findFirst().orElseThrow();
    }
}
