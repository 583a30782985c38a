package io.dialgate.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialgate.gateway.EmbeddedPostgresResource;
import io.dialgate.gateway.SimulatorResource;
import io.dialgate.gateway.support.PbxFixture;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Every /v1 endpoint called by tenant B with tenant A's ids answers 404 and shows nothing of A. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(SimulatorResource.class)
class TenantIsolationTest {

    @Test
    void shouldReturn404ForEveryOtherTenantsObject() {
        PbxFixture a = PbxFixture.create();
        PbxFixture b = PbxFixture.create();
        String userA = a.registerAgent();
        String hookA = a.tenant.request().body(Map.of("userId", userA, "description", "A's secret hook"))
                .post("/v1/action-hooks").then().statusCode(201).extract().path("id");
        var asB = b.tenant;
        List<Function<Void, Response>> calls = List.of(
                v -> asB.request().get("/v1/pbx-hosts/" + a.hostId),
                v -> asB.request().delete("/v1/pbx-hosts/" + a.hostId),
                v -> asB.request().get("/v1/users/" + userA),
                v -> asB.request().body(Map.of("monitored", false)).patch("/v1/users/" + userA),
                v -> asB.request().delete("/v1/users/" + userA),
                v -> asB.request().put("/v1/users/" + userA + "/queues/2000"),
                v -> asB.request().delete("/v1/users/" + userA + "/queues/2000"),
                v -> asB.request().body(Map.of("pause", "lunch")).put("/v1/users/" + userA + "/pause"),
                v -> asB.request().delete("/v1/users/" + userA + "/pause"),
                v -> asB.request().body(Map.of("number", "123", "queue", "2000")).post("/v1/users/" + userA + "/calls"),
                v -> asB.request().get("/v1/users/" + userA + "/state"),
                v -> asB.request().get("/v1/action-hooks/" + hookA),
                v -> asB.request().delete("/v1/action-hooks/" + hookA),
                v -> asB.request().body(Map.of("userId", userA)).post("/v1/action-hooks"),
                v -> asB.request().body(Map.of("pbxHostId", a.hostId, "login", "agent", "accessToken", a.agentToken)).post("/v1/users"));
        for (Function<Void, Response> call : calls) {
            Response response = call.apply(null);
            assertThat(response.statusCode()).as(response.asString()).isEqualTo(404);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.asString()).doesNotContain(a.pbx.pbxUrl()).doesNotContain("A's secret hook")
                    .doesNotContain(a.tenant.id()).doesNotContain(a.agentToken);
        }
        String listing = asB.request().get("/v1/users").asString() + asB.request().get("/v1/pbx-hosts").asString()
                + asB.request().get("/v1/action-hooks").asString();
        assertThat(listing).doesNotContain(userA).doesNotContain(a.hostId).doesNotContain(hookA);
        // A still has everything: B's attempts changed nothing.
        a.tenant.request().get("/v1/users/" + userA).then().statusCode(200);
        a.tenant.request().get("/v1/action-hooks/" + hookA).then().statusCode(200);
    }
}
