package io.dialgate.gateway.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dialgate.gateway.EmbeddedPostgresResource;
import io.dialgate.gateway.SimulatorResource;
import io.dialgate.gateway.common.Hashes;
import io.dialgate.gateway.support.PbxFixture;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A dial whose answer is lost after the PBX placed the call (a reset connection, a proxy's 502), or whose
 * gateway died mid-call, must never be dialled again by a retry with the same {@code Idempotency-Key}: the
 * retry answers with the call the PBX shows, or 409 when it shows none.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(SimulatorResource.class)
class LostAnswerIdempotencyTest {

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper json;

    @Test
    void shouldAnswerTheRetryWithTheCallPlacedWhenTheConnectionWasResetAfterTheDial() {
        shouldAnswerTheRetryWithThePlacedCall(Map.of("drop", true), 502);
    }

    @Test
    void shouldAnswerTheRetryWithTheCallPlacedWhenAProxyAnswered502AfterTheDial() {
        shouldAnswerTheRetryWithThePlacedCall(Map.of("quirk", "html-502"), 502);
    }

    private void shouldAnswerTheRetryWithThePlacedCall(Map<String, Object> lostAnswer, int firstStatus) {
        PbxFixture f = PbxFixture.create();
        String id = loggedInAgent(f);
        Map<String, Object> fault = new java.util.HashMap<>(lostAnswer);
        fault.putAll(Map.of("endpoint", "activities", "afterAction", true, "count", 1));
        f.pbx.fault(fault);
        String key = UUID.randomUUID().toString();
        Map<String, String> body = Map.of("number", "+420 777 000 111".replace(" ", ""), "queue", "2000");

        f.tenant.request().header("Idempotency-Key", key).body(body).post("/v1/users/" + id + "/calls")
                .then().statusCode(firstStatus).body("code", equalTo("pbx_unavailable"));
        String retried = f.tenant.request().header("Idempotency-Key", key).body(body).post("/v1/users/" + id + "/calls")
                .then().statusCode(201).header("Idempotent-Replayed", "true").extract().path("activity");

        assertThat(dials(f)).as("the PBX was asked to dial once").isEqualTo(1);
        assertThat(f.pbx.state().path("users").findValues("activities").toString()).contains(retried);
        f.tenant.request().header("Idempotency-Key", key).body(body).post("/v1/users/" + id + "/calls")
                .then().statusCode(201).body("activity", equalTo(retried));
        assertThat(dials(f)).isEqualTo(1);
    }

    @Test
    void shouldNeverDialAgainWhenTheRequestMayHaveArrivedButThePbxShowsNoCall() {
        PbxFixture f = PbxFixture.create();
        String id = loggedInAgent(f);
        // Dropped before the PBX acted: the gateway cannot tell this from a lost answer.
        f.pbx.fault(Map.of("endpoint", "activities", "drop", true, "count", 1));
        String key = UUID.randomUUID().toString();
        Map<String, String> body = Map.of("number", "777000222", "queue", "2000");

        f.tenant.request().header("Idempotency-Key", key).body(body).post("/v1/users/" + id + "/calls").then().statusCode(502);
        f.tenant.request().header("Idempotency-Key", key).body(body).post("/v1/users/" + id + "/calls")
                .then().statusCode(409).contentType("application/problem+json")
                .body("code", equalTo("idempotency_outcome_unknown"))
                .body("detail", containsString("It is not sent again with this key"));

        assertThat(dials(f)).as("only the first, dropped request reached the PBX").isEqualTo(1);
        // A new key is a new request.
        f.tenant.request().header("Idempotency-Key", UUID.randomUUID().toString()).body(body)
                .post("/v1/users/" + id + "/calls").then().statusCode(201);
        assertThat(dials(f)).isEqualTo(2);
    }

    @Test
    void shouldResolveAKeyLeftInProgressByACrashFromThePbxInsteadOfWaitingADay() throws Exception {
        PbxFixture f = PbxFixture.create();
        String id = loggedInAgent(f);
        String key = UUID.randomUUID().toString();
        Map<String, String> body = Map.of("number", "777000444", "queue", "2000");
        // A gateway claimed the key a minute ago, dialled, and died before it stored the answer.
        String hash = Hashes.sha256Hex(json.writeValueAsString(
                new AgentOperationsResource.CallRequest(body.get("number"), body.get("queue"), null)));
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                INSERT INTO idempotency_record (tenant_id, scope, idem_key, request_hash, state, created_at, updated_at)
                VALUES (?1, ?2, ?3, ?4, 'in_progress', now() - interval '1 minute', now() - interval '1 minute')""")
                .setParameter(1, f.tenant.id()).setParameter(2, "call:" + id).setParameter(3, key)
                .setParameter(4, hash).executeUpdate());
        String placed = f.tenant.request().body(body).post("/v1/users/" + id + "/calls").then().statusCode(201)
                .extract().path("activity");

        f.tenant.request().header("Idempotency-Key", key).body(body).post("/v1/users/" + id + "/calls")
                .then().statusCode(201).header("Idempotent-Replayed", "true").body("activity", equalTo(placed));
        assertThat(dials(f)).isEqualTo(1);
        assertThat(state(f.tenant.id(), "call:" + id, key)).isEqualTo("done");

        // The same call is never credited to a second abandoned key.
        String other = UUID.randomUUID().toString();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                INSERT INTO idempotency_record (tenant_id, scope, idem_key, request_hash, state, created_at, updated_at)
                VALUES (?1, ?2, ?3, ?4, 'in_progress', now() - interval '2 minutes', now() - interval '2 minutes')""")
                .setParameter(1, f.tenant.id()).setParameter(2, "call:" + id).setParameter(3, other)
                .setParameter(4, hash).executeUpdate());
        f.tenant.request().header("Idempotency-Key", other).body(body).post("/v1/users/" + id + "/calls")
                .then().statusCode(409).body("code", equalTo("idempotency_outcome_unknown"));
        assertThat(dials(f)).isEqualTo(1);
    }

    @Test
    void shouldAnswerARetriedDialForAnotherLoginWithTheCallPlacedForThatLogin() {
        PbxFixture f = PbxFixture.create();
        String bossId = bossOverLoggedInAgent(f);
        f.pbx.fault(Map.of("endpoint", "activities", "drop", true, "afterAction", true, "count", 1));
        String key = UUID.randomUUID().toString();
        Map<String, String> body = Map.of("number", "777000555", "queue", "2000", "forLogin", "agent");

        f.tenant.request().header("Idempotency-Key", key).body(body).post("/v1/users/" + bossId + "/calls")
                .then().statusCode(502).body("code", equalTo("pbx_unavailable"));
        String retried = f.tenant.request().header("Idempotency-Key", key).body(body).post("/v1/users/" + bossId + "/calls")
                .then().statusCode(201).header("Idempotent-Replayed", "true").extract().path("activity");

        assertThat(dials(f)).as("the PBX was asked to dial once").isEqualTo(1);
        assertThat(f.pbx.state().path("users").findValues("activities").toString()).contains(retried);
    }

    @Test
    void shouldAnswer409WhenADialForAnotherLoginWasLostAndThePbxShowsNoCallForThatLogin() {
        PbxFixture f = PbxFixture.create();
        String bossId = bossOverLoggedInAgent(f);
        f.tenant.request().put("/v1/users/" + bossId + "/queues/2000").then().statusCode(200);
        f.pbx.clearJournal();
        f.pbx.fault(Map.of("endpoint", "activities", "drop", true, "count", 1));
        String key = UUID.randomUUID().toString();
        Map<String, String> body = Map.of("number", "777000666", "queue", "2000", "forLogin", "agent");

        f.tenant.request().header("Idempotency-Key", key).body(body).post("/v1/users/" + bossId + "/calls").then().statusCode(502);
        // The boss's own call to the same number, in the same queue, after the claim: not the call asked for.
        f.tenant.request().body(Map.of("number", "777000666", "queue", "2000")).post("/v1/users/" + bossId + "/calls")
                .then().statusCode(201);
        f.tenant.request().header("Idempotency-Key", key).body(body).post("/v1/users/" + bossId + "/calls")
                .then().statusCode(409).contentType("application/problem+json")
                .body("code", equalTo("idempotency_outcome_unknown"));

        assertThat(dials(f)).as("the dropped dial and the boss's own; the retry dialled nothing").isEqualTo(2);
    }

    @Test
    void shouldNeverDialAgainForAnotherLoginAfterATimeOutOnceThePbxShowsTheCall() {
        PbxFixture f = PbxFixture.create();
        String bossId = bossOverLoggedInAgent(f);
        // The PBX acts after the gateway's read time-out (2 s in tests) has given up on it.
        f.pbx.fault(Map.of("endpoint", "activities", "latencyMs", 3000, "count", 1));
        String key = UUID.randomUUID().toString();
        Map<String, String> body = Map.of("number", "777000777", "queue", "2000", "forLogin", "agent");

        f.tenant.request().header("Idempotency-Key", key).body(body).post("/v1/users/" + bossId + "/calls")
                .then().statusCode(504).body("code", equalTo("pbx_timeout"));
        // Until the PBX shows the call a retry answers 409 idempotency_outcome_unknown, and dials nothing.
        String[] placed = new String[1];
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).until(() -> {
            io.restassured.response.Response retry = f.tenant.request().header("Idempotency-Key", key).body(body)
                    .post("/v1/users/" + bossId + "/calls");
            if (retry.statusCode() == 409) {
                assertThat(retry.jsonPath().getString("code")).isEqualTo("idempotency_outcome_unknown");
                return false;
            }
            assertThat(retry.statusCode()).isEqualTo(201);
            placed[0] = retry.jsonPath().getString("activity");
            return true;
        });

        assertThat(dials(f)).isEqualTo(1);
        assertThat(f.pbx.state().path("users").findValues("activities").toString()).contains(placed[0]);
    }

    /** The fixture's boss (rights over agent) registered, and agent logged in to the out queue 2000. */
    private static String bossOverLoggedInAgent(PbxFixture f) {
        String agentId = f.registerAgent();
        f.tenant.request().put("/v1/users/" + agentId + "/queues/2000").then().statusCode(200);
        String bossToken = "tok-boss-lost-" + UUID.randomUUID();
        f.pbx.addUser("bosslost", "pw", bossToken, java.util.List.of("agent"));
        String bossId = f.tenant.request().body(Map.of("pbxHostId", f.hostId, "login", "bosslost", "accessToken", bossToken,
                "monitored", false)).post("/v1/users").then().statusCode(201).extract().path("id");
        f.pbx.clearJournal();
        return bossId;
    }

    private static String loggedInAgent(PbxFixture f) {
        String id = f.registerAgent();
        f.tenant.request().put("/v1/users/" + id + "/queues/2000").then().statusCode(200);
        f.pbx.clearJournal();
        return id;
    }

    private static long dials(PbxFixture f) {
        return f.pbx.journal().stream()
                .filter(e -> e.path("method").asText().equals("POST") && e.path("path").asText().contains("activities"))
                .count();
    }

    private String state(String tenantId, String scope, String key) {
        return QuarkusTransaction.requiringNew().call(() -> {
            java.util.List<?> rows = em.createNativeQuery(
                    "SELECT state FROM idempotency_record WHERE tenant_id = ?1 AND scope = ?2 AND idem_key = ?3")
                    .setParameter(1, tenantId).setParameter(2, scope).setParameter(3, key).getResultList();
            return rows.isEmpty() ? null : (String) rows.get(0);
        });
    }
}
