package io.dialgate.gateway.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.dialgate.gateway.EmbeddedPostgresResource;
import io.dialgate.gateway.SimulatorResource;
import io.dialgate.gateway.support.Api;
import io.dialgate.gateway.support.PbxFixture;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(SimulatorResource.class)
class SmsResourceTest {

    private static PbxFixture fixture() {
        PbxFixture f = PbxFixture.create();
        f.pbx.addQueue("3000", "sms");
        return f;
    }

    private static long smsCreations(PbxFixture f) {
        return f.pbx.journal().stream().filter(e -> e.path("method").asText().equals("POST")
                && e.path("path").asText().endsWith("activities.json")).count();
    }

    @Test
    void shouldSendAnSmsThroughTheOnlySmsQueue() {
        PbxFixture f = fixture();
        String id = f.registerAgent();
        f.tenant.request().put("/v1/users/" + id + "/queues/3000").then().statusCode(200);
        f.tenant.request().body(Map.of("number", "+420600111222", "text", "Your technician arrives at 10:30."))
                .post("/v1/users/" + id + "/sms").then().statusCode(201)
                .body("activity", startsWith("activities_")).body("queue", equalTo("3000"))
                .body("number", equalTo("+420600111222")).body("text", equalTo("Your technician arrives at 10:30."));
    }

    @Test
    void shouldRefuseBadInputWithoutReachingThePbx() {
        PbxFixture f = fixture();
        String id = f.registerAgent();
        f.tenant.request().put("/v1/users/" + id + "/queues/3000").then().statusCode(200);
        f.tenant.request().body(Map.of("number", "+420600", "text", "x", "queue", "3000")).post("/v1/users/" + id + "/sms");
        f.pbx.clearJournal();
        f.tenant.request().body(Map.of("number", "call me", "text", "x")).post("/v1/users/" + id + "/sms").then()
                .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("number"));
        f.tenant.request().body(Map.of("number", "+420600111222", "text", "")).post("/v1/users/" + id + "/sms").then()
                .statusCode(400).body("errors[0].field", equalTo("text"));
        f.tenant.request().body(Map.of("number", "+420600111222", "text", "x", "queue", "2000"))
                .post("/v1/users/" + id + "/sms").then().statusCode(422).body("code", equalTo("not_sms_queue"))
                .body("detail", containsString("SMS queues: 3000"));
        assertThat(smsCreations(f)).as("nothing sent to the PBX").isZero();
        f.tenant.request().body(Map.of("number", "+420600111222", "text", "x", "queue", "3000", "extra", 1))
                .post("/v1/users/" + id + "/sms").then().statusCode(400);
    }

    @Test
    void shouldPassOnThePbxRefusalWhenNotLoggedInToTheSmsQueue() {
        PbxFixture f = fixture();
        String id = f.registerAgent();
        f.tenant.request().body(Map.of("number", "+420600111222", "text", "x", "queue", "3000"))
                .post("/v1/users/" + id + "/sms").then().statusCode(422).body("code", equalTo("pbx_rejected"))
                .body("detail", containsString("not logged in to queue '3000'"));
    }

    @Test
    void shouldSendForAnotherLoginOnlyWithRightsOverIt() {
        PbxFixture f = fixture();
        String agentId = f.registerAgent();
        f.tenant.request().put("/v1/users/" + agentId + "/queues/3000").then().statusCode(200);
        String bossToken = "tok-boss2-" + UUID.randomUUID();
        f.pbx.addUser("boss2", "pw", bossToken, List.of("agent"));
        f.pbx.addUser("loner", "pw", "tok-loner-" + UUID.randomUUID(), List.of());
        String bossId = f.tenant.request().body(Map.of("pbxHostId", f.hostId, "login", "boss2", "accessToken", bossToken,
                "monitored", false)).post("/v1/users").then().statusCode(201).extract().path("id");
        f.tenant.request().body(Map.of("number", "+420600111222", "text", "x", "queue", "3000", "forLogin", "agent"))
                .post("/v1/users/" + bossId + "/sms").then().statusCode(201).body("forLogin", equalTo("agent"));
        f.tenant.request().body(Map.of("number", "+420600111222", "text", "x", "queue", "3000", "forLogin", "loner"))
                .post("/v1/users/" + bossId + "/sms").then().statusCode(403).body("code", equalTo("no_rights_over_login"))
                .body("detail", containsString(bossId)).body("detail", containsString("loner"));
    }

    @Test
    void shouldNeverSendTwiceForOneIdempotencyKeyEvenWhenRetriedConcurrently() throws Exception {
        PbxFixture f = fixture();
        String id = f.registerAgent();
        f.tenant.request().put("/v1/users/" + id + "/queues/3000").then().statusCode(200);
        f.pbx.clearJournal();
        String key = UUID.randomUUID().toString();
        Map<String, String> body = Map.of("number", "+420600111222", "text", "Only once", "queue", "3000");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<ExtractableResponse<Response>>> results = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Callable<ExtractableResponse<Response>> call = () -> f.tenant.request().header("Idempotency-Key", key).body(body)
                    .post("/v1/users/" + id + "/sms").then().extract();
            results.add(pool.submit(call));
        }
        List<String> activities = new ArrayList<>();
        for (Future<ExtractableResponse<Response>> r : results) {
            assertThat(r.get().statusCode()).isEqualTo(201);
            activities.add(r.get().path("activity"));
        }
        pool.shutdown();
        assertThat(activities).containsOnly(activities.get(0));
        assertThat(activities.get(0)).startsWith("dgsms_");
        assertThat(smsCreations(f)).as("the PBX got the SMS once").isEqualTo(1);
        f.tenant.request().header("Idempotency-Key", key).body(body).post("/v1/users/" + id + "/sms").then()
                .statusCode(201).header("Idempotent-Replayed", "true").body("activity", equalTo(activities.get(0)));
    }

    @Test
    void shouldFindTheSmsOfALostAnswerByItsNameInsteadOfSendingAgain() {
        PbxFixture f = fixture();
        String id = f.registerAgent();
        f.tenant.request().put("/v1/users/" + id + "/queues/3000").then().statusCode(200);
        f.pbx.fault(Map.of("endpoint", "activities", "drop", true, "afterAction", true, "count", 1));
        f.pbx.clearJournal();
        String key = UUID.randomUUID().toString();
        Map<String, String> body = Map.of("number", "+420600111222", "text", "Lost answer", "queue", "3000");
        int first = f.tenant.request().header("Idempotency-Key", key).body(body).post("/v1/users/" + id + "/sms").then()
                .extract().statusCode();
        assertThat(first).isIn(502, 504);
        String activity = f.tenant.request().header("Idempotency-Key", key).body(body).post("/v1/users/" + id + "/sms")
                .then().statusCode(201).header("Idempotent-Replayed", "true").extract().path("activity");
        assertThat(activity).isEqualTo(SmsService.activityName(tenantOf(f), id, key));
        assertThat(smsCreations(f)).isEqualTo(1);
    }

    @Test
    void shouldNotLetAnotherTenantSendAsTheUser() {
        PbxFixture f = fixture();
        String id = f.registerAgent();
        Api.TestTenant other = Api.newTenant();
        other.request().body(Map.of("number", "+420600111222", "text", "x", "queue", "3000"))
                .post("/v1/users/" + id + "/sms").then().statusCode(404);
    }

    private static String tenantOf(PbxFixture f) {
        return f.tenant.id();
    }
}
