package io.dialgate.gateway.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.startsWith;

import io.dialgate.gateway.EmbeddedPostgresResource;
import io.dialgate.gateway.SimulatorResource;
import io.dialgate.gateway.support.PbxFixture;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(SimulatorResource.class)
class PbxUserResourceTest {

    @Test
    void shouldRegisterAUserWithATokenCheckedByWhoAmI() {
        PbxFixture f = PbxFixture.create();
        f.tenant.request().body(Map.of("pbxHostId", f.hostId, "login", "agent", "accessToken", f.agentToken))
                .post("/v1/users").then().statusCode(201)
                .body("id", startsWith("usr_")).body("login", equalTo("agent")).body("pbxHostId", equalTo(f.hostId))
                .body("monitored", equalTo(true)).body("tokenStatus", equalTo("valid"))
                .body("$", not(hasKey("accessToken")));
        assertThat(f.pbx.journal().stream().anyMatch(e -> e.path("path").asText().endsWith("whoim.json"))).isTrue();
    }

    @Test
    void shouldExchangeAPasswordForATokenAndNeverStoreIt() {
        PbxFixture f = PbxFixture.create();
        f.tenant.request().body(Map.of("pbxHostId", f.hostId, "login", "agent", "password", "agent-pw"))
                .post("/v1/users").then().statusCode(201).body("tokenStatus", equalTo("valid"));
        f.tenant.request().body(Map.of("pbxHostId", f.hostId, "login", "boss", "password", "wrong"))
                .post("/v1/users").then().statusCode(422).contentType("application/problem+json")
                .body("code", equalTo("login_failed"));
    }

    @Test
    void shouldRefuseABadTokenWithAClear422() {
        PbxFixture f = PbxFixture.create();
        f.tenant.request().body(Map.of("pbxHostId", f.hostId, "login", "agent", "accessToken", "not-a-token"))
                .post("/v1/users").then().statusCode(422).body("code", equalTo("token_rejected"))
                .body("detail", startsWith("The PBX at"));
    }

    @Test
    void shouldRefuseAnotherUsersToken() {
        PbxFixture f = PbxFixture.create();
        f.tenant.request().body(Map.of("pbxHostId", f.hostId, "login", "boss", "accessToken", f.agentToken))
                .post("/v1/users").then().statusCode(422).body("code", equalTo("login_mismatch"));
    }

    @Test
    void shouldRegisterALoginOnceWhenTwoRegistrationsRace() {
        PbxFixture f = PbxFixture.create();
        // Both pass the first duplicate check while the PBX checks their tokens; the database decides.
        java.util.List<CompletableFuture<Integer>> racing = java.util.stream.IntStream.range(0, 4)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> f.tenant.request()
                        .body(Map.of("pbxHostId", f.hostId, "login", "agent", "accessToken", f.agentToken))
                        .post("/v1/users").then().extract().statusCode()))
                .toList();
        assertThat(racing.stream().map(CompletableFuture::join)).containsOnly(201, 409).containsOnlyOnce(201);
        f.tenant.request().get("/v1/users").then().statusCode(200).body("data", hasSize(1));
    }

    @Test
    void shouldValidateRegistrations() {
        PbxFixture f = PbxFixture.create();
        f.tenant.request().body(Map.of("pbxHostId", f.hostId, "login", "agent"))
                .post("/v1/users").then().statusCode(400).body("errors.field", hasItems("accessToken", "password"));
        f.tenant.request().body(Map.of("pbxHostId", f.hostId, "login", "agent", "accessToken", "a", "password", "b"))
                .post("/v1/users").then().statusCode(400);
        f.tenant.request().body(Map.of("pbxHostId", "pbx_nope", "login", "agent", "accessToken", "x"))
                .post("/v1/users").then().statusCode(404);
        f.tenant.request().body(Map.of("pbxHostId", f.hostId, "login", "agent", "accessToken", f.agentToken, "monitored", "yes"))
                .post("/v1/users").then().statusCode(400).body("errors[0].field", equalTo("monitored"));
        f.registerAgent();
        f.tenant.request().body(Map.of("pbxHostId", f.hostId, "login", "agent", "accessToken", f.agentToken))
                .post("/v1/users").then().statusCode(409).body("code", equalTo("duplicate_user"));
    }

    @Test
    void shouldListPatchAndDeleteUsers() {
        PbxFixture f = PbxFixture.create();
        String id = f.registerAgent();
        f.tenant.request().get("/v1/users").then().statusCode(200).body("data", hasSize(1)).body("data[0].id", equalTo(id));
        f.tenant.request().body(Map.of("monitored", true)).patch("/v1/users/" + id).then().statusCode(200)
                .body("monitored", equalTo(true));
        f.pbx.setToken("agent", "rotated-token");
        f.tenant.request().body(Map.of("accessToken", "rotated-token")).patch("/v1/users/" + id).then().statusCode(200)
                .body("tokenStatus", equalTo("valid"));
        f.tenant.request().body(Map.of("accessToken", "stale")).patch("/v1/users/" + id).then().statusCode(422);
        f.tenant.request().delete("/v1/users/" + id).then().statusCode(204);
        f.tenant.request().get("/v1/users/" + id).then().statusCode(404);
    }

    @Inject
    PbxUserService users;

    @Inject
    TokenInvalidation tokens;

    @Test
    void shouldReplaceATokenThatThePollLoopMarksInvalidMeanwhile() throws Exception {
        PbxFixture f = PbxFixture.create();
        String id = f.registerAgent();
        long version = users.get(f.tenant.id(), id).version;
        f.pbx.setToken("agent", "replacement");
        f.pbx.fault(Map.of("endpoint", "whoim", "latencyMs", 1500, "count", 1)); // the token check takes a while
        CompletableFuture<io.restassured.response.Response> patch = CompletableFuture.supplyAsync(
                () -> f.tenant.request().body(Map.of("accessToken", "replacement")).patch("/v1/users/" + id));
        // The PATCH has read the user and its token check is being held by the PBX once the fault is used.
        await().atMost(Duration.ofSeconds(5)).until(() -> f.pbx.faults().get(0).path("remaining").asInt() == 0);
        // Meanwhile the poll loop's 401 for the old token marks the user invalid (a new row version).
        assertThat(tokens.markInvalid(f.tenant.id(), id, version, "polling")).isTrue();

        patch.get().then().statusCode(200).body("tokenStatus", equalTo("valid"));
        f.tenant.request().get("/v1/users/" + id).then().body("tokenStatus", equalTo("valid"));
    }

    @Test
    void shouldAnswerTheSame502WhateverListensAtABaseUrlThatIsNotDaktela() {
        PbxFixture f = PbxFixture.create();
        java.util.List<String> details = new java.util.ArrayList<>();
        // A closed port, and a port where another HTTP server (the gateway itself) answers 404.
        for (String url : java.util.List.of("http://127.0.0.1:1", "http://127.0.0.1:" + io.restassured.RestAssured.port + "/nothing")) {
            String hostId = f.tenant.request().body(Map.of("name", "h" + details.size(), "baseUrl", url)).post("/v1/pbx-hosts")
                    .then().statusCode(201).extract().path("id");
            String detail = f.tenant.request().body(Map.of("pbxHostId", hostId, "login", "agent", "accessToken", "x"))
                    .post("/v1/users").then().statusCode(502).body("code", equalTo("pbx_unavailable")).extract().path("detail");
            details.add(detail.replace(url, "URL"));
        }
        org.assertj.core.api.Assertions.assertThat(details.get(0)).isEqualTo(details.get(1))
                .contains("did not answer the token check as a Daktela PBX does");
    }

    @Test
    void shouldRefuseTokensAndLoginsWithControlCharactersBeforeAnyUseAndNeverLogThem() throws Exception {
        PbxFixture f = PbxFixture.create();
        java.nio.file.Path log = java.nio.file.Path.of("target/quarkus-test.log");
        long before = java.nio.file.Files.exists(log) ? java.nio.file.Files.size(log) : 0;
        String secretPart = "s3cret-" + java.util.UUID.randomUUID();
        for (String token : java.util.List.of(secretPart + "\r\nX-Forged: 1", secretPart + "\u0000", secretPart + " tail")) {
            f.tenant.request().body(Map.of("pbxHostId", f.hostId, "login", "agent", "accessToken", token)).post("/v1/users")
                    .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("accessToken"))
                    .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(secretPart)));
        }
        String id = f.registerAgent();
        f.tenant.request().body(Map.of("accessToken", secretPart + "\n")).patch("/v1/users/" + id).then().statusCode(400)
                .body("errors[0].field", equalTo("accessToken"));
        f.tenant.request().body(Map.of("pbxHostId", f.hostId, "login", "agent\nINFO forged line", "accessToken", f.agentToken))
                .post("/v1/users").then().statusCode(400).body("errors[0].field", equalTo("login"));
        byte[] all = java.nio.file.Files.readAllBytes(log);
        String since = new String(all, (int) Math.min(before, all.length), (int) Math.max(0, all.length - before),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(since).doesNotContain(secretPart);
    }
}
