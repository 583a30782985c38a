package io.dialgate.gateway.actionhook;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.dialgate.gateway.EmbeddedPostgresResource;
import io.dialgate.gateway.SimulatorResource;
import io.dialgate.gateway.support.PbxFixture;
import io.dialgate.gateway.webhook.WebhookSigner;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(SimulatorResource.class)
class ActionHookTest {

    private static ValidatableResponse post(String url, String secret, String id, long timestamp, String body) {
        return given().header("webhook-id", id).header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", WebhookSigner.sign(secret, id, timestamp, body))
                .contentType("application/json").body(body).post(URI.create(url).getPath()).then();
    }

    @Test
    void shouldRunSignedCommandsOnce() {
        PbxFixture f = PbxFixture.create();
        String userId = f.registerAgent();
        var created = f.tenant.request().body(Map.of("userId", userId, "description", "CRM")).post("/v1/action-hooks")
                .then().statusCode(201).body("id", startsWith("ahk_")).body("secret", startsWith("whsec_"))
                .body("url", startsWith("http://localhost:8080/hooks/actions/ahk_")).extract();
        String url = created.path("url");
        String secret = created.path("secret");
        f.tenant.request().get("/v1/action-hooks/" + created.path("id")).then().statusCode(200).body("secret", nullValue());

        long now = Instant.now().getEpochSecond();
        String login = "{\"action\":\"queue.login\",\"queue\":\"2000\",\"penalty\":1}";
        post(url, secret, "msg_1", now, login).statusCode(200).body("action", equalTo("QUEUE_LOGIN"))
                .body("result.queues.find { it.name == '2000' }.loggedIn", equalTo(true));
        // The exact same signed message again is a replay.
        post(url, secret, "msg_1", now, login).statusCode(409).body("code", equalTo("replayed_message"));
        // The sender's retry (same id, new timestamp) gets the first answer, without running twice.
        f.pbx.clearJournal();
        post(url, secret, "msg_1", now + 1, login).statusCode(200).header("Idempotent-Replayed", "true");
        assertThat(f.pbx.journal()).isEmpty();

        post(url, secret, "msg_2", now, "{\"action\":\"pause.start\",\"pause\":\"lunch\"}").statusCode(200)
                .body("result.pause.name", equalTo("lunch"));
        post(url, secret, "msg_3", now, "{\"action\":\"pause.end\"}").statusCode(200);
        post(url, secret, "msg_4", now, "{\"action\":\"call\",\"number\":\"555\",\"queue\":\"2000\"}").statusCode(200)
                .body("result.name", startsWith("activities_"));
        post(url, secret, "msg_5", now, "{\"action\":\"queue.logout\",\"queue\":\"2000\"}").statusCode(200);
    }

    @Test
    void shouldSendSmsCreateTicketsAndHangUpThroughSignedCommands() {
        PbxFixture f = PbxFixture.create();
        f.pbx.addQueue("3000", "sms");
        f.pbx.addTicketCategory(Map.of("name", "support", "title", "Support"));
        String userId = f.registerAgent();
        var created = f.tenant.request().body(Map.of("userId", userId)).post("/v1/action-hooks").then().statusCode(201).extract();
        String url = created.path("url");
        String secret = created.path("secret");
        long now = Instant.now().getEpochSecond();
        post(url, secret, "m_q", now, "{\"action\":\"queue.login\",\"queue\":\"3000\"}").statusCode(200);
        f.pbx.clearJournal();
        String sms = "{\"action\":\"sms.send\",\"number\":\"+420600111222\",\"text\":\"Hi\"}";
        String name = post(url, secret, "m_sms", now, sms).statusCode(200).body("action", equalTo("SMS_SEND"))
                .body("result.name", startsWith("dgsms_")).extract().path("result.name");
        post(url, secret, "m_sms", now + 1, sms).statusCode(200).header("Idempotent-Replayed", "true")
                .body("result.name", equalTo(name));
        assertThat(f.pbx.journal().stream().filter(e -> e.path("method").asText().equals("POST")).count()).isEqualTo(1);
        post(url, secret, "m_sms_bad", now, "{\"action\":\"sms.send\",\"number\":\"+420600111222\"}").statusCode(400)
                .body("errors[0].field", equalTo("text"));

        post(url, secret, "m_t", now, "{\"action\":\"ticket.create\",\"title\":\"From CRM\",\"category\":\"support\"}")
                .statusCode(200).body("result.title", equalTo("From CRM")).body("result.user", equalTo("agent"));
        post(url, secret, "m_t2", now, "{\"action\":\"ticket.create\",\"title\":\"x\",\"category\":\"nope\"}")
                .statusCode(400).body("errors[0].field", equalTo("category"));

        f.tenant.request().put("/v1/users/" + userId + "/queues/2000").then().statusCode(200);
        String call = post(url, secret, "m_c", now, "{\"action\":\"call\",\"number\":\"555\",\"queue\":\"2000\"}")
                .statusCode(200).extract().path("result.name");
        post(url, secret, "m_h", now, "{\"action\":\"call.hangup\",\"activity\":\"" + call + "\"}").statusCode(200)
                .body("result.action", equalTo("CLOSE"));
    }

    @Test
    void shouldRefuseBadStaleOrMissingSignatures() {
        PbxFixture f = PbxFixture.create();
        String userId = f.registerAgent();
        var created = f.tenant.request().body(Map.of("userId", userId)).post("/v1/action-hooks").then().statusCode(201).extract();
        String url = created.path("url");
        String secret = created.path("secret");
        String body = "{\"action\":\"pause.end\"}";
        long now = Instant.now().getEpochSecond();
        post(url, WebhookSigner.newSecret(), "m1", now, body).statusCode(401).body("detail", startsWith("webhook-signature"));
        post(url, secret, "m2", now - 400, body).statusCode(401).body("detail", startsWith("webhook-timestamp"));
        post(url, secret, "m3", now + 400, body).statusCode(401);
        given().contentType("application/json").body(body).post(URI.create(url).getPath()).then().statusCode(401);
        given().header("webhook-id", "m4").header("webhook-timestamp", Long.toString(now))
                .header("webhook-signature", WebhookSigner.sign(secret, "m4", now, body))
                .contentType("application/json").body(body + " ").post(URI.create(url).getPath()).then().statusCode(401);
        post(url.replace("ahk_", "ahk_x"), secret, "m5", now, body).statusCode(404);
    }

    @Test
    void shouldValidateCommands() {
        PbxFixture f = PbxFixture.create();
        String userId = f.registerAgent();
        var unbound = f.tenant.request().body(Map.of()).post("/v1/action-hooks").then().statusCode(201).extract();
        String url = unbound.path("url");
        String secret = unbound.path("secret");
        long now = Instant.now().getEpochSecond();
        post(url, secret, id(), now, "{\"action\":\"pause.end\"}").statusCode(400).body("errors[0].field", equalTo("userId"));
        post(url, secret, id(), now, "{\"action\":\"dance\",\"userId\":\"" + userId + "\"}").statusCode(400);
        post(url, secret, id(), now, "{\"action\":\"call\",\"userId\":\"" + userId + "\",\"queue\":\"2000\"}").statusCode(400)
                .body("errors[0].field", equalTo("number"));
        post(url, secret, id(), now, "not json").statusCode(400);
        post(url, secret, id(), now, "{\"action\":\"pause.end\",\"userId\":\"" + userId + "\",\"extra\":1}").statusCode(400);
        post(url, secret, id(), now, "{\"action\":\"pause.end\",\"userId\":\"usr_00000000000000000000000000\"}").statusCode(404);
        post(url, secret, id(), now, "{\"action\":\"pause.end\",\"userId\":\"" + userId + "\"}").statusCode(200);
    }

    @Test
    void shouldExplainBadCommandsByFieldWithoutClassNames() {
        PbxFixture f = PbxFixture.create();
        String userId = f.registerAgent();
        var hook = f.tenant.request().body(Map.of("userId", userId)).post("/v1/action-hooks").then().statusCode(201).extract();
        String url = hook.path("url");
        String secret = hook.path("secret");
        long now = Instant.now().getEpochSecond();
        Map<String, String> expectedDetails = Map.of(
                "{\"action\":\"dance\"}", "Field 'action' must be one of queue.login, queue.logout, pause.start, pause.end, call, call.hangup, sms.send, ticket.create",
                "{\"action\":\"queue.login\",\"queue\":\"2000\",\"penalty\":\"high\"}", "Field 'penalty' has the wrong type or format",
                "{\"action\":\"pause.end\",\"extra\":1}", "Unknown field 'extra'; see the API reference at /q/swagger-ui",
                "{\"action\":\"pause.end\",\"action\":\"call\"}", "Field 'action' appears more than once",
                "{\"action\":\"pause.start\",\"pause\":\"a\\u0000\"}", "Invalid pause: must not contain control characters",
                "[1]", "Malformed body: the body is not the expected JSON object",
                "not json", "The body is not valid JSON");
        expectedDetails.forEach((body, detail) -> {
            String problem = post(url, secret, id(), now, body).statusCode(400).contentType("application/problem+json")
                    .body("detail", equalTo(detail)).extract().asString();
            assertThat(problem).as(body).doesNotContainPattern("\\b[a-z]+(\\.[a-z0-9]+)+\\.[A-Z]\\w+")
                    .doesNotContain("Exception").doesNotContain("$").doesNotContain("`");
        });
    }

    private static String id() {
        return "msg_" + UUID.randomUUID();
    }

    @Test
    void shouldRunNothingForASuspendedTenant() {
        PbxFixture f = PbxFixture.create();
        String userId = f.registerAgent();
        var created = f.tenant.request().body(Map.of("userId", userId)).post("/v1/action-hooks").then().statusCode(201).extract();
        io.dialgate.gateway.support.Api.operator().body(Map.of("suspended", true)).patch("/admin/tenants/" + f.tenant.id())
                .then().statusCode(200);
        f.pbx.clearJournal();
        long now = Instant.now().getEpochSecond();
        post(created.path("url"), created.path("secret"), "sus_1", now, "{\"action\":\"queue.login\",\"queue\":\"2000\"}")
                .statusCode(403).contentType("application/problem+json").body("code", equalTo("tenant_suspended"));
        assertThat(f.pbx.journal()).as("no PBX command for a suspended tenant").isEmpty();
    }

    @Test
    void shouldAcceptTimestampsOnlyAsPlainDigitsSoAReplayCannotBeRespelled() {
        PbxFixture f = PbxFixture.create();
        String userId = f.registerAgent();
        var created = f.tenant.request().body(Map.of("userId", userId)).post("/v1/action-hooks").then().statusCode(201).extract();
        String url = created.path("url");
        String secret = created.path("secret");
        String body = "{\"action\":\"pause.end\"}";
        long now = Instant.now().getEpochSecond();
        String signature = WebhookSigner.sign(secret, "ts_1", now, body);
        post(url, secret, "ts_1", now, body).statusCode(200);
        // The same message, its timestamp spelled another way: refused, never taken for a new message.
        for (String respelled : java.util.List.of("+" + now, "0" + now)) {
            given().header("webhook-id", "ts_1").header("webhook-timestamp", respelled).header("webhook-signature", signature)
                    .contentType("application/json").body(body).post(URI.create(url).getPath()).then().statusCode(401)
                    .body("detail", org.hamcrest.Matchers.containsString("plain digits"));
        }
    }
}
