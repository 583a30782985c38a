package io.dialgate.gateway.operator;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.dialgate.gateway.EmbeddedPostgresResource;
import io.dialgate.gateway.SimulatorResource;
import io.dialgate.gateway.support.Api;
import io.dialgate.gateway.support.PbxFixture;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operator's read views of a tenant and of the replicas. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(SimulatorResource.class)
class AdminTenantViewResourceTest {

    @Test
    void shouldShowTenantsUsersEndpointsKeysAndCounts() {
        PbxFixture f = PbxFixture.create();
        String user = f.registerAgent();
        String hook = f.tenant.request().body(Map.of("url", "http://127.0.0.1:9/hook", "description", "CRM"))
                .post("/v1/webhooks").then().statusCode(201).extract().path("id");
        String tenantId = f.tenant.id();

        Api.operator().get("/admin/tenants/" + tenantId + "/users").then().statusCode(200)
                .body("data", hasSize(1)).body("data[0].id", equalTo(user)).body("data[0].login", equalTo("agent"))
                .body("data[0].pollStatus", equalTo("not_monitored")).body("data[0].accessToken", nullValue());
        Api.operator().get("/admin/tenants/" + tenantId + "/webhooks").then().statusCode(200)
                .body("data", hasSize(1)).body("data[0].id", equalTo(hook)).body("data[0].secret", nullValue());
        Api.operator().get("/admin/tenants/" + tenantId + "/counts").then().statusCode(200)
                .body("users", equalTo(1)).body("invalidTokens", equalTo(0)).body("webhooks", equalTo(1))
                .body("disabledWebhooks", equalTo(0)).body("failingDeliveries", equalTo(0)).body("activeApiKeys", equalTo(1));

        String second = Api.operator().post("/admin/tenants/" + tenantId + "/api-keys").then().statusCode(201).extract().path("id");
        Api.operator().get("/admin/tenants/" + tenantId + "/api-keys").then().statusCode(200)
                .body("", hasSize(2)).body("[0].id", equalTo(second)).body("[0].hint", notNullValue())
                .body("[0].apiKey", nullValue()).body("[0].revokedAt", nullValue());
        Api.operator().delete("/admin/tenants/" + tenantId + "/api-keys/" + second).then().statusCode(204);
        Api.operator().get("/admin/tenants/" + tenantId + "/api-keys").then().body("[0].revokedAt", notNullValue());
        Api.operator().get("/admin/tenants/" + tenantId + "/counts").then().body("activeApiKeys", equalTo(1));
    }

    @Test
    void shouldAnswer404ForUnknownTenantAnd401ForTenantKeys() {
        for (String view : new String[] {"users", "webhooks", "counts", "api-keys"}) {
            Api.operator().get("/admin/tenants/ten_00000000000000000000000000/" + view).then().statusCode(404)
                    .body("code", equalTo("not_found"));
        }
        Api.TestTenant tenant = Api.newTenant();
        tenant.request().get("/admin/tenants/" + tenant.id() + "/users").then().statusCode(401);
        tenant.request().get("/admin/replicas").then().statusCode(401);
    }

    @Test
    void shouldListReplicasWithTheLeasesTheyHold() {
        PbxFixture f = PbxFixture.create();
        f.tenant.request().body(Map.of("pbxHostId", f.hostId, "login", "agent", "accessToken", f.agentToken))
                .post("/v1/users").then().statusCode(201);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() ->
                Api.operator().get("/admin/replicas").then().statusCode(200).extract()
                        .<Integer>path("polling.find { it.leasesByTenant['" + f.tenant.id() + "'] != null }.leasesByTenant['"
                                + f.tenant.id() + "']") != null);
        Api.operator().get("/admin/replicas").then().statusCode(200).body("at", notNullValue())
                .body("polling", not(hasSize(0))).body("polling[0].heartbeatAt", notNullValue())
                .body("dispatching.replicaId", not(hasItem(nullValue())));
    }
}
