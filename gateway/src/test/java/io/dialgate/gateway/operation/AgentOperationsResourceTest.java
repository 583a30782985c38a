package io.dialgate.gateway.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.dialgate.gateway.EmbeddedPostgresResource;
import io.dialgate.gateway.SimulatorResource;
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
class AgentOperationsResourceTest {

    @Test
    void shouldLogInToAndOutOfAQueue() {
        PbxFixture f = PbxFixture.create();
        String id = f.registerAgent();
        f.tenant.request().body(Map.of("penalty", 3)).put("/v1/users/" + id + "/queues/2000").then().statusCode(200)
                .body("userId", equalTo(id))
                .body("queues.find { it.name == '2000' }.loggedIn", equalTo(true))
                .body("queues.find { it.name == '2000' }.penalty", equalTo(3));
        f.tenant.request().delete("/v1/users/" + id + "/queues/2000").then().statusCode(200)
                .body("queues.find { it.name == '2000' }.loggedIn", equalTo(false));
    }

    @Test
    void shouldPassOnThePbxRefusalOfAnUnknownQueue() {
        PbxFixture f = PbxFixture.create();
        String id = f.registerAgent();
        f.tenant.request().put("/v1/users/" + id + "/queues/9999").then().statusCode(422)
                .contentType("application/problem+json").body("code", equalTo("pbx_rejected"))
                .body("detail", startsWith("The PBX refused the queue login"));
        f.tenant.request().put("/v1/users/" + id + "/queues/bad%20name").then().statusCode(400);
        f.tenant.request().body(Map.of("penalty", -1)).put("/v1/users/" + id + "/queues/2000").then().statusCode(400)
                .body("errors[0].field", equalTo("penalty"));
    }

    @Test
    void shouldStartAndEndAPause() {
        PbxFixture f = PbxFixture.create();
        String id = f.registerAgent();
        f.tenant.request().body(Map.of("pause", "lunch")).put("/v1/users/" + id + "/pause").then().statusCode(200)
                .body("pause.name", equalTo("lunch"));
        f.tenant.request().get("/v1/users/" + id + "/state").then().statusCode(200).body("pause.name", equalTo("lunch"));
        f.tenant.request().delete("/v1/users/" + id + "/pause").then().statusCode(200).body("pause", nullValue());
        f.tenant.request().body(Map.of()).put("/v1/users/" + id + "/pause").then().statusCode(400)
                .body("errors[0].field", equalTo("pause"));
    }

    @Test
    void shouldDialThroughAnOutboundQueue() {
        PbxFixture f = PbxFixture.create();
        String id = f.registerAgent();
        f.tenant.request().put("/v1/users/" + id + "/queues/2000").then().statusCode(200);
        f.tenant.request().body(Map.of("number", "+420123456789", "queue", "2000")).post("/v1/users/" + id + "/calls")
                .then().statusCode(201).body("activity", startsWith("activities_")).body("number", equalTo("+420123456789"))
                .body("callId", notNullValue());
        f.tenant.request().get("/v1/users/" + id + "/state").then().statusCode(200)
                .body("calls.queue", hasItem("2000")).body("hash", notNullValue());
    }

    @Test
    void shouldRefuseACallWithoutTheQueueLogin() {
        PbxFixture f = PbxFixture.create();
        String id = f.registerAgent();
        f.tenant.request().body(Map.of("number", "123", "queue", "2000")).post("/v1/users/" + id + "/calls")
                .then().statusCode(422).body("code", equalTo("pbx_rejected"));
        f.tenant.request().body(Map.of("number", "abc", "queue", "2000")).post("/v1/users/" + id + "/calls")
                .then().statusCode(400).body("errors[0].field", equalTo("number"));
    }

    @Test
    void shouldNeverDialTwiceForOneIdempotencyKey() throws Exception {
        PbxFixture f = PbxFixture.create();
        String id = f.registerAgent();
        f.tenant.request().put("/v1/users/" + id + "/queues/2000").then().statusCode(200);
        f.pbx.clearJournal();
        String key = UUID.randomUUID().toString();
        Map<String, String> body = Map.of("number", "777", "queue", "2000");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<ExtractableResponse<Response>>> results = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Callable<ExtractableResponse<Response>> call = () -> f.tenant.request().header("Idempotency-Key", key).body(body)
                    .post("/v1/users/" + id + "/calls").then().extract();
            results.add(pool.submit(call));
        }
        List<String> activities = new ArrayList<>();
        for (Future<ExtractableResponse<Response>> r : results) {
            assertThat(r.get().statusCode()).isEqualTo(201);
            activities.add(r.get().path("activity"));
        }
        pool.shutdown();
        assertThat(activities).containsOnly(activities.get(0));
        long creations = f.pbx.journal().stream()
                .filter(e -> e.path("method").asText().equals("POST") && e.path("path").asText().endsWith("activities.json"))
                .count();
        assertThat(creations).isEqualTo(1);
        f.tenant.request().header("Idempotency-Key", key).body(body).post("/v1/users/" + id + "/calls")
                .then().statusCode(201).header("Idempotent-Replayed", "true").body("activity", equalTo(activities.get(0)));
        f.tenant.request().header("Idempotency-Key", key).body(Map.of("number", "778", "queue", "2000"))
                .post("/v1/users/" + id + "/calls").then().statusCode(422).body("code", equalTo("idempotency_key_reused"));
    }

    @Test
    void shouldMarkTheTokenInvalidWhenThePbxRefusesIt() {
        PbxFixture f = PbxFixture.create();
        String id = f.registerAgent();
        f.pbx.setToken("agent", null);
        f.tenant.request().put("/v1/users/" + id + "/queues/2000").then().statusCode(422).body("code", equalTo("token_invalid"));
        f.tenant.request().get("/v1/users/" + id).then().body("tokenStatus", equalTo("invalid"));
        f.pbx.clearJournal();
        f.tenant.request().put("/v1/users/" + id + "/queues/2000").then().statusCode(422).body("code", equalTo("token_invalid"));
        assertThat(f.pbx.journal()).as("no request reaches the PBX with a known-bad token").isEmpty();
    }

    @Test
    void shouldActOnTheUserAsItIsNowAfterEachChange() {
        PbxFixture f = PbxFixture.create();
        String id = f.registerAgent();
        f.tenant.request().put("/v1/users/" + id + "/queues/2000").then().statusCode(200); // now cached on this replica

        // A replaced token is used by the very next operation (the old one no longer works), not after the cache's expiry.
        String fresh = "tok-fresh-" + UUID.randomUUID();
        f.pbx.setToken("agent", fresh);
        f.tenant.request().body(Map.of("accessToken", fresh)).patch("/v1/users/" + id).then().statusCode(200);
        f.tenant.request().delete("/v1/users/" + id + "/queues/2000").then().statusCode(200);

        // A deleted user is gone at once.
        f.tenant.request().delete("/v1/users/" + id).then().statusCode(204);
        f.tenant.request().put("/v1/users/" + id + "/queues/2000").then().statusCode(404);

        // So are the users of a deleted PBX host.
        String again = f.tenant.request().body(Map.of("pbxHostId", f.hostId, "login", "agent", "accessToken", fresh))
                .post("/v1/users").then().statusCode(201).extract().path("id");
        f.tenant.request().put("/v1/users/" + again + "/queues/2000").then().statusCode(200);
        f.tenant.request().delete("/v1/pbx-hosts/" + f.hostId).then().statusCode(204);
        f.tenant.request().put("/v1/users/" + again + "/queues/2000").then().statusCode(404);
    }

    @Test
    void shouldMapPbxFailuresTo502And504() {
        PbxFixture f = PbxFixture.create();
        String id = f.registerAgent();
        f.pbx.fault(Map.of("endpoint", "usersSession", "status", 503, "count", 10));
        f.tenant.request().put("/v1/users/" + id + "/queues/2000").then().statusCode(502).body("code", equalTo("pbx_unavailable"));
        f.pbx.clearFaults();
        f.pbx.fault(Map.of("endpoint", "usersSession", "latencyMs", 3000, "count", 1));
        f.tenant.request().put("/v1/users/" + id + "/queues/2000").then().statusCode(504).body("code", equalTo("pbx_timeout"));
        f.pbx.clearFaults();
        f.pbx.fault(Map.of("endpoint", "usersSession", "status", 429, "retryAfter", 1, "count", 10));
        f.tenant.request().put("/v1/users/" + id + "/queues/2000").then().statusCode(429).header("Retry-After", notNullValue());
    }

    @Test
    void shouldAnswer404ForUnknownUsers() {
        PbxFixture f = PbxFixture.create();
        f.tenant.request().put("/v1/users/usr_00000000000000000000000000/queues/2000").then().statusCode(404);
        f.tenant.request().get("/v1/users/nope/state").then().statusCode(404);
    }
}
