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
 * SMS and tickets end to end with the packaged apps: the gateway sends an SMS and creates, updates and
 * closes a ticket on the simulator, a customer's SMS arrives, and the poll loop's events reach a loopback
 * receiver signed and in order.
 */
class AgentSurfaceIT {

    private static final String OPERATOR = "it-operator-token-of-at-least-32-chars";
    private static final List<String> TYPES = List.of("sms.sent", "sms.received", "ticket.created", "ticket.updated",
            "ticket.closed");
    private static AppProcess simulator;
    private static AppProcess gateway;

    @BeforeAll
    static void start() {
        simulator = AppProcess.simulator(Map.of("SIMULATOR_SEED", "none"));
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
    void shouldSendSmsAndWorkATicketWithSignedEventsForEachStep() {
        SimulatorControl pbx = SimulatorControl.instance(simulator.baseUrl(), "as-" + UUID.randomUUID().toString().substring(0, 6));
        pbx.addUser("agent", "pw", "tok-agent", List.of());
        pbx.addQueue("3000", "sms");
        pbx.addTicketStatus("resolved", "Resolved");
        pbx.addTicketCategory(Map.of("name", "support", "title", "Support", "smsQueue", "3000",
                "statusRequired", "closing_ticket"));
        String key = as(OPERATOR).body(Map.of("name", "agent-surface")).post("/admin/tenants").then().statusCode(201)
                .extract().path("apiKey");
        String host = as(key).body(Map.of("name", "sim", "baseUrl", pbx.pbxUrl())).post("/v1/pbx-hosts").then().statusCode(201)
                .extract().path("id");
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            String secret = as(key).body(Map.of("url", receiver.url(), "eventTypes", TYPES, "description", "agent surface"))
                    .post("/v1/webhooks").then().statusCode(201).extract().path("secret");
            String user = as(key).body(Map.of("pbxHostId", host, "login", "agent", "accessToken", "tok-agent", "monitored", true))
                    .post("/v1/users").then().statusCode(201).extract().path("id");
            await("first snapshot").atMost(Duration.ofSeconds(20)).until(() ->
                    "polling".equals(as(key).get("/v1/users/" + user + "/state").then().extract().path("source")));

            as(key).put("/v1/users/" + user + "/queues/3000").then().statusCode(200);
            as(key).header("Idempotency-Key", UUID.randomUUID().toString())
                    .body(Map.of("number", "+420600111222", "text", "Your technician arrives at 10:30."))
                    .post("/v1/users/" + user + "/sms").then().statusCode(201);
            awaitTypes(receiver, "sms.sent");
            pbx.receiveSms("agent", "+420600111222", "Thanks!", "3000");
            awaitTypes(receiver, "sms.sent", "sms.received");

            String ticket = as(key).body(Map.of("title", "Router keeps rebooting", "category", "support"))
                    .post("/v1/users/" + user + "/tickets").then().statusCode(201).extract().path("id");
            awaitTypes(receiver, "sms.sent", "sms.received", "ticket.created");
            as(key).body(Map.of("priority", "HIGH")).patch("/v1/users/" + user + "/tickets/" + ticket).then().statusCode(200);
            awaitTypes(receiver, "sms.sent", "sms.received", "ticket.created", "ticket.updated");
            as(key).body(Map.of("stage", "CLOSE")).patch("/v1/users/" + user + "/tickets/" + ticket).then().statusCode(409);
            // No comment here: a comment changes the ticket too, and a poll between it and the close would see an update.
            as(key).body(Map.of("stage", "CLOSE", "statuses", List.of("resolved")))
                    .patch("/v1/users/" + user + "/tickets/" + ticket).then().statusCode(200);
            List<WebhookReceiver.Received> all = awaitTypes(receiver, "sms.sent", "sms.received", "ticket.created",
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
